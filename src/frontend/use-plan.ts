/**
 * Plan preview → apply → result → undo, and "Mark done" for guided steps. The resolver builds the plan and
 * decides what is safe and what this admin may apply themselves; the hook only carries the admin's choices
 * (the review actions they ticked, the blast-radius confirmation) to plan/apply, always leaving out the
 * actions the preview marked `viewerCannotApply` (plan/apply would refuse them). Review actions (removals)
 * start unticked: the spec wants each one approved explicitly (issue 15 case 7), so one click on Apply never
 * removes anyone. The answer says what happened to each
 * step; the plan's audit entries (audit/list by planId) then say which applied changes can still be undone.
 */
import { useCallback, useMemo, useState } from 'react';
import { RESOLVER_NAMES } from '../contracts';
import { useCall } from './use-call';

export const PROGRESS_PAGE_SIZE = 100;

export const usePlan = () => {
  const preview = useCall(RESOLVER_NAMES.planPreview);
  const apply = useCall(RESOLVER_NAMES.planApply);
  const progress = useCall(RESOLVER_NAMES.auditList);
  const undo = useCall(RESOLVER_NAMES.auditUndo);
  const confirmStep = useCall(RESOLVER_NAMES.planConfirmStep);
  /** Review actions the admin ticked (explicit approval); every other review action is left out. */
  const [approved, setApproved] = useState<ReadonlySet<string>>(new Set());
  const [confirmed, setConfirmed] = useState(false);
  /** Guided steps marked done, by action key → when the resolver recorded it. */
  const [done, setDone] = useState<ReadonlyMap<string, number>>(new Map());
  const [marking, setMarking] = useState<string | null>(null);

  const resetAll = useCallback(() => {
    preview.reset();
    apply.reset();
    progress.reset();
    undo.reset();
    confirmStep.reset();
    setApproved(new Set());
    setConfirmed(false);
    setDone(new Map());
    setMarking(null);
  }, [preview, apply, progress, undo, confirmStep]);

  const open = useCallback(
    (findingIds: readonly string[]) => {
      resetAll();
      void preview.run({ findingIds: [...findingIds] });
    },
    [resetAll, preview],
  );

  const toggleApproval = useCallback((key: string) => {
    setApproved((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  const planId = preview.state.status === 'ready' ? preview.state.data.id : null;
  const previewed = preview.state.status === 'ready' ? preview.state.data : null;
  /** Live actions this admin cannot apply themselves (no Apply for them; always left out of the apply). */
  const blocked = useMemo(
    () => (previewed?.actions ?? []).filter((a) => a.viewerCannotApply !== null).map((a) => a.key),
    [previewed],
  );
  /** Change actions this admin may apply: without any, the preview offers no Apply (guided steps: Mark done). */
  const own = useMemo(
    () =>
      (previewed?.actions ?? []).filter(
        (a) => a.action.type !== 'guidedStep' && a.skipped === null && a.viewerCannotApply === null,
      ),
    [previewed],
  );
  const applicable = own.length;
  /** Review actions of the admin's own: applied only once ticked. */
  const review = useMemo(() => own.filter((a) => a.safety === 'review').map((a) => a.key), [own]);
  const isIncluded = useCallback(
    (key: string) => !review.includes(key) || approved.has(key),
    [review, approved],
  );
  /** Change actions Apply would make now: Apply is disabled while there are none. */
  const ticked = own.filter((a) => isIncluded(a.key)).length;
  const unticked = useMemo(() => review.filter((key) => !approved.has(key)), [review, approved]);

  const refreshProgress = useCallback(() => {
    if (planId !== null) void progress.run({ planId, limit: PROGRESS_PAGE_SIZE });
  }, [planId, progress]);

  const applyPlan = useCallback(() => {
    if (planId === null) return;
    const skipActionKeys = [...new Set([...unticked, ...blocked])];
    void apply.run({ planId, confirm: confirmed, skipActionKeys }).then((envelope) => {
      if (envelope.ok && envelope.data.status !== 'nothing-to-apply') {
        void progress.run({ planId, limit: PROGRESS_PAGE_SIZE });
      }
    });
  }, [planId, apply, confirmed, unticked, blocked, progress]);

  const undoEntry = useCallback(
    (auditId: string) => {
      void undo.run({ auditId }).then((envelope) => {
        if (envelope.ok && planId !== null) void progress.run({ planId, limit: PROGRESS_PAGE_SIZE });
      });
    },
    [undo, planId, progress],
  );

  const { run: runConfirm } = confirmStep;
  const markDone = useCallback(
    (actionKey: string) => {
      if (planId === null) return;
      setMarking(actionKey);
      void runConfirm({ planId, actionKey }).then((envelope) => {
        setMarking(null);
        if (envelope.ok) {
          setDone((current) => new Map(current).set(envelope.data.actionKey, envelope.data.confirmedAt));
        }
      });
    },
    [planId, runConfirm],
  );

  return {
    isOpen: preview.state.status !== 'idle',
    preview: preview.state,
    apply: apply.state,
    progress: progress.state,
    undo: undo.state,
    confirmStep: confirmStep.state,
    done,
    marking,
    isIncluded,
    blocked,
    applicable,
    ticked,
    confirmed,
    open,
    close: resetAll,
    toggleApproval,
    setConfirmed,
    applyPlan,
    refreshProgress,
    undoEntry,
    markDone,
  };
};

export type PlanHook = ReturnType<typeof usePlan>;
