/**
 * Reading Atlassian's rate-limit headers (forge-platform.md §3.8 "Headers"): `Retry-After` (seconds),
 * `RateLimit-Reason` (`*-quota-*` = hourly quota wall, `*-burst-based` = per-second bucket),
 * `X-RateLimit-Limit|Remaining|Reset|NearLimit`, the structured `RateLimit: "global-app-quota";r=…;t=…`, and
 * their `Beta-` / `X-Beta-` spellings before enforcement.
 */
import type { RateLimitObservation } from './limits';

/** The subset of a fetch `Headers` the request layer reads. */
export interface HeaderSource {
  get(name: string): string | null;
}

const first = (headers: HeaderSource, ...names: string[]): string | null => {
  for (const name of names) {
    const value = headers.get(name);
    if (value !== null && value !== '') return value;
  }
  return null;
};

const intOrNull = (value: string | null): number | null => {
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/** `Retry-After` in ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(headers: HeaderSource, nowMs: number): number | null {
  const raw = first(headers, 'retry-after');
  if (raw === null) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** `X-RateLimit-Reset` (ISO 8601) as epoch ms; the fallback when a gateway 429 has no `Retry-After`. */
export function rateLimitResetAt(headers: HeaderSource): number | null {
  const raw = first(headers, 'x-ratelimit-reset', 'x-beta-ratelimit-reset');
  if (raw === null) return null;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : at;
}

/** `RateLimit-Reason`, lower-cased; null when absent. */
export function rateLimitReason(headers: HeaderSource): string | null {
  return first(headers, 'ratelimit-reason', 'x-beta-ratelimit-reason')?.toLowerCase() ?? null;
}

/** A `*-quota-*` reason means the hourly pool is spent: every call is denied until the reset. */
export const isQuotaReason = (reason: string | null): boolean =>
  reason !== null && reason.includes('-quota-');

/**
 * The structured `RateLimit: "<policy>";r=<remaining>;t=<seconds to reset>` (§3.8: `r` only above ~80% usage).
 * Null parts when absent; the whole result null when there is no such header.
 */
function structuredRateLimit(
  headers: HeaderSource,
): { readonly remaining: number | null; readonly resetInSeconds: number | null } | null {
  const raw = first(headers, 'ratelimit', 'beta-ratelimit');
  if (raw === null) return null;
  const param = (name: string): number | null => {
    const match = new RegExp(`(?:^|;)\\s*${name}=(\\d+)`).exec(raw);
    return match?.[1] === undefined ? null : Number(match[1]);
  };
  return { remaining: param('r'), resetInSeconds: param('t') };
}

/**
 * What one answer's headers say about the app's hourly pool. `resetAt` is on the caller's clock: taken from
 * the structured header's relative `t` when present (immune to a skew between our clock and Atlassian's),
 * else from the absolute `X-RateLimit-Reset`. `remaining` prefers `X-RateLimit-Remaining`, else `r`.
 */
export function observeRateLimit(headers: HeaderSource, nowMs: number): RateLimitObservation | null {
  const structured = structuredRateLimit(headers);
  const limit = intOrNull(first(headers, 'x-ratelimit-limit', 'x-beta-ratelimit-limit'));
  const remaining =
    intOrNull(first(headers, 'x-ratelimit-remaining', 'x-beta-ratelimit-remaining')) ??
    structured?.remaining ??
    null;
  const resetIn = structured?.resetInSeconds ?? null;
  const resetAt = resetIn !== null ? nowMs + resetIn * 1000 : rateLimitResetAt(headers);
  const nearLimit = first(headers, 'x-ratelimit-nearlimit', 'x-beta-ratelimit-nearlimit') === 'true';
  if (limit === null && remaining === null && resetAt === null && !nearLimit) return null;
  return { limit, remaining, resetAt, nearLimit, at: nowMs };
}
