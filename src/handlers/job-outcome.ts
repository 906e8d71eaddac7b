/**
 * The one error mapper of the background entry kinds (queue consumer, schedules; style.md rule 26): a use
 * case's DomainError becomes either a retry request (rate limits with their Retry-After, the budget until it
 * resets, outages) or a logged, finished outcome. Nothing else is retried: a retry would fail the same way.
 */
import type { DomainError } from '../core/errors';
import { retryLater, type Logger, type RetryRequest } from '../wiring';

export type JobOutcome =
  | { readonly status: 'done'; readonly kind: string }
  | { readonly status: 'dropped'; readonly reason: string }
  | { readonly status: 'failed'; readonly code: string }
  | RetryRequest;

const TRANSIENT_RETRY_SECONDS = 30;

export const outcomeOfError = (error: DomainError, kind: string, now: number, log: Logger): JobOutcome => {
  switch (error.code) {
    case 'UPSTREAM.RATE_LIMITED':
      log.warn('rate limited; asking for a retry', { kind, retryAfterMs: error.retryAfterMs });
      return retryLater(error.retryAfterMs / 1000, 'rate-limited');
    case 'BUDGET.EXHAUSTED':
      log.warn('points budget spent; asking for a retry after the reset', { kind, resetsAt: error.resetsAt });
      return retryLater((error.resetsAt - now) / 1000, 'rate-limited');
    case 'UPSTREAM.UNAVAILABLE':
      log.warn('upstream unavailable; asking for a retry', { kind, operation: error.operation });
      return retryLater(TRANSIENT_RETRY_SECONDS, 'transient');
    default:
      log.warn('job finished with an error', { kind, code: error.code });
      return { status: 'failed', code: error.code };
  }
};

/** A thrown fault (store failure, bug): logged by name only, retried once the platform backs off. */
export const outcomeOfFault = (thrown: unknown, kind: string, log: Logger): JobOutcome => {
  log.error('job fault; asking for a retry', {
    kind,
    error: thrown instanceof Error ? thrown.name : typeof thrown,
  });
  return retryLater(TRANSIENT_RETRY_SECONDS, 'transient');
};
