/**
 * The invocation envelope: every call into the app (resolver, trigger, scheduled trigger, queue consumer)
 * runs inside an AsyncLocalStorage scope that carries the caller identity (for asUser() without an id), the
 * `__forge_runtime__` object getAppContext() reads, and the time limit. Each invocation is recorded.
 *
 * Code runs in-process, so a time limit cannot kill it: the runtime measures the invocation against a
 * configurable clock, reports a typed FunctionTimeoutError when the limit passes, and ignores the late result.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { VirtualClock } from '../clock/virtual-clock';
import { InjectedCrashError } from './crash';

export type InvocationKind = 'resolver' | 'trigger' | 'scheduled' | 'consumer';
export type InvocationOutcome = 'success' | 'error' | 'timeout' | 'retry-requested';

export interface InvocationRecord {
  id: string;
  kind: InvocationKind;
  moduleKey: string;
  functionKey: string;
  handler: string;
  accountId?: string;
  /** Virtual time at start (epoch ms). */
  startedAt: number;
  durationMs: number;
  limitMs: number;
  outcome: InvocationOutcome;
  error?: { name: string; message: string };
  /** Process RSS after minus before, bytes. Best effort: other work in the process shows up too. */
  rssDeltaBytes: number;
  /** Delivery attempt (queue events and product events), 1-based. */
  attempt?: number;
}

/** Forge's FUNCTION_TIME_OUT, as a value the runtime reports (the late code keeps running in-process). */
export class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
  readonly code = 'FUNCTION_TIME_OUT';
  constructor(
    readonly functionKey: string,
    readonly limitMs: number,
    readonly elapsedMs: number,
  ) {
    super(
      `Function '${functionKey}' exceeded its ${limitMs} ms time limit (ran ${Math.round(elapsedMs)} ms)`,
    );
  }
}

export interface ForgeRuntimeGlobal {
  proxy: { token: string; url: string };
  contextAri: string;
  container: { runtime: string; handler: string };
  appContext: {
    appId: string;
    appVersion: string;
    environmentId: string;
    environmentType: string;
    invocationId: string;
    installationId: string;
    functionKey: string;
    moduleType: string;
    moduleKey: string;
    license?: Record<string, unknown>;
    permissions: { scopes: string[]; external: Record<string, unknown> };
  };
  aaid?: string;
  lambdaContext: { awsRequestId: string; getRemainingTimeInMillis: () => number };
  tracing: { traceId: string; spanId: string };
  realtime: Record<string, never>;
  metrics: {
    timing: () => { measure: () => { stop: () => void } };
    counter: () => { incr: () => void; incrBy: () => void; decr: () => void; decrBy: () => void };
    gauge: () => { set: () => void };
  };
  featureFlags: (flag: string) => boolean;
}

/** What a __forge_fetch__ call needs to know about the invocation it comes from. */
export interface InvocationScope {
  ownerId: string;
  invocationId: string;
  accountId?: string;
  /** The Atlassian app whose context the invocation runs in (`jira`, `confluence`): product-request rule. */
  product?: string;
  forgeRuntime: ForgeRuntimeGlobal;
  /** Counts queue pushes across a chain of invocations started by one origin (Forge's cyclic limit). */
  chain: { originId: string; pushes: number };
}

export const invocationScopes = new AsyncLocalStorage<InvocationScope>();

const noopMetrics: ForgeRuntimeGlobal['metrics'] = {
  timing: () => ({ measure: () => ({ stop: () => undefined }) }),
  counter: () => ({
    incr: () => undefined,
    incrBy: () => undefined,
    decr: () => undefined,
    decrBy: () => undefined,
  }),
  gauge: () => ({ set: () => undefined }),
};

export interface InvokeSpec {
  kind: InvocationKind;
  moduleKey: string;
  moduleType: string;
  functionKey: string;
  handler: string;
  limitMs: number;
  accountId?: string;
  /** See {@link InvocationScope.product}. */
  product?: string;
  attempt?: number;
  chain?: InvocationScope['chain'];
  /** Calls the handler; sync or async (a returned promise is awaited). */
  call: () => unknown;
}

export type InvokeResult =
  | { ok: true; value: unknown; record: InvocationRecord; chain: InvocationScope['chain'] }
  | { ok: false; error: Error; timedOut: boolean; record: InvocationRecord; chain: InvocationScope['chain'] };

export interface InvokerOptions {
  ownerId: string;
  clock: VirtualClock;
  appId: string;
  cloudId: string;
  installationId: string;
  contextAri: string;
  scopes: string[];
  license?: Record<string, unknown>;
  /** Multiplies every time limit (e.g. 0.001 turns 25 s into 25 ms for tests). Default 1. */
  limitScale: number;
  /** What time limits are measured against. 'wall' (default) also stops waiting when the limit passes. */
  limitClock: 'wall' | 'virtual';
  onRecord: (record: InvocationRecord) => void;
}

/** How crash injection ends an invocation early (local/forge-runtime/crash.ts). */
export type KillHow = 'timeout' | 'exit';

export class Invoker {
  private readonly live = new Map<string, (how: KillHow) => void>();
  private exited = false;

  constructor(private readonly o: InvokerOptions) {}

  /** Ends one invocation now (crash injection); its late code is parked by the caller. */
  kill(invocationId: string, how: KillHow): void {
    this.live.get(invocationId)?.(how);
  }

  /** The process died: every invocation in flight ends, every later one fails at once. */
  exit(): void {
    this.exited = true;
    for (const end of this.live.values()) end('exit');
  }

  async invoke(spec: InvokeSpec): Promise<InvokeResult> {
    const invocationId = randomUUID();
    const chain = spec.chain ?? { originId: invocationId, pushes: 0 };
    const limitMs = spec.limitMs * this.o.limitScale;
    const elapsedClock = this.o.limitClock === 'wall' ? () => performance.now() : () => this.o.clock.now();
    const started = elapsedClock();
    const startedAt = this.o.clock.now();
    const rssBefore = process.memoryUsage().rss;
    const forgeRuntime: ForgeRuntimeGlobal = {
      proxy: { token: `local-${invocationId}`, url: 'local://forge-runtime' },
      contextAri: this.o.contextAri,
      container: { runtime: 'local', handler: spec.handler },
      appContext: {
        appId: this.o.appId,
        appVersion: '1.0.0',
        environmentId: 'local',
        environmentType: 'DEVELOPMENT',
        invocationId,
        installationId: this.o.installationId,
        functionKey: spec.functionKey,
        moduleType: spec.moduleType,
        moduleKey: spec.moduleKey,
        ...(this.o.license ? { license: this.o.license } : {}),
        permissions: { scopes: this.o.scopes, external: {} },
      },
      ...(spec.accountId !== undefined ? { aaid: spec.accountId } : {}),
      lambdaContext: {
        awsRequestId: invocationId,
        getRemainingTimeInMillis: () => Math.max(0, limitMs - (elapsedClock() - started)),
      },
      tracing: {
        traceId: invocationId.replace(/-/g, ''),
        spanId: invocationId.slice(0, 16).replace(/-/g, ''),
      },
      realtime: {},
      metrics: noopMetrics,
      featureFlags: () => false,
    };
    const scope: InvocationScope = {
      ownerId: this.o.ownerId,
      invocationId,
      ...(spec.accountId !== undefined ? { accountId: spec.accountId } : {}),
      ...(spec.product !== undefined ? { product: spec.product } : {}),
      forgeRuntime,
      chain,
    };

    let timer: NodeJS.Timeout | undefined;
    let killed: KillHow | null = this.exited ? 'exit' : null;
    const run =
      killed === null
        ? invocationScopes.run(scope, () => Promise.resolve().then(spec.call))
        : new Promise<unknown>(() => undefined); // a dead process runs nothing
    const timeout = new Promise<'timeout' | 'killed'>((resolve) => {
      if (this.o.limitClock === 'wall') {
        timer = setTimeout(() => resolve('timeout'), limitMs);
        timer.unref();
      }
      if (killed !== null) resolve('killed');
      this.live.set(invocationId, (how) => {
        killed = how;
        resolve('killed');
      });
    });
    let outcome: { ok: true; value: unknown } | { ok: false; error: Error; timedOut: boolean };
    try {
      const raced = await Promise.race([run.then((value) => ({ value })), timeout]);
      const elapsed = elapsedClock() - started;
      if (raced === 'killed' && killed === 'exit') {
        run.catch(() => undefined);
        outcome = { ok: false, error: new InjectedCrashError('exit', null), timedOut: false };
      } else if (raced === 'timeout' || raced === 'killed' || elapsed > limitMs) {
        run.catch(() => undefined); // the late promise is abandoned, like a killed function
        outcome = {
          ok: false,
          error: new FunctionTimeoutError(spec.functionKey, limitMs, elapsed),
          timedOut: true,
        };
      } else {
        outcome = { ok: true, value: raced.value };
      }
    } catch (e) {
      outcome = { ok: false, error: e instanceof Error ? e : new Error(String(e)), timedOut: false };
    } finally {
      if (timer) clearTimeout(timer);
      this.live.delete(invocationId);
    }

    const isRetryRequest = outcome.ok && isInvocationErrorValue(outcome.value);
    const record: InvocationRecord = {
      id: invocationId,
      kind: spec.kind,
      moduleKey: spec.moduleKey,
      functionKey: spec.functionKey,
      handler: spec.handler,
      ...(spec.accountId !== undefined ? { accountId: spec.accountId } : {}),
      startedAt,
      durationMs: elapsedClock() - started,
      limitMs,
      outcome: outcome.ok
        ? isRetryRequest
          ? 'retry-requested'
          : 'success'
        : outcome.timedOut
          ? 'timeout'
          : 'error',
      ...(!outcome.ok ? { error: { name: outcome.error.name, message: outcome.error.message } } : {}),
      rssDeltaBytes: process.memoryUsage().rss - rssBefore,
      ...(spec.attempt !== undefined ? { attempt: spec.attempt } : {}),
    };
    this.o.onRecord(record);
    return outcome.ok ? { ...outcome, record, chain } : { ...outcome, record, chain };
  }
}

/**
 * `new InvocationError(...)` from @forge/events returns a plain `{_retry: true, retryOptions}` object (its
 * constructor returns toJSON()), so a bundled copy of the SDK produces the same shape: detect by shape.
 */
export interface RetryOptions {
  retryAfter?: number;
  retryReason?: string;
  retryData?: unknown;
}
export function isInvocationErrorValue(
  value: unknown,
): value is { _retry: true; retryOptions?: RetryOptions } {
  return typeof value === 'object' && value !== null && (value as { _retry?: unknown })._retry === true;
}
