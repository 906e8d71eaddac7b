/**
 * The governor: Atlassian's documented REST rate limits for one emulated site (tenant), plus metering and faults.
 *
 * admit order (each stage may end the request; docs/rate-limits.md §Admit order):
 *   1. scripted faults (script rules, configured 429 storm windows) — a scripted `delay` is not terminal;
 *   2. hourly quota wall of the caller's app (only when enforcement = 'enforced');
 *   3. burst bucket of the endpoint (takes one token);
 *   4. random faults (seeded 500 / 503 / drop / slow / random 429 storm).
 * Rejections and drops are metered and charged inside `admit`; `settle` is called only after a 'serve' and
 * charges the finished request. `settle` never throws.
 */
import { z } from 'zod';
import { type VirtualClock } from '../../clock/virtual-clock';
import { createBurstLimiter, defaultBurstConfig, type BurstConfig, type BurstLimiter } from './burst';
import { errorBody } from './error-bodies';
import {
  createFaultInjector,
  FaultConfigError,
  parseFaultConfig,
  type FaultConfig,
  type FaultOutcome,
} from './faults';
import { HEADER, quotaHeaderName, quotaHeaders, secondsUntil, type Enforcement } from './headers';
import { BURST_REASON, ERROR_POINTS, QUOTA_REASON, QUOTA_WINDOW_MS, RATE_LIMITED_POINTS } from './limits';
import { createMeter, meterReport, type Meter, type MeterReport } from './meter';
import { pointsFor } from './points';
import { createQuotaPool, windowStartOf, type QuotaPool, type QuotaState } from './quota';
import {
  type Admission,
  type Governor,
  type OperationOutcome,
  type Product,
  type RequestInfo,
} from './types';

/**
 * The app the local Forge runtime runs (forge-offline.md: getAppContext → ari:cloud:ecosystem::app/local-app).
 * asUser calls carry no app id (`X-Local-Caller: user:<accountId>`), so they are charged to this app.
 */
export const DEFAULT_USER_CALLS_APP_ID = 'local-app';

const optionsSchema = z.strictObject({
  clock: z.custom<VirtualClock>((v) => typeof v === 'object' && v !== null && 'now' in v, 'a VirtualClock'),
  pointsPerHour: z.number().int().positive().optional(),
  quotaPool: z.custom<QuotaPool>((v) => typeof v === 'object' && v !== null && 'charge' in v).optional(),
  enforcement: z.enum(['enforced', 'beta']).default('enforced'),
  userCallsAppId: z.union([z.string().min(1), z.null()]).default(DEFAULT_USER_CALLS_APP_ID),
  burst: z
    .strictObject({
      defaults: z.record(z.string(), z.number().positive()).optional(),
      overrides: z
        .array(
          z.strictObject({
            product: z.enum(['jira', 'jsm', 'confluence']),
            method: z.string().min(1),
            operationId: z.string().min(1),
            rps: z.number().positive(),
            shareKey: z.string().min(1).optional(),
          }),
        )
        .optional(),
      capacitySeconds: z.number().positive().optional(),
    })
    .optional(),
  seed: z.union([z.number().int(), z.string().min(1)]).default(1),
  faults: z.unknown().optional(),
});

export interface GovernorOptions {
  clock: VirtualClock;
  /** Hourly points per app (default 65,000, Tier 1). Ignored when `quotaPool` is given. */
  pointsPerHour?: number;
  /** Share one Tier-1 pool between several emulated sites (the pool is per app across all tenants). */
  quotaPool?: QuotaPool;
  /** 'beta': quota reported with `Beta-` headers but not enforced (burst still is). Default 'enforced'. */
  enforcement?: Enforcement;
  /**
   * App whose quota asUser calls are charged to (VERIFY: resolver/backend asUser calls count, §3.8).
   * null: user calls are exempt (like front-end @forge/bridge calls). Default 'local-app'.
   */
  userCallsAppId?: string | null;
  /** Burst rates: replaces the defaults / overrides given; omitted parts keep the documented values. */
  burst?: Partial<BurstConfig>;
  /** Seed of the fault stream (default 1). */
  seed?: number | string;
  /** Initial fault config (see faults.ts / docs/rate-limits.md). */
  faults?: unknown;
}

export interface GovernorFaults {
  /** Validate and replace the fault config; throws FaultConfigError (with `issues`) when invalid. */
  configure(input: unknown): FaultConfig;
  /** Same, as data: for `PUT /__local/faults` (400 with issues, or 200 with the parsed config). */
  tryConfigure(input: unknown): { ok: true; config: FaultConfig } | { ok: false; issues: string[] };
  config(): FaultConfig;
  /** Restart rule counters, storm and random stream under the current config. */
  reset(): void;
}

export interface GovernorQuota {
  pool: QuotaPool;
  /** Quota state of the app a caller is charged to (null: the caller is not charged). */
  stateFor(request: Pick<RequestInfo, 'caller'>): QuotaState | null;
  forceWall(appId?: string): void;
}

export interface GovernorMeter extends Meter {
  /** The JSON document for `GET /__local/meter`. */
  report(): MeterReport;
}

export interface GovernorExtras {
  meter: GovernorMeter;
  faults: GovernorFaults;
  quota: GovernorQuota;
  burst: BurstLimiter;
  readonly enforcement: Enforcement;
  /** Meter, quota usage, burst buckets and fault counters back to zero (config kept). */
  resetAll(): void;
}

export type SiteGovernor = Governor & GovernorExtras;

const JSON_HEADERS = { 'Content-Type': 'application/json;charset=UTF-8' } as const;

export function createGovernor(options: GovernorOptions): SiteGovernor {
  const opts = optionsSchema.parse(options);
  const clock = opts.clock;
  const enforcement: Enforcement = opts.enforcement;
  const pool = opts.quotaPool ?? createQuotaPool({ clock, pointsPerHour: opts.pointsPerHour });
  const defaults = defaultBurstConfig();
  const burst = createBurstLimiter(clock, {
    defaults: opts.burst?.defaults ?? defaults.defaults,
    overrides: opts.burst?.overrides ?? defaults.overrides,
    capacitySeconds: opts.burst?.capacitySeconds ?? defaults.capacitySeconds,
  });
  const meter = createMeter(clock);
  const injector = createFaultInjector(opts.seed, opts.faults);

  const chargedApp = (request: Pick<RequestInfo, 'caller'>): string | null => {
    const caller = request.caller;
    if (caller.type === 'app') return caller.appId;
    // "API token-based traffic is not affected by [the points quotas], and will continue to be governed by
    // existing burst rate limits" (developer.atlassian.com, Jira Cloud "Rate limiting", 2026 banner).
    if (caller.type === 'user') return caller.via === 'api-token' ? null : opts.userCallsAppId;
    return null;
  };

  const headersFor = (appId: string | null, product: Product): Record<string, string> => {
    if (appId === null) return {};
    const state = pool.state(appId);
    const headers = quotaHeaders(state, clock.now(), enforcement);
    // Beta: the would-be 429 is only reported (X-Beta-RateLimit-Reason), never enforced.
    if (enforcement === 'beta' && state.walled)
      headers[quotaHeaderName(`X-${HEADER.reason}`, 'beta')] = QUOTA_REASON[product];
    return headers;
  };

  const reject = (
    request: RequestInfo,
    appId: string | null,
    status: number,
    reason: string,
    message: string,
    extra: Record<string, string>,
  ): Admission => {
    const points = status === 429 ? RATE_LIMITED_POINTS : ERROR_POINTS;
    if (appId !== null && points > 0) pool.charge(appId, points);
    meter.record(request, { kind: 'rejected', status, points: appId === null ? 0 : points });
    return {
      kind: 'reject',
      status,
      headers: { ...JSON_HEADERS, ...headersFor(appId, request.product), ...extra },
      body: errorBody(request.product, request.path, status, message),
      reason,
    };
  };

  const quotaWall = (request: RequestInfo, appId: string | null, reason: string): Admission => {
    const resetAtMs =
      appId === null ? windowStartOf(clock.now()) + QUOTA_WINDOW_MS : pool.state(appId).resetAtMs;
    const retryAfter = Math.max(1, secondsUntil(resetAtMs, clock.now()));
    return reject(request, appId, 429, reason, 'Rate limit exceeded: hourly points quota exhausted.', {
      [HEADER.retryAfter]: String(retryAfter),
      [HEADER.reason]: QUOTA_REASON[request.product],
    });
  };

  const applyFault = (request: RequestInfo, appId: string | null, fault: FaultOutcome): Admission => {
    switch (fault.kind) {
      case 'drop':
        meter.record(request, { kind: 'dropped' });
        return { kind: 'drop' };
      case 'quota-wall':
        return quotaWall(request, appId, fault.reason);
      case 'status': {
        const extra: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined && fault.omitRetryAfter !== true)
          extra[HEADER.retryAfter] = String(fault.retryAfterSeconds);
        if (fault.status === 429) extra[HEADER.reason] = BURST_REASON[request.product];
        return reject(request, appId, fault.status, fault.reason, fault.message, extra);
      }
    }
  };

  const applyForcedWall = (config: FaultConfig): void => {
    if (config.forceQuotaWall === true) pool.forceWall();
    else if (config.forceQuotaWall !== undefined) pool.forceWall(config.forceQuotaWall.appId);
  };
  applyForcedWall(injector.config());

  const faults: GovernorFaults = {
    configure(input) {
      const config = injector.configure(input);
      applyForcedWall(config);
      return config;
    },
    tryConfigure(input) {
      const parsed = parseFaultConfig(input);
      if (!parsed.ok) return parsed;
      return { ok: true, config: faults.configure(input) };
    },
    config: () => injector.config(),
    reset: () => injector.reset(),
  };

  return {
    enforcement,
    burst,
    faults,
    meter: { ...meter, report: () => meterReport(meter.snapshot(), pool.snapshot(), clock.now()) },
    quota: {
      pool,
      stateFor: (request) => {
        const appId = chargedApp(request);
        return appId === null ? null : pool.state(appId);
      },
      forceWall: (appId) => pool.forceWall(appId),
    },
    resetAll() {
      meter.reset();
      pool.reset();
      burst.reset();
      injector.reset();
    },

    admit(request) {
      const nowMs = clock.now();
      const appId = chargedApp(request);
      // 1. scripted faults
      const scripted = injector.scripted(request, nowMs);
      if (scripted.outcome !== null) return applyFault(request, appId, scripted.outcome);
      // 2. hourly quota wall
      if (enforcement === 'enforced' && appId !== null && pool.state(appId).walled)
        return quotaWall(request, appId, `quota:${appId}`);
      // 3. burst bucket
      const bucket = burst.take(request);
      if (!bucket.ok)
        return reject(request, appId, 429, `burst:${bucket.key}`, 'Rate limit exceeded.', {
          [HEADER.retryAfter]: String(bucket.retryAfterSeconds),
          [HEADER.reason]: BURST_REASON[request.product],
        });
      // 4. random faults
      const random = injector.random(request, nowMs);
      if (random.outcome !== null) return applyFault(request, appId, random.outcome);
      const delayMs = scripted.delayMs + random.delayMs;
      return delayMs > 0 ? { kind: 'serve', delayMs } : { kind: 'serve' };
    },

    settle(request: RequestInfo, outcome: OperationOutcome): Record<string, string> {
      try {
        const appId = chargedApp(request);
        const points = pointsFor(request.method, outcome);
        if (appId !== null) pool.charge(appId, points);
        meter.record(request, {
          kind: 'settled',
          status: outcome.status,
          points: appId === null ? 0 : points,
        });
        return headersFor(appId, request.product);
      } catch {
        return {};
      }
    },
  };
}

export { FaultConfigError };
