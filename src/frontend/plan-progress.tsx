/**
 * After apply: what really happened (applied, partly applied, failed), how many steps ran, each step's
 * outcome, why the plan stopped, and Undo for the changes the resolver says are still undoable.
 */
import React from 'react';
import { Button, Inline, Lozenge, ProgressBar, Spinner, Stack, Text } from '@forge/react';
import { ErrorNotice } from './error-notice';
import { APPLY_STATUS_LABEL, STEP_LABEL, describeAction } from './labels';
import type { ApplyResult, AuditEntry, PlannedAction } from './types';
import { useNames } from './names-context';
import type { PlanHook } from './use-plan';

const StepRow = ({
  plan,
  step,
  action,
  entry,
}: {
  readonly plan: PlanHook;
  readonly step: ApplyResult['steps'][number];
  readonly action: PlannedAction | undefined;
  readonly entry: AuditEntry | undefined;
}): React.JSX.Element => {
  const names = useNames();
  const label = entry?.undoneBy ? { text: 'Undone', appearance: 'moved' as const } : STEP_LABEL[step.outcome];
  return (
    <Inline space="space.100" alignBlock="center">
      <Lozenge appearance={label.appearance}>{label.text}</Lozenge>
      <Text>
        {(action ? describeAction(action.action, names) : step.actionKey) +
          (step.errorCode ? ` (${step.errorCode})` : '')}
      </Text>
      {entry?.undoable === true && (
        <Button
          appearance="subtle"
          isDisabled={plan.undo.status === 'loading'}
          onClick={() => plan.undoEntry(entry.id)}
        >
          Undo
        </Button>
      )}
    </Inline>
  );
};

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
  const actions = plan.preview.status === 'ready' ? plan.preview.data.actions : [];
  const ran = result.steps.filter((s) => s.outcome === 'applied' || s.outcome === 'already-in-place').length;
  const status = APPLY_STATUS_LABEL[result.status];
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center">
        <Lozenge appearance={status.appearance}>{status.text}</Lozenge>
        <Text>{`${ran} of ${result.actionCount} actions done.`}</Text>
      </Inline>
      <ProgressBar
        ariaLabel="Plan progress"
        appearance={result.status === 'applied' ? 'success' : 'default'}
        value={result.actionCount > 0 ? ran / result.actionCount : 1}
      />
      {result.error && (
        <ErrorNotice title="A step failed, so the steps after it were not attempted" error={result.error} />
      )}
      {plan.undo.status === 'error' && <ErrorNotice title="The undo failed" error={plan.undo.error} />}
      {result.steps.map((step) => (
        <StepRow
          key={step.actionKey}
          plan={plan}
          step={step}
          action={actions.find((a) => a.key === step.actionKey)}
          entry={entries.find((e) => step.auditId !== null && e.id === step.auditId)}
        />
      ))}
      {progress.status === 'loading' && <Spinner label="Checking what can be undone" />}
      {progress.status === 'error' && (
        <ErrorNotice
          title="The audit entries could not be read"
          error={progress.error}
          onRetry={plan.refreshProgress}
        />
      )}
      <Button onClick={plan.refreshProgress}>Refresh progress</Button>
    </Stack>
  );
};
