/**
 * Every hour: continue the resumable scan within the installation's points budget, by enqueueing the next
 * scan-page jobs from the stored cursor. Full coverage of a large site spreads over hours by design.
 */
import { operationLogger } from '../wiring';
import { NotImplementedInThisBuildError } from './errors';
import { parseScheduledInvocation } from './scheduled.schema';

export const scan = (event: unknown, context: unknown): Promise<void> => {
  const invocation = parseScheduledInvocation(event, context);
  if (!invocation.ok) {
    operationLogger('scan').error('scheduled invocation rejected', {
      firstPath: invocation.error.issues?.[0]?.path ?? null,
    });
    return Promise.resolve();
  }
  return Promise.reject(new NotImplementedInThisBuildError('budgeted scan continuation', 'issue 5'));
};
