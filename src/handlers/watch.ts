/**
 * Every five minutes: cheap change detection (one base point per unchanged list, at most eight lists per
 * tick), then a deduplicated follow-up job only where a list changed. Catches guest invitations and
 * portal-only customers that raise no event.
 */
import { watchTick } from '../core/use-cases';
import { appServices, type Services } from '../wiring';
import { outcomeOfError, type JobOutcome } from './job-outcome';
import { runScheduled, scheduledResponse } from './scheduled-run';
import type { ScheduledResponse } from './scheduled.schema';

export const handleWatch = (
  event: unknown,
  context: unknown,
  servicesFor: (cloudId: string) => Services = appServices,
): Promise<JobOutcome> =>
  runScheduled('watch', event, context, servicesFor, async (services, log) => {
    const now = services.clock.now();
    const result = await watchTick(services, { now });
    if (!result.ok) return outcomeOfError(result.error, 'watch', now, log);
    log.info('watch tick', {
      sourcesChecked: result.value.sourcesChecked,
      sourcesWatched: result.value.sourcesWatched,
      changed: result.value.changed.length,
      baselined: result.value.baselined.length,
      pointsUsed: result.value.pointsUsed,
    });
    return { status: 'done', kind: 'watch' };
  });

/** Scheduled triggers are not retried by Forge: the outcome is logged, the next tick tries again. */
export const watch = async (event: unknown, context: unknown): Promise<ScheduledResponse> =>
  scheduledResponse(await handleWatch(event, context));
