/** Clock, ids, points budget and queue fakes: deterministic, observable, behaving like the adapters. */
import type { Clock, IdSource, Job, JobQueue, PointsBudget } from '../../../src/core/ports';

const HOUR_MS = 3_600_000;

export class FakeClock implements Clock {
  /** Milliseconds added on every read (lets deadlines pass during a tick). */
  step = 0;
  constructor(public t: number) {}
  now(): number {
    const t = this.t;
    this.t += this.step;
    return t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export class FakeIds implements IdSource {
  private n = 0;
  constructor(private readonly prefix = 'id') {}
  next(): string {
    this.n += 1;
    return `${this.prefix}-${String(this.n).padStart(4, '0')}`;
  }
}

/**
 * The installation's hourly points budget: reservations count against the window until settled; the window
 * resets at the top of each UTC hour (by the shared clock), with no carry-over.
 */
export class FakeBudget implements PointsBudget {
  used = 0;
  reserved = 0;
  private windowStart: number;
  readonly reservations: number[] = [];
  constructor(
    private readonly clock: { readonly t: number },
    public limit: number,
  ) {
    this.windowStart = clock.t - (clock.t % HOUR_MS);
  }
  private roll(): void {
    const start = this.clock.t - (this.clock.t % HOUR_MS);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
  }
  tryReserve(points: number): Promise<boolean> {
    this.roll();
    if (this.used + this.reserved + points > this.limit) return Promise.resolve(false);
    this.reserved += points;
    this.reservations.push(points);
    return Promise.resolve(true);
  }
  settle(reserved: number, actual: number): Promise<void> {
    this.reserved -= reserved;
    this.used += actual;
    return Promise.resolve();
  }
  status(): Promise<{ used: number; limit: number; resetsAt: number }> {
    this.roll();
    return Promise.resolve({ used: this.used, limit: this.limit, resetsAt: this.windowStart + HOUR_MS });
  }
}

export interface QueuedJob {
  readonly job: Job;
  readonly dedupeKey: string | null;
  readonly delayMs: number;
}

/** At-least-once queue: jobs with a dedupe key seen before are merged (dropped), like the adapter's window. */
export class FakeQueue implements JobQueue {
  readonly jobs: QueuedJob[] = [];
  readonly merged: QueuedJob[] = [];
  private readonly seen = new Set<string>();
  enqueue(job: Job, options: { dedupeKey?: string; delayMs?: number } = {}): Promise<void> {
    const queued = { job, dedupeKey: options.dedupeKey ?? null, delayMs: options.delayMs ?? 0 };
    if (options.dedupeKey !== undefined && this.seen.has(options.dedupeKey)) {
      this.merged.push(queued);
      return Promise.resolve();
    }
    if (options.dedupeKey !== undefined) this.seen.add(options.dedupeKey);
    this.jobs.push(queued);
    return Promise.resolve();
  }
  /** Take every pending job (a consumer run). */
  drain(): QueuedJob[] {
    return this.jobs.splice(0, this.jobs.length);
  }
}
