/**
 * Rate-limit response headers (forge-platform.md §3.8 "Headers"). Every Atlassian response carries the quota
 * headers of the calling app; 429s add `Retry-After` and `RateLimit-Reason`. In beta mode (enforcement not started
 * for the app) the quota headers carry a `Beta-` prefix: `Beta-RateLimit-Policy`, `Beta-RateLimit` (doc) and
 * `X-Beta-RateLimit-*` (VERIFY: the X- form follows a partner's header log on the staff thread, page 9).
 */
import {
  GLOBAL_POLICY_NAME,
  NEAR_LIMIT_REMAINING_FRACTION,
  QUOTA_WINDOW_MS,
  STRUCTURED_REMAINING_USAGE_FRACTION,
} from './limits';
import { type QuotaState } from './quota';

export type Enforcement = 'enforced' | 'beta';

export const HEADER = {
  limit: 'X-RateLimit-Limit',
  remaining: 'X-RateLimit-Remaining',
  reset: 'X-RateLimit-Reset',
  nearLimit: 'X-RateLimit-NearLimit',
  reason: 'RateLimit-Reason',
  policy: 'RateLimit-Policy',
  rateLimit: 'RateLimit',
  retryAfter: 'Retry-After',
} as const;

/** The header name under the given enforcement mode. */
export function quotaHeaderName(name: string, enforcement: Enforcement): string {
  if (enforcement === 'enforced') return name;
  return name.startsWith('X-') ? `X-Beta-${name.slice(2)}` : `Beta-${name}`;
}

export function secondsUntil(targetMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((targetMs - nowMs) / 1000));
}

export function quotaHeaders(
  state: QuotaState,
  nowMs: number,
  enforcement: Enforcement,
): Record<string, string> {
  const n = (name: string): string => quotaHeaderName(name, enforcement);
  const t = secondsUntil(state.resetAtMs, nowMs);
  const headers: Record<string, string> = {
    [n(HEADER.limit)]: String(state.limit),
    [n(HEADER.remaining)]: String(state.remaining),
    [n(HEADER.reset)]: new Date(state.resetAtMs).toISOString(),
    [n(HEADER.policy)]: `"${GLOBAL_POLICY_NAME}";q=${state.limit};w=${QUOTA_WINDOW_MS / 1000}`,
  };
  if (state.remaining < state.limit * NEAR_LIMIT_REMAINING_FRACTION || state.walled)
    headers[n(HEADER.nearLimit)] = 'true';
  const showRemaining = state.used > state.limit * STRUCTURED_REMAINING_USAGE_FRACTION || state.walled;
  headers[n(HEADER.rateLimit)] = showRemaining
    ? `"${GLOBAL_POLICY_NAME}";r=${state.remaining};t=${t}`
    : `"${GLOBAL_POLICY_NAME}";t=${t}`;
  return headers;
}
