/**
 * Every five minutes: cheap change detection (list totals with page size 1), then a deduplicated follow-up
 * job only where a total changed. Catches guest invitations and portal-only customers that raise no event.
 */
import { watchTick } from '../core/use-cases';
import { appServices, operationLogger, type Services } from '../wiring';
import { outcomeOfError, outcomeOfFault, type JobOutcome } from './job-outcome';
import { parseScheduledInvocation } from './scheduled.schema';

export const handleWatch = async (
  event: unknown,
  context: unknown,
  servicesFor: (cloudId: string) => Services = appServices,
): Promise<JobOutcome> => {
  const log = operationLogger('watch');
  const invocation = parseScheduledInvocation(event, context);
  if (!invocation.ok) {
    log.error('scheduled invocation rejected', { firstPath: invocation.error.issues?.[0]?.path ?? null });
    return { status: 'dropped', reason: 'invalid invocation' };
  }
  const services = servicesFor(invocation.value.cloudId);
  try {
    const now = services.clock.now();
    const result = await watchTick(services, { now });
    if (!result.ok) return outcomeOfError(result.error, 'watch', now, log);
    log.info('watch tick', {
      sourcesChecked: result.value.sourcesChecked,
      changed: result.value.changed.length,
      baselined: result.value.baselined.length,
      pointsUsed: result.value.pointsUsed,
    });
    return { status: 'done', kind: 'watch' };
  } catch (thrown) {
    return outcomeOfFault(thrown, 'watch', log);
  }
};

/** Scheduled triggers are not retried by Forge: the outcome is logged, the next tick tries again. */
export const watch = async (event: unknown, context: unknown): Promise<void> => {
  await handleWatch(event, context);
};
