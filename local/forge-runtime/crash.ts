/**
 * Crash injection for reliability tests: the runtime counts every outbound operation an invocation makes
 * through `__forge_fetch__` (KVS / entity / secret calls, product REST calls, queue pushes) and, once armed,
 * kills the invocation at its k-th counted operation, before that operation reaches the store or the site.
 *
 * - `throw`: that one operation throws {@link InjectedCrashError} (an error mid-page); the app's own error
 *   handling runs and the runtime goes on.
 * - `timeout`: the operation never answers and the invocation ends at once as a `FUNCTION_TIME_OUT` (queue
 *   events are retried as after a time-out). The late code stays parked on that operation forever, so, unlike a
 *   plain time limit here, it cannot write anything after its deadline.
 * - `exit`: the process dies. That operation and every later one of every invocation never answer, every
 *   invocation in flight ends with {@link InjectedCrashError}, and the runtime delivers nothing more (new
 *   invocations fail at once). Close it and start a new runtime on the same `kvsFile`: only KVS survives.
 */
import { z } from 'zod';

export const CRASH_OPS = ['kvs', 'site', 'queue'] as const;
export type CrashOp = (typeof CRASH_OPS)[number];
export const CRASH_MODES = ['throw', 'timeout', 'exit'] as const;
export type CrashMode = (typeof CRASH_MODES)[number];

export const crashPlanSchema = z.strictObject({
  /** 1-based: the at-th counted operation after arming is where the invocation dies. */
  at: z.number().int().positive(),
  mode: z.enum(CRASH_MODES),
  /** Which operations count (default all three). */
  ops: z.array(z.enum(CRASH_OPS)).min(1).optional(),
});
export type CrashPlan = z.infer<typeof crashPlanSchema>;

export class InjectedCrashError extends Error {
  override readonly name = 'InjectedCrashError';
  readonly code = 'LOCAL_INJECTED_CRASH';
  constructor(
    readonly mode: CrashMode,
    /** The operation it fired at; null for invocations ended by the process exit. */
    readonly op: CrashOp | null,
  ) {
    super(`local runtime: injected ${mode}${op === null ? '' : ` at a ${op} operation`}`);
  }
}

export interface CrashReport {
  /** Outbound operations seen since the runtime started, per kind (counted whether armed or not). */
  readonly ops: Readonly<Record<CrashOp, number>>;
  readonly armed: CrashPlan | null;
  /** The crash that fired, if one did (the runtime fires at most one per arming). */
  readonly fired: { readonly mode: CrashMode; readonly op: CrashOp; readonly invocationId: string } | null;
  /** True after an `exit`: the runtime is dead. */
  readonly exited: boolean;
}

/** What the runtime does with one operation: let it run, throw, or park it forever. */
export type CrashDecision =
  | { readonly kind: 'proceed' }
  | { readonly kind: 'throw'; readonly error: InjectedCrashError }
  | { readonly kind: 'park'; readonly fired: CrashMode | null; readonly op: CrashOp };

export class CrashInjector {
  private readonly counts: Record<CrashOp, number> = { kvs: 0, site: 0, queue: 0 };
  private plan: CrashPlan | null = null;
  private countedSinceArm = 0;
  private fired: CrashReport['fired'] = null;
  private exited = false;

  arm(plan: CrashPlan): void {
    this.plan = crashPlanSchema.parse(plan);
    this.countedSinceArm = 0;
    this.fired = null;
  }

  disarm(): void {
    this.plan = null;
  }

  get dead(): boolean {
    return this.exited;
  }

  report(): CrashReport {
    return { ops: { ...this.counts }, armed: this.plan, fired: this.fired, exited: this.exited };
  }

  /** Called before every outbound operation of an invocation. */
  decide(op: CrashOp, invocationId: string): CrashDecision {
    if (this.exited) return { kind: 'park', fired: null, op };
    this.counts[op] += 1;
    const plan = this.plan;
    if (plan === null || !(plan.ops ?? CRASH_OPS).includes(op)) return { kind: 'proceed' };
    this.countedSinceArm += 1;
    if (this.countedSinceArm !== plan.at) return { kind: 'proceed' };
    this.plan = null;
    this.fired = { mode: plan.mode, op, invocationId };
    if (plan.mode === 'throw') return { kind: 'throw', error: new InjectedCrashError('throw', op) };
    if (plan.mode === 'exit') this.exited = true;
    return { kind: 'park', fired: plan.mode, op };
  }
}

/** A promise that never settles: the operation of a killed invocation. */
export const parked = <T>(): Promise<T> => new Promise<T>(() => undefined);
