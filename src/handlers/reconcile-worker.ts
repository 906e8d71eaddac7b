/**
 * Consumer of the `reconcile` queue (the only function allowed 900 s). Every delivery is parsed first: a
 * body no schema accepts is a poison message, logged and dropped rather than retried for 24 hours.
 */
import { operationLogger, RECONCILE_QUEUE_KEY, type Logger } from '../wiring';
import { NotImplementedInThisBuildError } from './errors';
import type { JobBody } from './jobs.schema';
import { parseInput } from './parse';
import { ReconcileAsyncEventSchema } from './reconcile-worker.schema';

export type WorkerOutcome = { readonly status: 'dropped'; readonly reason: string };

const run = (body: JobBody): Promise<never> => {
  switch (body.kind) {
    case 'reconcile-person':
      throw new NotImplementedInThisBuildError('reconcile-person job', 'issue 5');
    case 'refresh-space':
      throw new NotImplementedInThisBuildError('refresh-space job', 'issue 5');
    case 'scan-page':
      throw new NotImplementedInThisBuildError('scan-page job', 'issue 5');
    case 'apply-plan':
      throw new NotImplementedInThisBuildError('apply-plan job', 'issue 5');
  }
};

export const handleReconcileJob = async (event: unknown, log: Logger): Promise<WorkerOutcome> => {
  const parsed = parseInput(ReconcileAsyncEventSchema, event, 'reconcile queue event');
  if (!parsed.ok) {
    log.error('poison message dropped', {
      issues: parsed.error.issues?.length ?? 0,
      firstPath: parsed.error.issues?.[0]?.path ?? null,
    });
    return { status: 'dropped', reason: 'invalid event' };
  }
  if (parsed.value.queueName !== RECONCILE_QUEUE_KEY) {
    log.error('event from an unexpected queue dropped', { queueName: parsed.value.queueName });
    return { status: 'dropped', reason: 'unexpected queue' };
  }
  return run(parsed.value.body);
};

export const reconcileWorker = (event: unknown): Promise<WorkerOutcome> =>
  handleReconcileJob(event, operationLogger('reconcile-worker'));
