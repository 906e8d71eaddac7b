/**
 * Per-tenant, per-endpoint burst buckets (forge-platform.md §3.8): token buckets shared by every caller on the
 * tenant, refilled by virtual-clock time. Tokens are kept in milli-tokens (integers) so 5 RPS refills exactly
 * one token in 200 ms with no floating-point drift.
 */
import { type VirtualClock } from '../../clock/virtual-clock';
import {
  BURST_CAPACITY_SECONDS,
  DEFAULT_BURST_OVERRIDES,
  DEFAULT_BURST_RPS,
  FALLBACK_BURST_RPS,
  type BurstOverride,
} from './limits';
import { type RequestInfo } from './types';

export interface BurstConfig {
  /** Steady-state RPS per method (upper-case). Missing methods fall back to FALLBACK_BURST_RPS. */
  defaults: Record<string, number>;
  overrides: BurstOverride[];
  /** Bucket capacity in seconds of steady-state rate. */
  capacitySeconds: number;
}

export type BurstDecision =
  | { ok: true; key: string; rps: number; remaining: number }
  | { ok: false; key: string; rps: number; retryAfterSeconds: number; retryAfterMs: number };

export interface BurstBucketState {
  key: string;
  rps: number;
  capacity: number;
  tokens: number;
}

export interface BurstLimiter {
  /** Takes one token for the request, or says how long until one is available. */
  take(request: RequestInfo): BurstDecision;
  /** Which bucket and rate a request maps to. */
  rule(request: RequestInfo): { key: string; rps: number };
  snapshot(): BurstBucketState[];
  reset(): void;
}

interface Bucket {
  milliTokens: number;
  lastMs: number;
}

const MILLI = 1000;

export function defaultBurstConfig(): BurstConfig {
  return {
    defaults: { ...DEFAULT_BURST_RPS },
    overrides: DEFAULT_BURST_OVERRIDES.map((o) => ({ ...o })),
    capacitySeconds: BURST_CAPACITY_SECONDS,
  };
}

export function createBurstLimiter(
  clock: VirtualClock,
  config: BurstConfig = defaultBurstConfig(),
): BurstLimiter {
  const buckets = new Map<string, Bucket>();
  const rates = new Map<string, number>();
  const overrideIndex = new Map<string, BurstOverride>();
  for (const o of config.overrides)
    overrideIndex.set(`${o.product} ${o.method.toUpperCase()} ${o.operationId}`, o);

  const rule = (request: RequestInfo): { key: string; rps: number } => {
    const method = request.method.toUpperCase();
    const opKey = `${request.product} ${method} ${request.operationId}`;
    const override = overrideIndex.get(opKey);
    if (override !== undefined) return { key: override.shareKey ?? opKey, rps: override.rps };
    return { key: opKey, rps: config.defaults[method] ?? FALLBACK_BURST_RPS };
  };

  const capacityOf = (rps: number): number =>
    Math.max(MILLI, Math.round(rps * config.capacitySeconds * MILLI));

  const refill = (bucket: Bucket, rps: number, nowMs: number): void => {
    const elapsed = nowMs - bucket.lastMs;
    if (elapsed > 0) {
      bucket.milliTokens = Math.min(capacityOf(rps), bucket.milliTokens + Math.floor(elapsed * rps));
      bucket.lastMs = nowMs;
    }
  };

  return {
    rule,
    take(request) {
      const { key, rps } = rule(request);
      const nowMs = Math.floor(clock.now());
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        bucket = { milliTokens: capacityOf(rps), lastMs: nowMs };
        buckets.set(key, bucket);
        rates.set(key, rps);
      } else refill(bucket, rps, nowMs);
      if (bucket.milliTokens >= MILLI) {
        bucket.milliTokens -= MILLI;
        return { ok: true, key, rps, remaining: Math.floor(bucket.milliTokens / MILLI) };
      }
      const retryAfterMs = Math.ceil((MILLI - bucket.milliTokens) / rps);
      return {
        ok: false,
        key,
        rps,
        retryAfterMs,
        retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
      };
    },
    snapshot() {
      const nowMs = Math.floor(clock.now());
      return [...buckets.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, bucket]) => {
          const rps = rates.get(key) ?? FALLBACK_BURST_RPS;
          refill(bucket, rps, nowMs);
          return { key, rps, capacity: capacityOf(rps) / MILLI, tokens: bucket.milliTokens / MILLI };
        });
    },
    reset() {
      buckets.clear();
      rates.clear();
    },
  };
}
