/**
 * The only place that touches @forge/events: pushing jobs to a queue, and asking the platform to retry an
 * invocation (product-event triggers and queue consumers return an InvocationError to be retried).
 * @see https://developer.atlassian.com/platform/forge/runtime-reference/async-events-api/
 */
import { InvocationError, InvocationErrorCode, Queue, RateLimitError } from '@forge/events';

export interface QueuedJob<T> {
  readonly body: T;
  readonly delayInSeconds?: number;
}

export interface JobQueue<T> {
  /**
   * Pushes up to 50 jobs in one request.
   * @throws QueueRateLimitedError when the installation's 500 events/minute limit is hit.
   * @throws Error (from @forge/events) for payload, size or platform faults.
   */
  push(jobs: readonly QueuedJob<T>[]): Promise<{ readonly jobId: string }>;
}

/** The queue refused the push for rate reasons: retry later, the work is not lost. */
export class QueueRateLimitedError extends Error {
  override readonly name = 'QueueRateLimitedError';
  constructor(
    readonly queueKey: string,
    options?: { cause?: unknown },
  ) {
    super(`queue '${queueKey}' is rate limited`, options);
  }
}

export const MAX_JOBS_PER_PUSH = 50;

export const createJobQueue = <T extends Record<string, unknown>>(queueKey: string): JobQueue<T> => {
  const queue = new Queue<T>({ key: queueKey });
  return {
    async push(jobs) {
      if (jobs.length === 0 || jobs.length > MAX_JOBS_PER_PUSH) {
        throw new RangeError(`push takes 1..${MAX_JOBS_PER_PUSH} jobs, got ${jobs.length}`);
      }
      try {
        return await queue.push(
          jobs.map((job) =>
            job.delayInSeconds === undefined
              ? { body: job.body }
              : { body: job.body, delayInSeconds: job.delayInSeconds },
          ),
        );
      } catch (error) {
        if (error instanceof RateLimitError) throw new QueueRateLimitedError(queueKey, { cause: error });
        throw error;
      }
    },
  };
};

/**
 * What a trigger or consumer returns to have the platform deliver the same event again later. At runtime
 * `new InvocationError()` returns its `toJSON()` form (a plain `{ _retry, retryOptions }` object, see
 * @forge/events 3.0.8 invocationError.js), not an instance, so that is the type handed around.
 */
export type RetryRequest = ReturnType<InvocationError['toJSON']>;

/** Forge caps `retryAfter` at 900 s. */
export const retryLater = (afterSeconds: number, reason: 'rate-limited' | 'transient'): RetryRequest => {
  const made: unknown = new InvocationError({
    retryAfter: Math.min(900, Math.max(1, Math.ceil(afterSeconds))),
    retryReason:
      reason === 'rate-limited'
        ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED
        : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });
  return made as RetryRequest;
};
