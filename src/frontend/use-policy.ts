/** The site policy (admin page only): load, edit a draft, validate with the contract, save, show errors per field. */
import { useCallback, useState } from 'react';
import { RESOLVER_NAMES } from '../contracts';
import {
  draftOf,
  newLinkId,
  payloadOf,
  serverFieldErrors,
  validateDraft,
  type FieldErrors,
  type LinkDraft,
  type PolicyDraft,
} from './policy-draft';
import { useCall, useCallOnMount } from './use-call';

export const usePolicy = () => {
  const loaded = useCallOnMount(RESOLVER_NAMES.policyGet, {});
  const save = useCall(RESOLVER_NAMES.policySet);
  const [draft, setDraft] = useState<PolicyDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);

  // A new load resets the draft during render, not in an effect (react.dev "You Might Not Need an Effect",
  // "Adjusting some state when a prop changes"; react-hooks/set-state-in-effect).
  const [draftOfState, setDraftOfState] = useState<typeof loaded.state | null>(null);
  if (draftOfState !== loaded.state) {
    setDraftOfState(loaded.state);
    if (loaded.state.status === 'ready') setDraft(draftOf(loaded.state.data));
  }

  const edit = useCallback((change: (d: PolicyDraft) => PolicyDraft) => {
    setDraft((d) => (d === null ? d : change(d)));
    setSaved(false);
  }, []);
  const editLink = useCallback(
    (index: number, patch: Partial<LinkDraft>) =>
      edit((d) => ({ ...d, links: d.links.map((l, i) => (i === index ? { ...l, ...patch } : l)) })),
    [edit],
  );
  const addLink = useCallback(
    () =>
      edit((d) => ({
        ...d,
        links: [
          ...d.links,
          {
            id: newLinkId(d.links),
            deskId: '',
            spaceKeys: '',
            groupIds: '',
            allowedDomains: '',
            customerRole: false,
            linkedGroupAdd: false,
          },
        ],
      })),
    [edit],
  );
  const removeLink = useCallback(
    (index: number) => edit((d) => ({ ...d, links: d.links.filter((_, i) => i !== index) })),
    [edit],
  );

  const { run: runSave } = save;
  const submit = useCallback(() => {
    if (draft === null) return;
    const local = validateDraft(draft);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    void runSave(payloadOf(draft)).then((envelope) => {
      if (envelope.ok) {
        setDraft(draftOf(envelope.data));
        setSaved(true);
      } else {
        setErrors(serverFieldErrors(envelope.error));
      }
    });
  }, [draft, runSave]);

  const policy =
    save.state.status === 'ready'
      ? save.state.data
      : loaded.state.status === 'ready'
        ? loaded.state.data
        : null;
  return {
    loaded: loaded.state,
    reload: loaded.reload,
    policy,
    draft,
    errors,
    saved,
    save: save.state,
    edit,
    editLink,
    addLink,
    removeLink,
    submit,
  };
};
