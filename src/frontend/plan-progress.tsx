/** After apply: what was queued, progress as the plan's audit entries arrive, and undo per applied change. */
import React from 'react';
import { Button, Inline, Lozenge, ProgressBar, Spinner, Stack, Text } from '@forge/react';
import { ErrorNotice } from './error-notice';
import { OUTCOME_LABEL, describeAction } from './labels';
import type { ApplyResult } from './types';
import type { PlanHook } from './use-plan';

export const PlanProgress = ({
  plan,
  result,
}: {
  readonly plan: PlanHook;
  readonly result: ApplyResult;
}): React.JSX.Element => {
  if (result.status === 'nothing-to-apply') {
    return <Text>Nothing to apply: every action was skipped or is already in place.</Text>;
  }
  const { progress } = plan;
  const entries = progress.status === 'ready' ? progress.data.items : [];
  const done = entries.filter((e) => e.undoOf === null).length;
  return (
    <Stack space="space.100">
      <Text>{`${result.actionCount} actions queued. They run in the background in small checkpointed chunks.`}</Text>
      <ProgressBar
        ariaLabel="Plan progress"
        value={result.actionCount > 0 ? Math.min(1, done / result.actionCount) : 1}
      />
      <Text>{`${done} of ${result.actionCount} done.`}</Text>
      {progress.status === 'loading' && <Spinner label="Checking progress" />}
      {progress.status === 'error' && (
        <ErrorNotice
          title="Progress could not be read"
          error={progress.error}
          onRetry={plan.refreshProgress}
        />
      )}
      {plan.undo.status === 'error' && <ErrorNotice title="The undo failed" error={plan.undo.error} />}
      {entries.map((entry) => (
        <Inline key={entry.id} space="space.100" alignBlock="center">
          <Lozenge appearance={OUTCOME_LABEL[entry.outcome].appearance}>
            {OUTCOME_LABEL[entry.outcome].text}
          </Lozenge>
          <Text>{describeAction(entry.action)}</Text>
          {entry.outcome === 'applied' && entry.action.type !== 'guidedStep' && (
            <Button
              appearance="subtle"
              isDisabled={plan.undo.status === 'loading'}
              onClick={() => plan.undoEntry(entry.id)}
            >
              Undo
            </Button>
          )}
        </Inline>
      ))}
      <Button onClick={plan.refreshProgress}>Refresh progress</Button>
    </Stack>
  );
};
