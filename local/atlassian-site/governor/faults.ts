/**
 * Deterministic fault injection. Two stages, called by the governor in its documented admit order:
 *  1. `scripted` (first): scripted rules ("the 3rd call to getUsersFromGroup → 503", "between t1 and t2 every
 *     call → 429") and configured 429 storm windows;
 *  4. `random` (last): seeded random 500 / 503 / dropped connection / slow response / start of a 429 storm.
 * The random stage draws exactly one number per in-scope request from a mulberry32 stream, so the same seed and
 * the same request sequence give the same faults. `configure` validates with zod, replaces the whole config,
 * reseeds the stream and restarts the rule counters.
 */
import { z } from 'zod';
import { Prng } from './prng';
import { type RequestInfo } from './types';

const timeSchema = z
  .union([z.number().finite().nonnegative(), z.iso.datetime({ offset: true })])
  .transform((t) => (typeof t === 'number' ? t : Date.parse(t)));
const probability = z.number().min(0).max(1);
const productSchema = z.enum(['jira', 'jsm', 'confluence']);

export const faultMatchSchema = z.strictObject({
  operationId: z.string().min(1).optional(),
  method: z
    .string()
    .min(1)
    .transform((m) => m.toUpperCase())
    .optional(),
  product: productSchema.optional(),
  /** Matches the request path (no query) by prefix. */
  pathPrefix: z.string().min(1).optional(),
  callerType: z.enum(['app', 'user', 'anonymous']).optional(),
});

export const faultActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('status'),
    status: z.number().int().min(400).max(599),
    /** For 429/503: Retry-After seconds. Default for 429: until the rule's `to`, else 1. */
    retryAfterSeconds: z.number().int().min(0).optional(),
    message: z.string().min(1).optional(),
  }),
  z.strictObject({ kind: z.literal('drop') }),
  /** Serve, but late (not terminal: quota and burst still apply). Large delays model timeouts. */
  z.strictObject({ kind: z.literal('delay'), delayMs: z.number().int().min(0) }),
  /** Answer as if the caller's app had hit the hourly quota wall (429, quota reason, Retry-After to next hour). */
  z.strictObject({ kind: z.literal('quota-wall') }),
]);

export const faultRuleSchema = z.strictObject({
  name: z.string().min(1).optional(),
  match: faultMatchSchema.default({}),
  /** 1-based positions among the calls this rule matches (inside its window). Omitted: every matching call. */
  nth: z.union([z.number().int().min(1), z.array(z.number().int().min(1)).min(1)]).optional(),
  /** Window in virtual time (epoch ms or ISO 8601), `from` inclusive, `to` exclusive. */
  from: timeSchema.optional(),
  to: timeSchema.optional(),
  action: faultActionSchema,
});

export const stormSchema = z.strictObject({
  from: timeSchema,
  to: timeSchema,
  match: faultMatchSchema.default({}),
  /** Gateway-style 429 without Retry-After (incident 2026-04-22): clients must use X-RateLimit-Reset. */
  omitRetryAfter: z.boolean().default(false),
});

export const randomFaultsSchema = z
  .strictObject({
    error500: probability.default(0),
    error503: probability.default(0),
    drop: probability.default(0),
    slow: probability.default(0),
    slowDelayMs: z.number().int().min(0).default(2_000),
    /** Probability that a request starts a 429 storm (it is the storm's first victim). */
    storm: probability.default(0),
    stormDurationMs: z.number().int().min(1).default(10_000),
  })
  .refine((r) => r.error500 + r.error503 + r.drop + r.slow + r.storm <= 1, {
    message: 'random fault probabilities must sum to at most 1',
  });

export const faultConfigSchema = z.strictObject({
  /** Seed of the random stream; default: the governor's seed. */
  seed: z.union([z.number().int(), z.string().min(1)]).optional(),
  random: randomFaultsSchema.default({
    error500: 0,
    error503: 0,
    drop: 0,
    slow: 0,
    slowDelayMs: 2_000,
    storm: 0,
    stormDurationMs: 10_000,
  }),
  /** Random faults only hit requests matching this (default: every request). */
  scope: faultMatchSchema.optional(),
  storms: z.array(stormSchema).default([]),
  script: z.array(faultRuleSchema).default([]),
  /** At configure time, put this app (true: every app) behind the hourly quota wall until the next reset. */
  forceQuotaWall: z.union([z.literal(true), z.strictObject({ appId: z.string().min(1) })]).optional(),
});

export type FaultConfigInput = z.input<typeof faultConfigSchema>;
export type FaultConfig = z.output<typeof faultConfigSchema>;
export type FaultMatch = z.output<typeof faultMatchSchema>;
export type FaultRule = z.output<typeof faultRuleSchema>;

export type FaultOutcome =
  | {
      kind: 'status';
      status: number;
      retryAfterSeconds?: number;
      omitRetryAfter?: boolean;
      message: string;
      reason: string;
    }
  | { kind: 'drop'; reason: string }
  | { kind: 'quota-wall'; reason: string };

export interface FaultStage {
  /** A terminal fault, or null; plus any delay to add when the request is served. */
  outcome: FaultOutcome | null;
  delayMs: number;
}

export class FaultConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid fault config: ${issues.join('; ')}`);
    this.name = 'FaultConfigError';
  }
}

export function parseFaultConfig(
  input: unknown,
): { ok: true; config: FaultConfig } | { ok: false; issues: string[] } {
  const parsed = faultConfigSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    issues: parsed.error.issues.map(
      (i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`,
    ),
  };
}

export function matches(match: FaultMatch | undefined, request: RequestInfo): boolean {
  if (match === undefined) return true;
  if (match.operationId !== undefined && match.operationId !== request.operationId) return false;
  if (match.method !== undefined && match.method !== request.method.toUpperCase()) return false;
  if (match.product !== undefined && match.product !== request.product) return false;
  if (match.pathPrefix !== undefined && !request.path.startsWith(match.pathPrefix)) return false;
  if (match.callerType !== undefined && match.callerType !== request.caller.type) return false;
  return true;
}

function inWindow(nowMs: number, from: number | undefined, to: number | undefined): boolean {
  return (from === undefined || nowMs >= from) && (to === undefined || nowMs < to);
}

export interface FaultInjector {
  configure(input: unknown): FaultConfig;
  config(): FaultConfig;
  scripted(request: RequestInfo, nowMs: number): FaultStage;
  random(request: RequestInfo, nowMs: number): FaultStage;
  /** Virtual time until which a random storm rejects every request (null: none). */
  stormUntilMs(): number | null;
  /** Restart counters, storm and random stream under the current config. */
  reset(): void;
}

const RANDOM_MESSAGES = {
  500: 'Internal server error (injected fault)',
  503: 'Service unavailable (injected fault)',
} as const;

export function createFaultInjector(defaultSeed: number | string, initial?: unknown): FaultInjector {
  let config: FaultConfig = faultConfigSchema.parse(initial ?? {});
  let prng = new Prng(config.seed ?? defaultSeed);
  let counters: number[] = config.script.map(() => 0);
  let stormUntil: number | null = null;

  const restart = (): void => {
    prng = new Prng(config.seed ?? defaultSeed);
    counters = config.script.map(() => 0);
    stormUntil = null;
  };

  const ruleOutcome = (rule: FaultRule, index: number, nowMs: number): FaultOutcome | { delayMs: number } => {
    const label = rule.name ?? `script[${index}]`;
    const action = rule.action;
    switch (action.kind) {
      case 'delay':
        return { delayMs: action.delayMs };
      case 'drop':
        return { kind: 'drop', reason: `fault:${label}:drop` };
      case 'quota-wall':
        return { kind: 'quota-wall', reason: `fault:${label}:quota-wall` };
      case 'status': {
        let retryAfterSeconds = action.retryAfterSeconds;
        if (retryAfterSeconds === undefined && action.status === 429)
          retryAfterSeconds = rule.to !== undefined ? Math.max(1, Math.ceil((rule.to - nowMs) / 1000)) : 1;
        return {
          kind: 'status',
          status: action.status,
          ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
          message: action.message ?? `Injected HTTP ${action.status}`,
          reason: `fault:${label}:${action.status}`,
        };
      }
    }
  };

  return {
    configure(input) {
      const parsed = parseFaultConfig(input);
      if (!parsed.ok) throw new FaultConfigError(parsed.issues);
      config = parsed.config;
      restart();
      return config;
    },
    config: () => config,
    scripted(request, nowMs) {
      let delayMs = 0;
      let outcome: FaultOutcome | null = null;
      for (const [index, rule] of config.script.entries()) {
        if (!matches(rule.match, request) || !inWindow(nowMs, rule.from, rule.to)) continue;
        const position = (counters[index] ?? 0) + 1;
        counters[index] = position;
        const hit =
          rule.nth === undefined ||
          (typeof rule.nth === 'number' ? rule.nth === position : rule.nth.includes(position));
        if (!hit || outcome !== null) continue;
        const result = ruleOutcome(rule, index, nowMs);
        if ('delayMs' in result) delayMs += result.delayMs;
        else outcome = result;
      }
      if (outcome === null) {
        for (const [index, storm] of config.storms.entries()) {
          if (!matches(storm.match, request) || !inWindow(nowMs, storm.from, storm.to)) continue;
          outcome = {
            kind: 'status',
            status: 429,
            retryAfterSeconds: Math.max(1, Math.ceil((storm.to - nowMs) / 1000)),
            omitRetryAfter: storm.omitRetryAfter,
            message: 'Rate limit exceeded (injected storm)',
            reason: `fault:storm[${index}]`,
          };
          break;
        }
      }
      return { outcome, delayMs };
    },
    random(request, nowMs) {
      if (stormUntil !== null && nowMs < stormUntil && matches(config.scope, request)) {
        return {
          outcome: {
            kind: 'status',
            status: 429,
            retryAfterSeconds: Math.max(1, Math.ceil((stormUntil - nowMs) / 1000)),
            message: 'Rate limit exceeded (injected storm)',
            reason: 'fault:random-storm',
          },
          delayMs: 0,
        };
      }
      const r = config.random;
      if (r.error500 + r.error503 + r.drop + r.slow + r.storm === 0 || !matches(config.scope, request))
        return { outcome: null, delayMs: 0 };
      const u = prng.next();
      let edge = r.error500;
      if (u < edge)
        return {
          outcome: { kind: 'status', status: 500, message: RANDOM_MESSAGES[500], reason: 'fault:random-500' },
          delayMs: 0,
        };
      edge += r.error503;
      if (u < edge)
        return {
          outcome: { kind: 'status', status: 503, message: RANDOM_MESSAGES[503], reason: 'fault:random-503' },
          delayMs: 0,
        };
      edge += r.drop;
      if (u < edge) return { outcome: { kind: 'drop', reason: 'fault:random-drop' }, delayMs: 0 };
      edge += r.slow;
      if (u < edge) return { outcome: null, delayMs: r.slowDelayMs };
      edge += r.storm;
      if (u < edge) {
        stormUntil = nowMs + r.stormDurationMs;
        return {
          outcome: {
            kind: 'status',
            status: 429,
            retryAfterSeconds: Math.max(1, Math.ceil(r.stormDurationMs / 1000)),
            message: 'Rate limit exceeded (injected storm)',
            reason: 'fault:random-storm',
          },
          delayMs: 0,
        };
      }
      return { outcome: null, delayMs: 0 };
    },
    stormUntilMs: () => stormUntil,
    reset: restart,
  };
}
