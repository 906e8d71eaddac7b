/**
 * The one clock of the local world. The emulated site (rate-limit windows, account creation times,
 * change-feed timestamps) and the local Forge runtime (schedules, queue delays, retention) both read it,
 * so a test can move a whole installation through hours of simulated time in milliseconds.
 *
 * Time only moves when someone calls `advance`/`set` (manual mode, the default for tests), or, for
 * `npm start`, when `follow: true` makes it track wall time from its starting instant.
 */
export type ClockListener = (nowMs: number, previousMs: number) => void | Promise<void>;

export interface VirtualClockOptions {
  /** Epoch milliseconds to start at. Default 2026-11-23T09:00:00Z (a Monday morning, mid-hour windows are visible). */
  startMs?: number;
  /** Track wall time (for interactive use). Tests leave this off. */
  follow?: boolean;
  /** Wall-clock source used only when follow is on; injectable for tests of follow mode. */
  wallNow?: () => number;
}

/** The process's own wall clock, taken before anyone (forge-runtime `appTime: 'virtual'`) repoints `Date.now`. */
const WALL_NOW = Date.now.bind(Date);

export const DEFAULT_START_MS = Date.UTC(2026, 10, 23, 9, 0, 0);

export class VirtualClock {
  private manualMs: number;
  private readonly follow: boolean;
  private readonly wallNow: () => number;
  private readonly wallAnchor: number;
  private readonly listeners = new Set<ClockListener>();

  constructor(options: VirtualClockOptions = {}) {
    this.manualMs = options.startMs ?? DEFAULT_START_MS;
    this.follow = options.follow ?? false;
    this.wallNow = options.wallNow ?? WALL_NOW;
    this.wallAnchor = this.wallNow();
  }

  /** Current virtual time, epoch milliseconds. */
  now(): number {
    return this.follow ? this.manualMs + (this.wallNow() - this.wallAnchor) : this.manualMs;
  }

  /** Current virtual time as a Date (for ISO timestamps in REST bodies and headers). */
  date(): Date {
    return new Date(this.now());
  }

  /** Move time forward by `ms` (≥ 0) and notify listeners (the scheduler fires due triggers from here). */
  async advance(ms: number): Promise<number> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance needs a finite ms >= 0, got ${ms}`);
    const previous = this.now();
    this.manualMs += ms;
    const now = this.now();
    for (const listener of [...this.listeners]) await listener(now, previous);
    return now;
  }

  /** Jump to an absolute instant (never backwards). */
  async set(epochMs: number): Promise<number> {
    const current = this.now();
    if (epochMs < current)
      throw new RangeError(`the virtual clock never goes backwards (${epochMs} < ${current})`);
    return this.advance(epochMs - current);
  }

  onAdvance(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
