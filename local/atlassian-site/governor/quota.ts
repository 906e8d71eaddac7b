/**
 * Hourly points quota per app (forge-platform.md §3.8, Tier 1): windows start at the top of each UTC hour of the
 * virtual clock, usage does not carry over, and once an app has used its whole quota every request is denied until
 * the next window. One pool can be shared by several emulated sites (Tier 1 is "shared across all tenants").
 */
import { type VirtualClock } from '../../clock/virtual-clock';
import { QUOTA_WINDOW_MS, TIER1_POINTS_PER_HOUR } from './limits';

export interface QuotaState {
  appId: string;
  limit: number;
  used: number;
  remaining: number;
  windowStartMs: number;
  /** Start of the next window: when the quota resets. */
  resetAtMs: number;
  /** True when every request of this app is denied until resetAtMs (used ≥ limit, or forced). */
  walled: boolean;
  forced: boolean;
}

export interface QuotaSnapshot {
  limit: number;
  windowStart: string;
  resetAt: string;
  apps: Record<string, { used: number; remaining: number; walled: boolean; forced: boolean }>;
}

export interface QuotaPool {
  readonly clock: VirtualClock;
  limit(): number;
  /** Change the hourly limit (e.g. Tier 2 numbers); applies to the current window too. */
  setLimit(pointsPerHour: number): void;
  state(appId: string): QuotaState;
  /** Add points to the app's current window; returns the state after the charge. */
  charge(appId: string, points: number): QuotaState;
  /** Put one app (or, without an id, every app) behind the wall until the next hourly reset. */
  forceWall(appId?: string): void;
  snapshot(): QuotaSnapshot;
  /** Forget all usage and forced walls. */
  reset(): void;
}

export interface QuotaPoolOptions {
  clock: VirtualClock;
  /** Default 65,000 (Tier 1). */
  pointsPerHour?: number;
}

interface AppUsage {
  windowStartMs: number;
  used: number;
  forced: boolean;
}

export function windowStartOf(nowMs: number): number {
  return Math.floor(nowMs / QUOTA_WINDOW_MS) * QUOTA_WINDOW_MS;
}

function checkLimit(pointsPerHour: number): number {
  if (!Number.isInteger(pointsPerHour) || pointsPerHour <= 0)
    throw new RangeError(`pointsPerHour must be a positive integer, got ${pointsPerHour}`);
  return pointsPerHour;
}

export function createQuotaPool(options: QuotaPoolOptions): QuotaPool {
  const { clock } = options;
  let limit = checkLimit(options.pointsPerHour ?? TIER1_POINTS_PER_HOUR);
  const apps = new Map<string, AppUsage>();
  let allForcedWindow: number | null = null;

  const usage = (appId: string): AppUsage => {
    const windowStartMs = windowStartOf(clock.now());
    let entry = apps.get(appId);
    if (entry === undefined) {
      entry = { windowStartMs, used: 0, forced: false };
      apps.set(appId, entry);
    } else if (entry.windowStartMs !== windowStartMs) {
      entry.windowStartMs = windowStartMs;
      entry.used = 0;
      entry.forced = false;
    }
    return entry;
  };

  const toState = (appId: string, entry: AppUsage): QuotaState => {
    const forced = entry.forced || allForcedWindow === entry.windowStartMs;
    return {
      appId,
      limit,
      used: entry.used,
      remaining: forced ? 0 : Math.max(0, limit - entry.used),
      windowStartMs: entry.windowStartMs,
      resetAtMs: entry.windowStartMs + QUOTA_WINDOW_MS,
      walled: forced || entry.used >= limit,
      forced,
    };
  };

  return {
    clock,
    limit: () => limit,
    setLimit(pointsPerHour) {
      limit = checkLimit(pointsPerHour);
    },
    state: (appId) => toState(appId, usage(appId)),
    charge(appId, points) {
      const entry = usage(appId);
      if (Number.isFinite(points) && points > 0) entry.used += points;
      return toState(appId, entry);
    },
    forceWall(appId) {
      if (appId === undefined) allForcedWindow = windowStartOf(clock.now());
      else usage(appId).forced = true;
    },
    snapshot() {
      const windowStartMs = windowStartOf(clock.now());
      const out: QuotaSnapshot['apps'] = {};
      for (const appId of [...apps.keys()].sort()) {
        const s = toState(appId, usage(appId));
        out[appId] = { used: s.used, remaining: s.remaining, walled: s.walled, forced: s.forced };
      }
      return {
        limit,
        windowStart: new Date(windowStartMs).toISOString(),
        resetAt: new Date(windowStartMs + QUOTA_WINDOW_MS).toISOString(),
        apps: out,
      };
    },
    reset() {
      apps.clear();
      allForcedWindow = null;
    },
  };
}
