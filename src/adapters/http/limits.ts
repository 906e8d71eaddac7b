/**
 * Per-installation request discipline shared by every REST client of one installation (forge-platform.md
 * §3.8 "Recommended client behaviour"): a quota wall that stops ALL calls until the hourly reset once any
 * call saw a `*-quota-*` 429, at most {@link MAX_CONCURRENT} requests in flight, per-endpoint spacing for
 * endpoints with a low burst rate (JSM customer listing: 5 RPS), and the last rate-limit headers seen.
 * Time is injected so tests run on the emulated site's virtual clock.
 */

/** Time as the request layer sees it (injectable: the virtual clock in tests). */
export interface HttpTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemTime: HttpTime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Longest wall time a spaced call waits for the previous call's answer before it starts anyway (still spaced).
 * Far above a normal answer; short enough that a stopped call leaves a 25 s resolver room to finish.
 */
const PREVIOUS_ANSWER_WAIT_MS = 5_000;

/** A wall-clock delay that does not keep the process alive. */
const wallDelay = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/** "Use 5–10 concurrent requests at most" (optimise-forge-costs). */
export const MAX_CONCURRENT = 10;

/** Endpoints whose burst bucket is below the default, as minimum spacing between calls (ms). */
export const BURST_SPACING_MS: Readonly<Record<string, number>> = {
  /** `GET /servicedeskapi/servicedesk/{id}/customer` is limited to 5 RPS per tenant, all desks together. */
  'jsm:getCustomers': 200,
};

/**
 * Who is asking for points: `bulk` is the resumable full scan, the one unbounded consumer; `interactive` is
 * everything a person or a product event waits on (panels, plans, per-event reconciles, the cheap watch).
 */
export type WorkClass = 'bulk' | 'interactive';

/**
 * Bulk work leaves this share of the app's hourly pool to interactive work of every installation: it stops
 * once a reservation would take the pool below it. 20% is where Atlassian raises `X-RateLimit-NearLimit`
 * (forge-platform.md §3.8 Headers, "< 20% remaining"; §3.8 design: "backing off on X-RateLimit-NearLimit").
 */
const BULK_POOL_RESERVE_FRACTION = 0.2;

/** The app's hourly pool as the last answer described it, on our clock. */
export interface PoolView {
  readonly limit: number;
  readonly remaining: number;
  /** Epoch ms (our clock) when the pool resets. */
  readonly resetAt: number;
}

/**
 * Whether the pool, as last seen, admits a reservation of `points` for `work` (pure). Interactive work may
 * use the pool to its last point but never reserves more than is left (no request walks knowingly into the
 * wall: §3.8 "All requests are denied until the next hourly reset"); bulk work keeps the NearLimit reserve.
 * Unknown pool (no quota headers yet, or the window seen has reset): admitted.
 */
export function poolAdmits(
  view: PoolView | null,
  work: WorkClass,
  points: number,
  nowMs: number,
): { readonly ok: true } | { readonly ok: false; readonly until: number } {
  if (view === null || view.resetAt <= nowMs) return { ok: true };
  const floor = work === 'bulk' ? Math.ceil(view.limit * BULK_POOL_RESERVE_FRACTION) : 0;
  return view.remaining - points >= floor ? { ok: true } : { ok: false, until: view.resetAt };
}

/** What the last response's rate-limit headers said (for logs and back-off decisions). */
export interface RateLimitObservation {
  readonly limit: number | null;
  readonly remaining: number | null;
  readonly resetAt: number | null;
  readonly nearLimit: boolean;
  readonly at: number;
}

export class InstallationLimits {
  private blockedUntilMs = 0;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly nextSlot = new Map<string, number>();
  /** Spacing is granted in call order, one waiter at a time, so sleeps never overlap and bunch up. */
  private readonly spacingChains = new Map<string, Promise<void>>();
  private observed: RateLimitObservation | null = null;
  private pool: PoolView | null = null;

  constructor(
    readonly time: HttpTime = systemTime,
    readonly maxConcurrent: number = MAX_CONCURRENT,
  ) {}

  /** Epoch ms until which every call is refused (quota wall); 0 when open. */
  get blockedUntil(): number {
    return this.blockedUntilMs;
  }

  /** Close the wall until `untilMs` (never shortens an existing wall). */
  wall(untilMs: number): void {
    this.blockedUntilMs = Math.max(this.blockedUntilMs, untilMs);
  }

  /** Milliseconds left on the wall at `nowMs`; 0 when calls may go. */
  wallRemaining(nowMs: number): number {
    return Math.max(0, this.blockedUntilMs - nowMs);
  }

  observe(observation: RateLimitObservation): void {
    this.observed = observation;
    const { limit, remaining, resetAt } = observation;
    if (limit !== null && remaining !== null && resetAt !== null)
      this.pool = { limit, remaining: Math.max(0, remaining), resetAt };
  }

  get lastObservation(): RateLimitObservation | null {
    return this.observed;
  }

  /**
   * The app's pool as the last answer with quota headers described it; null before any, or once its window
   * has reset (`nowMs` ≥ reset). A later answer without a remaining count keeps the earlier view.
   */
  poolView(nowMs: number): PoolView | null {
    const view = this.pool;
    return view !== null && view.resetAt > nowMs ? view : null;
  }

  /**
   * Runs `fn` once the endpoint's spacing and a concurrency slot allow it. Calls to a spaced endpoint run
   * one at a time, each starting at least the spacing after the previous one started: at 5 RPS concurrency
   * buys nothing, and sequencing means the bucket never sees a bunch of calls released together. A call waits
   * for the previous one's answer at most {@link PREVIOUS_ANSWER_WAIT_MS} of wall time: a call that never
   * answers (its invocation was stopped mid-call at the time limit, in an instance that serves on) must not
   * hold the endpoint for every later call (test/reliability/crash.test.ts, `timeout` on a getCustomers call:
   * every later apply hung until its own 25 s limit).
   */
  async run<T>(burstKey: string | undefined, fn: () => Promise<T>): Promise<T> {
    const spacing = burstKey === undefined ? undefined : BURST_SPACING_MS[burstKey];
    if (burstKey === undefined || spacing === undefined) return this.withSlot(fn);
    const previous = this.spacingChains.get(burstKey) ?? Promise.resolve();
    const mine = previous.then(async () => {
      const now = this.time.now();
      const slot = Math.max(now, this.nextSlot.get(burstKey) ?? 0);
      if (slot > now) await this.time.sleep(slot - now);
      this.nextSlot.set(burstKey, Math.max(slot, this.time.now()) + spacing);
      return this.withSlot(fn);
    });
    const answered = mine.then(
      () => undefined,
      () => undefined,
    );
    this.spacingChains.set(burstKey, Promise.race([answered, wallDelay(PREVIOUS_ANSWER_WAIT_MS)]));
    return mine;
  }

  private async withSlot<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Requests in flight now (tests check the concurrency cap). */
  get inFlight(): number {
    return this.active;
  }

  private acquire(): Promise<void> {
    if (this.active < this.maxConcurrent) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.active += 1;
        resolve();
      });
    });
  }

  private release(): void {
    this.active -= 1;
    this.waiting.shift()?.();
  }
}

const byInstallation = new Map<string, InstallationLimits>();

/**
 * The shared limits of one installation (key: its cloudId / installation id). Module state survives across
 * invocations of a warm Forge container, which is where a quota wall must be remembered; a cold container
 * re-learns it from the first 429.
 */
export function installationLimits(key: string, time: HttpTime = systemTime): InstallationLimits {
  let limits = byInstallation.get(key);
  if (limits === undefined) {
    limits = new InstallationLimits(time);
    byInstallation.set(key, limits);
  }
  return limits;
}
