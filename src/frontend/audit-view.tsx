/**
 * Audit tab: who did what, when, before → after, the outcome, and Undo where the resolver says the entry is
 * undoable (an entry that was undone says so instead).
 */
import React from 'react';
import {
  Button,
  DynamicTable,
  EmptyState,
  Inline,
  Lozenge,
  SectionMessage,
  Stack,
  Text,
  User,
} from '@forge/react';
import { ErrorNotice } from './error-notice';
import { OUTCOME_LABEL, describeAction, formatTime } from './labels';
import type { AuditEntry } from './types';
import { useAudit } from './use-audit';
import { useNames } from './names-context';

const HEAD = {
  cells: ['When', 'Who', 'What', 'Before → after', 'Outcome', ''].map((content, i) => ({
    key: `c${i}`,
    content,
  })),
};

const Who = ({ actor }: { readonly actor: AuditEntry['actor'] }): React.JSX.Element => {
  switch (actor.type) {
    case 'user':
      return <User accountId={actor.accountId} />;
    case 'auto':
      return (
        <Inline space="space.050" alignBlock="center">
          <Text>Auto-fix, as</Text>
          <User accountId={actor.onBehalfOf} />
        </Inline>
      );
    case 'app':
      return <Text>The app</Text>;
  }
};

const membership = (state: AuditEntry['before']): string =>
  state === null ? '—' : state.member ? 'member' : 'not a member';

export const AuditView = (): React.JSX.Element => {
  const audit = useAudit();
  const names = useNames();
  const { state } = audit;
  if (state.status === 'error') {
    return (
      <ErrorNotice title="The audit log could not be loaded" error={state.error} onRetry={audit.reload} />
    );
  }
  const items = state.status === 'ready' ? state.data.items : [];
  const rows = items.map((e) => ({
    key: e.id,
    cells: [
      { key: 'c0', content: <Text>{formatTime(e.at)}</Text> },
      { key: 'c1', content: <Who actor={e.actor} /> },
      { key: 'c2', content: <Text>{(e.undoOf ? 'Undo: ' : '') + describeAction(e.action, names)}</Text> },
      {
        key: 'c3',
        content: (
          <Text>
            {e.outcome === 'started'
              ? `${membership(e.before)} → unknown: the app stopped before the site answered (Undo restores the state before)`
              : `${membership(e.before)} → ${membership(e.after)}`}
          </Text>
        ),
      },
      {
        key: 'c4',
        content: (
          <Inline space="space.050" alignBlock="center">
            <Lozenge appearance={OUTCOME_LABEL[e.outcome].appearance}>
              {OUTCOME_LABEL[e.outcome].text + (e.errorCode ? ` (${e.errorCode})` : '')}
            </Lozenge>
            {e.undoneBy !== null && <Lozenge appearance="moved">Undone later</Lozenge>}
          </Inline>
        ),
      },
      {
        key: 'c5',
        content: e.undoable ? (
          <Button isDisabled={audit.undoing !== null} onClick={() => audit.undoEntry(e.id)}>
            Undo
          </Button>
        ) : (
          <Text> </Text>
        ),
      },
    ],
  }));
  return (
    <Stack space="space.200">
      {audit.undo.status === 'error' && <ErrorNotice title="The undo failed" error={audit.undo.error} />}
      {audit.undo.status === 'ready' && (
        <SectionMessage appearance="success" title="Undone">
          <Text>{`The change was reverted (${OUTCOME_LABEL[audit.undo.data.outcome].text}).`}</Text>
        </SectionMessage>
      )}
      <DynamicTable
        caption="Audit log"
        head={HEAD}
        rows={rows}
        isLoading={state.status !== 'ready'}
        emptyView={
          <EmptyState
            header="Nothing applied yet"
            description="Every fix you apply, every automatic fix and every undo is recorded here."
          />
        }
      />
      <Inline space="space.100" alignBlock="center">
        <Button isDisabled={audit.page === 1} onClick={audit.previous}>
          Previous page
        </Button>
        <Text>{`Page ${audit.page}`}</Text>
        <Button isDisabled={!audit.hasNext} onClick={audit.next}>
          Next page
        </Button>
      </Inline>
    </Stack>
  );
};
