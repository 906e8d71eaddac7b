/**
 * Every five minutes: cheap change detection (list totals with page size 1), then targeted reconcile jobs
 * only where something changed. Catches guest invitations and portal-only customers that raise no event.
 */
import { operationLogger } from '../wiring';
import { NotImplementedInThisBuildError } from './errors';
import { parseScheduledInvocation } from './scheduled.schema';

export const watch = (event: unknown, context: unknown): Promise<void> => {
  const invocation = parseScheduledInvocation(event, context);
  if (!invocation.ok) {
    operationLogger('watch').error('scheduled invocation rejected', {
      firstPath: invocation.error.issues?.[0]?.path ?? null,
    });
    return Promise.resolve();
  }
  return Promise.reject(new NotImplementedInThisBuildError('watch change detection', 'issue 5'));
};
