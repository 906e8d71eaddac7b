/**
 * The last step of every product-event trigger: push the jobs, and turn a failed push into a retry request
 * (Forge redelivers the event up to four times) instead of losing the hint.
 */
import {
  isMergedPush,
  QueueRateLimitedError,
  retryLater,
  type RetryRequest,
  type TriggerDeps,
} from '../wiring';
import type { InputInvalid } from './parse';
import type { JobBody } from './jobs.schema';

export type TriggerOutcome =
  | { readonly status: 'enqueued'; readonly jobId: string; readonly jobs: number }
  /** Every job merged into one already pending (its dedupe marker exists): nothing new was pushed. */
  | { readonly status: 'merged'; readonly jobs: number }
  | { readonly status: 'ignored'; readonly reason: string }
  | { readonly status: 'rejected'; readonly error: InputInvalid }
  | RetryRequest;

export type Deps = TriggerDeps<JobBody>;

/** Seconds to wait after the queue's 500 events/minute limit was hit. */
const RATE_LIMIT_RETRY_SECONDS = 60;
const TRANSIENT_RETRY_SECONDS = 30;

export const enqueue = async (jobs: readonly JobBody[], deps: Deps): Promise<TriggerOutcome> => {
  try {
    const pushed = await deps.queue.push(jobs.map((body) => ({ body })));
    if (isMergedPush(pushed)) {
      deps.log.info('jobs merged into pending ones', { jobs: jobs.length, kind: jobs[0]?.kind ?? null });
      return { status: 'merged', jobs: jobs.length };
    }
    const { jobId } = pushed;
    deps.log.info('jobs enqueued', { jobId, jobs: jobs.length, kind: jobs[0]?.kind ?? null });
    return { status: 'enqueued', jobId, jobs: jobs.length };
  } catch (error) {
    if (error instanceof QueueRateLimitedError) {
      deps.log.warn('queue rate limited; asking for a retry', { retryAfter: RATE_LIMIT_RETRY_SECONDS });
      return retryLater(RATE_LIMIT_RETRY_SECONDS, 'rate-limited');
    }
    deps.log.error('enqueue failed; asking for a retry', {
      error: error instanceof Error ? error.name : typeof error,
    });
    return retryLater(TRANSIENT_RETRY_SECONDS, 'transient');
  }
};

/** Logs a rejected event with its failing paths (no values: they may hold personal data). */
export const rejected = (error: InputInvalid, deps: Deps): TriggerOutcome => {
  deps.log.warn('event rejected', {
    issues: error.issues?.length ?? 0,
    firstPath: error.issues?.[0]?.path ?? null,
    firstMessage: error.issues?.[0]?.message ?? null,
  });
  return { status: 'rejected', error };
};

export const ignored = (reason: string, deps: Deps): TriggerOutcome => {
  deps.log.info('event ignored', { reason });
  return { status: 'ignored', reason };
};
