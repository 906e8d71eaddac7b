import type { DomainError } from '../errors';

/** The upstream failures an adapter reports (style.md rule 25): one typed error per transport outcome. */
export type UpstreamFailure = Extract<
  DomainError,
  {
    code:
      | 'UPSTREAM.RATE_LIMITED'
      | 'UPSTREAM.FORBIDDEN'
      | 'UPSTREAM.NOT_FOUND'
      | 'UPSTREAM.UNAVAILABLE'
      | 'UPSTREAM.UNEXPECTED_RESPONSE';
  }
>;

/**
 * What a port throws when the remote system refused or failed (rate limit, permission, outage, schema
 * mismatch). Use cases turn it back into a `Result` error; anything else a port throws is a bug or an
 * unrecoverable fault and propagates.
 */
export class UpstreamError extends Error {
  readonly failure: UpstreamFailure;

  constructor(failure: UpstreamFailure, options?: { cause?: unknown }) {
    super(failure.message, options);
    this.name = 'UpstreamError';
    this.failure = failure;
  }
}

export const isUpstreamError = (e: unknown): e is UpstreamError => e instanceof UpstreamError;
