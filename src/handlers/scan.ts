/**
 * Every hour: start a full scan when one is due (none yet, or the last finished a week ago: FULL_SCAN_EVERY_MS),
 * then continue the resumable scan within this invocation's time and the installation's points budget; what is
 * left goes to `scan-page` jobs on the queue. Full coverage of a large site spreads over hours by design.
 */
import { startScan } from '../core/use-cases';
import { remainingTimeMs, scanServices, type Services } from '../wiring';
import { outcomeOfError, type JobOutcome } from './job-outcome';
import { runScheduled, scheduledResponse } from './scheduled-run';
import type { ScheduledResponse } from './scheduled.schema';
import { scanTick } from './scan-tick';

/**
 * A finished scan is repeated after this long: a weekly safety net for what neither an event nor the watch
 * reports (customers removed from a desk outside the app, group changes larger than the watch's follow-up).
 * Events and the five-minute watch keep the site current in between; a full pass costs about the lower
 * bound LB, so a daily one would cost more than a naive daily audit (docs/performance.md). "Run scan now"
 * starts one at any time.
 */
export const FULL_SCAN_EVERY_MS = 7 * 24 * 3_600_000;
/** Scheduled functions get 55 s by default. */
const SCHEDULE_LIMIT_MS = 55_000;

export const handleScan = (
  event: unknown,
  context: unknown,
  servicesFor: (cloudId: string) => Services = scanServices,
): Promise<JobOutcome> =>
  runScheduled('scan', event, context, servicesFor, async (services, log) => {
    const now = services.clock.now();
    const cursor = await services.scanCursors.get();
    const due =
      cursor === null || (cursor.finishedAt !== null && now - cursor.finishedAt >= FULL_SCAN_EVERY_MS);
    if (due) {
      const started = await startScan(services, { now });
      if (!started.ok) return outcomeOfError(started.error, 'scan', now, log);
      log.info('scan started', {
        started: started.value.started,
        sources: started.value.progress.sourcesTotal,
      });
    }
    const after = await services.scanCursors.get();
    if (after === null || after.finishedAt !== null) return { status: 'done', kind: 'scan' };
    const timeLeftMs = Math.min(remainingTimeMs() ?? SCHEDULE_LIMIT_MS, SCHEDULE_LIMIT_MS);
    return scanTick(services, log, { now: services.clock.now(), timeLeftMs });
  });

/** Scheduled triggers are not retried by Forge: the outcome is logged, and the next hour continues. */
export const scan = async (event: unknown, context: unknown): Promise<ScheduledResponse> =>
  scheduledResponse(await handleScan(event, context));
