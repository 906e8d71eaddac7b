/**
 * The local Forge runtime: runs the app's real handlers (source or @forge/bundler output) with the real
 * @forge/* SDKs, answering their `__forge_fetch__` calls with the emulated site (HTTP), an in-process KVS /
 * Custom Entity Store, and a queue; firing scheduled triggers on the virtual clock; delivering product events
 * from the site's change feed; and invoking resolvers with Forge-shaped envelopes. manifest.yml drives it.
 * What it cannot emulate is listed in docs/local-runtime.md.
 */
import { randomUUID } from 'node:crypto';
import { RequestProductNotAllowedError } from '@forge/api';
import path from 'node:path';
import type { VirtualClock } from '../clock/virtual-clock';
import { buildApp, type BuildResult } from './build';
import { ConsentRegistry } from './consent';
import { CrashInjector, parked, type CrashOp, type CrashPlan, type CrashReport } from './crash';
import { attachTarget, jsonResponse, type FetchMeta } from './fetch-router';
import { HandlerLoader, type HandlerModuleKind } from './handler-loader';
import { Invoker, type InvocationRecord, type InvocationScope, type InvokeResult } from './invocation';
import { KvsEmulator } from './kvs-emulator';
import {
  loadManifest,
  type ConsumerDef,
  type LoadedManifest,
  type ScheduledTriggerDef,
  type TriggerDef,
} from './manifest';
import {
  feedResponseSchema,
  productEventOf,
  ProductEvents,
  type ProductEvent,
  type TriggerDelivery,
} from './product-events';
import { QueueEmulator, type AsyncEvent, type JobStats, type QueueEventRecord } from './queue-emulator';
import { checkScheduledResponse, Scheduler, type ScheduleState } from './scheduler';
import { seededRandom } from './seeded-random';

export { buildApp, type BuildResult } from './build';
export { NEEDS_AUTHENTICATION_ERR, type ConsentRegistry } from './consent';
export {
  CRASH_MODES,
  CRASH_OPS,
  InjectedCrashError,
  type CrashMode,
  type CrashOp,
  type CrashPlan,
  type CrashReport,
} from './crash';
export { FunctionTimeoutError, type InvocationRecord, type InvokeResult } from './invocation';
export { KvsEmulator } from './kvs-emulator';
export { ManifestError, loadManifest, type LoadedManifest } from './manifest';
export {
  feedEntrySchema,
  productEventOf,
  type FeedEntry,
  type ProductEvent,
  type TriggerDelivery,
} from './product-events';
export { QUEUE_LIMITS, type AsyncEvent, type JobStats, type QueueEventRecord } from './queue-emulator';
export { ScheduledResponseError } from './scheduler';

export interface ChaosOptions {
  seed: number;
  /** Probability that a delivered queue event / product event / scheduled fire arrives twice. */
  duplicateRate?: number;
  /** Deliver due queue events in a seeded random order instead of due-time order. */
  reorder?: boolean;
}

export interface ForgeRuntimeOptions {
  /** Folder holding manifest.yml, src/ and tsconfig.json. */
  appRoot: string;
  /** Default `<appRoot>/manifest.yml`. */
  manifestPath?: string;
  /** Base URL of the emulated site (local/atlassian-site `createSite().url`). */
  siteUrl: string;
  clock: VirtualClock;
  /** App id (uuid) or app ARI; `X-Local-Caller: app:<uuid>`. */
  appId: string;
  cloudId: string;
  /** Persist KVS / secrets / entities to this JSON file (atomic writes); omitted = memory only. */
  kvsFile?: string;
  chaos?: ChaosOptions;
  /** 'source' (default): require `<appRoot>/src/<file>`; 'bundle': the @forge/bundler output. */
  handlerModule?: HandlerModuleKind;
  /** Bundle folder from buildApp(); when omitted with handlerModule 'bundle', the runtime builds one. */
  bundleDir?: string;
  /** Default `ari:cloud:jira::site/<cloudId>`. */
  installContext?: string;
  license?: Record<string, unknown>;
  /** Product-event delivery delay: fixed ms or a seeded range (Forge documents up to 180 000). Default 0. */
  productEventDelayMs?: number | { min: number; max: number };
  /** scale multiplies Forge's limits (25 s, 55 s, timeoutSeconds); clock picks what they are measured on. */
  timeLimits?: { scale?: number; clock?: 'wall' | 'virtual' };
  /** Scheduled triggers start this long after creation ("about 5 min after deploy"). Default 300 000. */
  scheduleStartDelayMs?: number;
  /** Run due work when someone else advances the shared clock. Default true. */
  followClockAdvances?: boolean;
  onInvocation?: (record: InvocationRecord) => void;
  /**
   * Stop timed-out invocations like Forge does: once an invocation is reported FUNCTION_TIME_OUT, its later
   * storage, REST and queue calls fail instead of running on in-process; each call first yields to the
   * event loop so the wall-clock limit can fire during long in-process storage loops. Default false.
   */
  stopTimedOut?: boolean;
  /**
   * Accounts that have already allowed the app access (consent.ts). Default none: on a fresh installation a
   * user's asUser calls answer NEEDS_AUTHENTICATION_ERR until `consent.grant(accountId)` (the preview's
   * "Allow access"). Persisted beside `kvsFile` when that is given.
   */
  consentedAccounts?: Iterable<string>;
  /**
   * What the app's `Date.now()` reads. On Forge it is the function's wall time, the only clock an app has
   * (Node.js runtime: no Forge API exposes another). Offline the site and the runtime live on the virtual
   * clock, so 'virtual' makes `Date.now` return `clock.now()` while this runtime is open (process-wide,
   * restored on close), and the app stamps the same time as the site and the schedules (`npm start`, the
   * preview host). 'wall' (default) leaves `Date.now` alone (docs/local-runtime.md "The app's clock").
   */
  appTime?: 'wall' | 'virtual';
}

export interface ResolverCallOptions {
  accountId: string;
  extension: Record<string, unknown>;
  localId?: string;
  locale?: string;
  timezone?: string;
}

export interface TickReport {
  from: number;
  to: number;
  invocations: number;
}
export interface DrainReport {
  invocations: number;
  pending: number;
  now: number;
}

export interface ForgeRuntime {
  readonly manifest: LoadedManifest;
  readonly siteUrl: string;
  readonly appId: string;
  invokeResolver(
    moduleKey: string,
    functionKey: string,
    payload: unknown,
    call: ResolverCallOptions,
  ): Promise<InvokeResult>;
  /** Delivers a product event now (no delay) to every subscribed trigger; returns each trigger's result. */
  deliverProductEvent(event: ProductEvent): Promise<InvokeResult[]>;
  /** Reads new change-feed entries from the site, schedules their deliveries and runs what is due. */
  pumpFeed(): Promise<number>;
  /** Advances the clock by ms, firing schedules, product events and queue events at their own instants. */
  tick(ms: number): Promise<TickReport>;
  /** Runs queued (and product) events until none is pending; advances the clock to delayed ones only if asked. */
  drain(options?: { advanceClock?: boolean; maxInvocations?: number }): Promise<DrainReport>;
  /** Runs everything due at the current instant. */
  runDue(): Promise<number>;
  /** The file a function's handler is loaded from (source .ts or bundle .cjs). */
  handlerFile(functionKey: string): string;
  /** Polls the feed and runs due work every intervalMs (for `npm start` with a following clock). */
  startPolling(intervalMs: number): () => void;
  readonly kvs: KvsEmulator;
  /** Per-user consent of this installation (consent.ts): grant, revoke, has, list, refusals. */
  readonly consent: Pick<ConsentRegistry, 'grant' | 'revoke' | 'has' | 'list' | 'refusals'>;
  readonly queue: {
    all(): readonly QueueEventRecord[];
    pending(): QueueEventRecord[];
    jobStats(jobId: string): JobStats | undefined;
  };
  readonly productEvents: { all(): readonly TriggerDelivery[] };
  readonly schedules: { list(): readonly ScheduleState[] };
  readonly invocations: readonly InvocationRecord[];
  /**
   * Crash injection (crash.ts): kill the invocation that makes the plan's at-th outbound operation (KVS, site
   * REST, queue push) from now on: `throw` at that operation, `timeout` there, or `exit` the whole runtime.
   */
  readonly crash: { arm(plan: CrashPlan): void; disarm(): void; report(): CrashReport };
  close(): Promise<void>;
}

const MAX_DUE_PASSES = 10_000;
/** The scopes an impersonation token carries (site contract: docs/emulated-site.md). */
const TOKEN_SCOPES_HEADER = 'X-Local-Token-Scopes';

export async function createForgeRuntime(options: ForgeRuntimeOptions): Promise<ForgeRuntime> {
  const appRoot = path.resolve(options.appRoot);
  const manifest = loadManifest(options.manifestPath ?? path.join(appRoot, 'manifest.yml'));
  const appId = options.appId.replace(/^ari:cloud:ecosystem::app\//, '');
  const clock = options.clock;
  const siteUrl = options.siteUrl.replace(/\/+$/, '');
  const installContext = options.installContext ?? `ari:cloud:jira::site/${options.cloudId}`;
  const installationId = `local-${options.cloudId}`;
  // The Atlassian app the installation lives in (its installContext's), and the ones its invocations may
  // call: Forge "App compatibility" — without `app.compatibility` an app is installed in one Atlassian app
  // only; with it, the required app's installation (one installation id) is connected to the optional ones.
  const installProduct = /^ari:cloud:([a-z]+)::/.exec(installContext)?.[1] ?? 'jira';
  const compatible = manifest.compatibleProducts;
  const installation = {
    ari: `ari:cloud:ecosystem::installation/${installationId}`,
    contexts: [
      installContext,
      ...(compatible ?? [])
        .filter((product) => product !== installProduct)
        .map((product) => `ari:cloud:${product}::site/${options.cloudId}`),
    ],
  };
  const productOfModule = (moduleType: string): string => {
    const prefix = moduleType.split(':')[0] ?? '';
    return moduleType.includes(':') && prefix !== 'core' ? prefix : installProduct;
  };
  const ownerId = randomUUID();
  const random = seededRandom(options.chaos?.seed ?? 1);
  const duplicateRate = options.chaos?.duplicateRate ?? 0;
  const delaySpec = options.productEventDelayMs ?? 0;
  const delayMs = (): number =>
    typeof delaySpec === 'number'
      ? delaySpec
      : Math.round(delaySpec.min + random() * Math.max(0, delaySpec.max - delaySpec.min));

  let built: BuildResult | undefined;
  let bundleDir = options.bundleDir;
  if ((options.handlerModule ?? 'source') === 'bundle' && !bundleDir) {
    built = await buildApp({ appRoot, manifestPath: manifest.path });
    bundleDir = built.outDir;
  }
  const loader = new HandlerLoader(appRoot, options.handlerModule ?? 'source', bundleDir);
  const restoreDateNow = useAppTime(options.appTime ?? 'wall', clock);
  const invocations: InvocationRecord[] = [];
  const timedOut = new Set<string>();
  const invoker = new Invoker({
    ownerId,
    clock,
    appId,
    cloudId: options.cloudId,
    installationId,
    contextAri: installContext,
    scopes: manifest.scopes,
    ...(options.license ? { license: options.license } : {}),
    limitScale: options.timeLimits?.scale ?? 1,
    limitClock: options.timeLimits?.clock ?? 'wall',
    onRecord: (record) => {
      if (record.outcome === 'timeout') timedOut.add(record.id);
      invocations.push(record);
      options.onInvocation?.(record);
    },
  });
  const kvs = new KvsEmulator({
    clock,
    entities: manifest.entities,
    ...(options.kvsFile ? { file: options.kvsFile } : {}),
  });
  const consent = new ConsentRegistry({
    ...(options.kvsFile ? { file: `${options.kvsFile}.consent.json` } : {}),
    ...(options.consentedAccounts ? { granted: options.consentedAccounts } : {}),
  });
  const backendPayload = (accountId?: string): Record<string, unknown> => ({
    ...(accountId !== undefined ? { principal: { accountId } } : {}),
    installContext,
    ...(options.license ? { license: options.license } : {}),
    installation,
  });
  /**
   * The context argument of every function that is not a resolver (product trigger, scheduled trigger,
   * consumer). Forge "Function Arguments", "Context Schema": "Context is the same for all modules" —
   * `{installContext, principal?, license?, installation?, workspaceId?}`; no cloudId, no moduleKey. None of
   * these invocations has a user, so no principal (the scheduled-trigger page: "Since no user is involved,
   * this value is undefined"). Table in docs/local-runtime.md "Context shapes per module kind".
   */
  const functionContext = (): Record<string, unknown> => ({
    installContext,
    ...(options.license ? { license: options.license } : {}),
    installation,
  });
  const fnOf = (key: string) => {
    const fn = manifest.functions.get(key);
    if (!fn) throw new Error(`manifest has no function '${key}'`);
    return fn;
  };

  const queue = new QueueEmulator({
    clock,
    consumers: manifest.consumers,
    consumerLimitMs: (q) => {
      const c = manifest.consumers.find((x) => x.queue === q);
      return c ? fnOf(c.functionKey).timeLimitMs : undefined;
    },
    random,
    duplicateRate,
    reorder: options.chaos?.reorder ?? false,
    deliver: (consumer: ConsumerDef, event: AsyncEvent, record: QueueEventRecord) => {
      const fn = fnOf(consumer.functionKey);
      const handler = loader.load(fn); // loading (cold start) is not timed
      return invoker.invoke({
        kind: 'consumer',
        moduleKey: consumer.key,
        moduleType: 'consumer',
        product: installProduct,
        functionKey: fn.key,
        handler: fn.handler,
        limitMs: fn.timeLimitMs,
        attempt: record.deliveries,
        chain: record.chain,
        call: () => {
          if (consumer.resolverMethod !== undefined) {
            return handler(
              {
                call: { functionKey: consumer.resolverMethod, payload: event.body, jobId: event.jobId },
                context: {
                  ...functionContext(),
                  ...(event.retryContext ? { retryContext: event.retryContext } : {}),
                },
              },
              backendPayload(),
            );
          }
          // Async events API, "Consumer function": the AsyncEvent, then the common function context.
          return handler(event, functionContext());
        },
      });
    },
  });

  const scheduler = new Scheduler({
    clock,
    cloudId: options.cloudId,
    triggers: manifest.scheduledTriggers,
    startDelayMs: options.scheduleStartDelayMs ?? 300_000,
    random,
    duplicateRate,
    fire: async (trigger: ScheduledTriggerDef) => {
      const fn = fnOf(trigger.functionKey);
      const handler = loader.load(fn);
      await invoker.invoke({
        kind: 'scheduled',
        moduleKey: trigger.key,
        moduleType: 'scheduledTrigger',
        product: installProduct,
        functionKey: fn.key,
        handler: fn.handler,
        limitMs: fn.timeLimitMs,
        // Forge "Scheduled triggers" function reference, "Request": {context: {cloudId, moduleKey},
        // contextToken} (the token is opaque: "This value has no meaning to an app"); "Context": the
        // common function context. The answer must be {statusCode} ("Response"; checkScheduledResponse).
        call: async () =>
          checkScheduledResponse(
            await handler(
              {
                context: { cloudId: options.cloudId, moduleKey: trigger.key },
                contextToken: `local-context-token.${randomUUID()}`,
              },
              functionContext(),
            ),
          ),
      });
    },
  });

  const productEvents = new ProductEvents({
    clock,
    appId,
    triggers: manifest.triggers,
    delayMs,
    random,
    duplicateRate,
    invoke: (trigger: TriggerDef, event: Record<string, unknown>, delivery: TriggerDelivery) => {
      const fn = fnOf(trigger.functionKey);
      const handler = loader.load(fn);
      return invoker.invoke({
        kind: 'trigger',
        moduleKey: trigger.key,
        moduleType: 'trigger',
        // The product whose event it is (`avi:<product>:…`).
        product:
          /^avi:([a-z]+):/.exec(typeof event.eventType === 'string' ? event.eventType : '')?.[1] ??
          installProduct,
        functionKey: fn.key,
        handler: fn.handler,
        limitMs: fn.timeLimitMs,
        attempt: delivery.attempts,
        call: () =>
          handler(
            { ...event, context: { cloudId: options.cloudId, moduleKey: trigger.key } },
            functionContext(),
          ),
      });
    },
  });

  // ---------- __forge_fetch__ ----------
  const readJsonBody = async (
    init: RequestInit | undefined,
  ): Promise<{ ok: true; body: unknown } | { ok: false }> => {
    const raw = init?.body;
    if (raw === undefined || raw === null) return { ok: true, body: undefined };
    const text = typeof raw === 'string' ? raw : await new Response(raw).text();
    try {
      return { ok: true, body: JSON.parse(text) as unknown };
    } catch {
      return { ok: false };
    }
  };

  const crash = new CrashInjector();
  const opOf = (meta: FetchMeta): CrashOp =>
    meta.type === 'kvs' || meta.remote === 'kvs' ? 'kvs' : meta.remote === 'stargate' ? 'queue' : 'site';
  const forgeFetch = async (
    meta: FetchMeta,
    rawPath: string,
    init: RequestInit | undefined,
    scope: InvocationScope | undefined,
  ): Promise<Response> => {
    if (options.stopTimedOut === true && scope !== undefined) {
      // In-process storage answers never leave the microtask queue, so a wall-clock limit timer could not
      // fire during a long chain of KVS calls: yield to the event loop first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (timedOut.has(scope.invocationId))
        throw new Error('FUNCTION_TIME_OUT: the invocation was stopped at its time limit');
    }
    if (scope !== undefined) {
      const decision = crash.decide(opOf(meta), scope.invocationId);
      if (decision.kind === 'throw') throw decision.error;
      if (decision.kind === 'park') {
        if (decision.fired === 'timeout') invoker.kill(scope.invocationId, 'timeout');
        if (decision.fired === 'exit') invoker.exit();
        return parked<Response>();
      }
    }
    return forward(meta, rawPath, init, scope);
  };
  const forward = async (
    meta: FetchMeta,
    rawPath: string,
    init: RequestInit | undefined,
    scope: InvocationScope | undefined,
  ): Promise<Response> => {
    const pathOnly = rawPath.split('?')[0] ?? rawPath;
    if (meta.type === 'kvs' || meta.remote === 'kvs') {
      const body = await readJsonBody(init);
      if (!body.ok)
        return jsonResponse(400, { code: 'INVALID_REQUEST', message: 'The request body is not JSON.' });
      const r = kvs.handle(pathOnly, body.body);
      return jsonResponse(r.status, r.body);
    }
    if (meta.type !== 'fpp')
      throw new Error(`__forge_fetch__: meta.type '${meta.type}' is not emulated by the local runtime`);
    if (meta.remote === 'stargate') {
      const body = await readJsonBody(init);
      if (!body.ok) return jsonResponse(400, { message: 'The request body is not JSON.' });
      if (pathOnly.startsWith('/webhook/queue/publish/')) {
        const r = queue.publish(body.body, scope);
        return jsonResponse(r.status, r.body);
      }
      if (pathOnly.startsWith('/webhook/queue/stats/')) {
        const r = queue.stats(body.body);
        return jsonResponse(r.status, r.body);
      }
      if (pathOnly.startsWith('/webhook/queue/cancel/')) {
        const r = queue.cancel(body.body);
        return jsonResponse(r.status, r.body);
      }
      return jsonResponse(404, { message: `stargate ${pathOnly} is not emulated by the local runtime` });
    }
    if (meta.remote !== 'jira' && meta.remote !== 'confluence') {
      throw new Error(
        `__forge_fetch__: remote '${meta.remote ?? '(none)'}' is not emulated by the local runtime`,
      );
    }
    // Forge "App compatibility": a single-app app (no `app.compatibility`) can only reach its own Atlassian
    // app; cross-app requests need the other app declared. @forge/api 8.3.0 defines the error the platform
    // raises (out/api/errors.js `RequestProductNotAllowedError`: "Request <product> is not allowed from
    // <product> context.") but no SDK code path throws it: it comes from the runtime side this emulator
    // replaces, so the runtime throws the SDK's own class through __forge_fetch__ (docs/local-runtime.md).
    const from = scope?.product;
    if (from !== undefined && meta.remote !== from && !(compatible ?? [from]).includes(meta.remote))
      throw new RequestProductNotAllowedError(meta.remote, from);
    const headers = new Headers(init?.headers);
    headers.delete(TOKEN_SCOPES_HEADER);
    if (meta.provider === 'app') headers.set('X-Local-Caller', `app:${appId}`);
    else if (meta.provider === 'user') {
      const accountId = meta.accountId ?? scope?.accountId;
      if (accountId === undefined) {
        // asUser() where the invocation has no user (scheduled trigger, queue consumer, product event).
        return new Response(null, { status: 401, headers: { 'forge-proxy-error': 'NO_USER_CONTEXT' } });
      }
      const refused = consent.gate(accountId); // no consent yet: 401 NEEDS_AUTHENTICATION_ERR (consent.ts)
      if (refused) return refused;
      headers.set('X-Local-Caller', `user:${accountId}`);
      // asUser(accountId) is offline user impersonation: its token carries only the scopes declared with
      // `allowImpersonation: true` (Forge manifest "Permissions", "Scopes"; forge-platform.md §5.4). The
      // site checks them against the operation's OAuth scopes in the official spec (router.ts).
      if (meta.accountId !== undefined)
        headers.set(TOKEN_SCOPES_HEADER, manifest.impersonationScopes.join(' '));
    } else headers.delete('X-Local-Caller');
    return fetch(siteUrl + rawPath, { ...init, headers });
  };
  const detach = attachTarget({ ownerId, forgeFetch });

  // ---------- time ----------
  let driving = false; // true while this runtime moves the clock itself
  let running = false;
  const runDue = async (): Promise<number> => {
    if (running || crash.dead) return 0; // a dead process delivers nothing
    running = true;
    try {
      let total = 0;
      for (let pass = 0; pass < MAX_DUE_PASSES; pass++) {
        const n =
          (await scheduler.runDue()) + (await productEvents.deliverDue()) + (await queue.deliverDue());
        if (n === 0) return total;
        total += n;
      }
      throw new Error(`runDue: still busy after ${MAX_DUE_PASSES} passes (an event loop in the app?)`);
    } finally {
      running = false;
    }
  };
  const nextDueAt = (): number | undefined => {
    const times = [scheduler.nextDueAt(), productEvents.nextDueAt(), queue.nextDueAt()].filter(
      (t): t is number => t !== undefined,
    );
    return times.length > 0 ? Math.min(...times) : undefined;
  };
  const advanceTo = async (t: number): Promise<void> => {
    if (t <= clock.now()) return;
    driving = true;
    try {
      await clock.set(t);
    } finally {
      driving = false;
    }
  };
  const unsubscribe =
    options.followClockAdvances === false
      ? () => undefined
      : clock.onAdvance(async () => {
          if (!driving) await runDue();
        });

  const countSince = (start: number): number => invocations.length - start;
  const tick = async (ms: number): Promise<TickReport> => {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`tick needs a finite ms >= 0, got ${ms}`);
    const from = clock.now();
    const to = from + ms;
    const start = invocations.length;
    await runDue();
    // A dead process (crash injection `exit`) delivers nothing: only the clock moves.
    for (let next = nextDueAt(); next !== undefined && next <= to && !crash.dead; next = nextDueAt()) {
      await advanceTo(next);
      await runDue();
    }
    await advanceTo(to);
    await runDue();
    return { from, to, invocations: countSince(start) };
  };

  const drain = async (o: { advanceClock?: boolean; maxInvocations?: number } = {}): Promise<DrainReport> => {
    const start = invocations.length;
    const max = o.maxInvocations ?? 10_000;
    const pendingCount = (): number =>
      queue.pending().filter((e) => manifest.consumers.some((c) => c.queue === e.queueName)).length +
      productEvents.all().filter((d) => d.state === 'pending').length;
    await runDue();
    while (pendingCount() > 0 && o.advanceClock === true && !crash.dead) {
      if (countSince(start) > max)
        throw new Error(`drain: more than ${max} invocations; the queue does not empty`);
      const next = [queue.nextDueAt(), productEvents.nextDueAt()].filter((t): t is number => t !== undefined);
      if (next.length === 0) break;
      await tick(Math.max(0, Math.min(...next) - clock.now()));
    }
    return { invocations: countSince(start), pending: pendingCount(), now: clock.now() };
  };

  let feedCursor = 0;
  const pumpFeed = async (): Promise<number> => {
    const res = await fetch(`${siteUrl}/__local/feed?after=${feedCursor}`);
    if (!res.ok) throw new Error(`change feed: GET /__local/feed answered ${res.status}`);
    const parsed = feedResponseSchema.parse(await res.json());
    const entries = (Array.isArray(parsed) ? parsed : parsed.events)
      .filter((e) => e.seq > feedCursor)
      .sort((a, b) => a.seq - b.seq);
    for (const e of entries) {
      productEvents.enqueue(productEventOf(e));
      feedCursor = Math.max(feedCursor, e.seq);
    }
    await runDue();
    return entries.length;
  };

  const pollers = new Set<NodeJS.Timeout>();
  let chain: Promise<unknown> = Promise.resolve();
  const startPolling = (intervalMs: number): (() => void) => {
    const timer = setInterval(() => {
      chain = chain
        .then(pumpFeed)
        .then(runDue)
        .catch((e: unknown) => console.error('[forge-runtime] poll failed:', e));
    }, intervalMs);
    pollers.add(timer);
    return () => {
      clearInterval(timer);
      pollers.delete(timer);
    };
  };

  return {
    manifest,
    siteUrl,
    appId,
    async invokeResolver(moduleKey, functionKey, payload, call) {
      const mod = manifest.resolverModules.get(moduleKey);
      if (!mod) throw new Error(`manifest has no module '${moduleKey}' with a resolver`);
      const fn = fnOf(mod.functionKey);
      const handler = loader.load(fn);
      const context = {
        accountId: call.accountId,
        cloudId: options.cloudId,
        extension: call.extension,
        environmentId: 'local',
        environmentType: 'DEVELOPMENT',
        localId: call.localId ?? `ari:cloud:ecosystem::extension/${appId}/local/static/${moduleKey}`,
        locale: call.locale ?? 'en-US',
        moduleKey,
        siteUrl,
        timezone: call.timezone ?? 'UTC',
        ...(options.license ? { license: options.license } : {}),
      };
      return invoker.invoke({
        kind: 'resolver',
        moduleKey,
        moduleType: mod.moduleType,
        product: productOfModule(mod.moduleType),
        functionKey: fn.key,
        handler: fn.handler,
        limitMs: fn.timeLimitMs,
        accountId: call.accountId,
        call: () =>
          handler(
            { call: { functionKey, payload: structuredClone(payload), jobId: undefined }, context },
            backendPayload(call.accountId),
          ),
      });
    },
    async deliverProductEvent(event) {
      const results: InvokeResult[] = [];
      for (const d of productEvents.enqueue(event, 0)) {
        const r = await productEvents.deliver(d);
        if (r) results.push(r);
      }
      return results;
    },
    pumpFeed,
    handlerFile: (functionKey) => loader.resolveFile(fnOf(functionKey)),
    tick,
    drain,
    runDue,
    startPolling,
    kvs,
    consent,
    queue: {
      all: () => queue.all(),
      pending: () => queue.pending(),
      jobStats: (jobId) => queue.jobStats(jobId),
    },
    productEvents: { all: () => productEvents.all() },
    schedules: { list: () => scheduler.list() },
    invocations,
    crash: {
      arm: (plan) => crash.arm(plan),
      disarm: () => crash.disarm(),
      report: () => crash.report(),
    },
    async close() {
      for (const timer of pollers) clearInterval(timer);
      pollers.clear();
      await chain.catch(() => undefined);
      unsubscribe();
      detach();
      restoreDateNow();
      await built?.cleanup();
    },
  };
}

/** Point `Date.now` at the virtual clock ('virtual'); the returned function puts back what was there. */
const useAppTime = (appTime: 'wall' | 'virtual', clock: VirtualClock): (() => void) => {
  if (appTime === 'wall') return () => undefined;
  const previous = Date.now;
  Date.now = () => clock.now();
  return () => {
    Date.now = previous;
  };
};
