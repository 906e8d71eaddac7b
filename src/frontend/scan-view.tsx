/**
 * Scan status and controls: sources done, points used against the hourly budget, scan now / resume, and
 * "Restart scan" while one runs (scan/start `restart`: the running scan is replaced by a new one from the
 * first source).
 */
import React from 'react';
import { Button, Heading, Inline, Lozenge, ProgressBar, Stack, Text } from '@forge/react';
import { ErrorNotice } from './error-notice';
import { formatTime, type LozengeAppearance } from './labels';
import type { ScanStatus } from './types';
import { useScan } from './use-scan';

const STATE_LABEL: Readonly<Record<ScanStatus['state'], { text: string; appearance: LozengeAppearance }>> = {
  idle: { text: 'Not running', appearance: 'default' },
  running: { text: 'Running', appearance: 'inprogress' },
  'waiting-for-budget': { text: 'Waiting for budget', appearance: 'moved' },
  completed: { text: 'Completed', appearance: 'success' },
  failed: { text: 'Failed', appearance: 'removed' },
};

const ratio = (done: number, total: number): number => (total > 0 ? Math.min(1, done / total) : 0);

export const ScanView = ({
  initial,
  onCompleted,
}: {
  readonly initial: ScanStatus;
  readonly onCompleted?: () => void;
}): React.JSX.Element => {
  const scan = useScan(initial);
  const { status } = scan;
  const state = STATE_LABEL[status.state];
  const running = status.state === 'running' || status.state === 'waiting-for-budget';
  return (
    <Stack space="space.150">
      <Inline space="space.100" alignBlock="center">
        <Heading size="small">Scan</Heading>
        <Lozenge appearance={state.appearance}>{state.text}</Lozenge>
      </Inline>
      <Text>{`Sources listed: ${status.sources.done} of ${status.sources.total}. Persons evaluated: ${status.personsEvaluated}.`}</Text>
      <ProgressBar ariaLabel="Scan progress" value={ratio(status.sources.done, status.sources.total)} />
      <Text>
        {`REST points used this hour: ${status.points.usedThisHour} of ${status.points.budgetPerHour}` +
          (status.points.resetsAt === null ? '.' : ` (resets ${formatTime(status.points.resetsAt)}).`)}
      </Text>
      <ProgressBar
        ariaLabel="Points used this hour"
        appearance={status.points.usedThisHour >= status.points.budgetPerHour ? 'default' : 'success'}
        value={ratio(status.points.usedThisHour, status.points.budgetPerHour)}
      />
      {status.state === 'waiting-for-budget' && (
        <Text>The scan pauses until the hourly budget resets, then continues by itself.</Text>
      )}
      <Text>{`Last completed: ${formatTime(status.completedAt)}. Last update: ${formatTime(status.updatedAt)}.`}</Text>
      {scan.error && (
        <ErrorNotice title="The scan request failed" error={scan.error} onRetry={scan.refresh} />
      )}
      <Inline space="space.100">
        <Button appearance="primary" isDisabled={scan.busy || running} onClick={() => scan.start('resume')}>
          {status.state === 'idle' || status.state === 'completed' ? 'Scan now' : 'Resume scan'}
        </Button>
        {running && (
          <Button isDisabled={scan.busy} onClick={() => scan.start('restart')}>
            Restart scan
          </Button>
        )}
        <Button appearance="subtle" isDisabled={scan.busy} onClick={scan.refresh}>
          Refresh status
        </Button>
        {status.state === 'completed' && onCompleted && (
          <Button appearance="subtle" onClick={onCompleted}>
            Show findings
          </Button>
        )}
      </Inline>
    </Stack>
  );
};
