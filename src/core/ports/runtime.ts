/** Time, identity and budget: everything the pure core must be handed rather than reach for. */

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface IdSource {
  /** A new unique id (plans, audit entries, scans). */
  next(): string;
}

/** The installation's REST points budget (product.md §7). */
export interface PointsBudget {
  /** Reserve points for an operation; false when the budget for the current window is spent. */
  tryReserve(points: number): Promise<boolean>;
  /**
   * Release a reservation made by {@link tryReserve} and book what the operation really cost: `actual` is the
   * core's points model of the port call; an implementation that measures the answers books that instead
   * (production: the request layer records each answer's cost, docs/rate-limits.md). Called once per
   * successful reservation, also when the operation failed (a failed request still costs its base point).
   */
  settle(reserved: number, actual: number): Promise<void>;
  /**
   * Points used and allowed in the current window, and when it resets (epoch ms). `heldByPool`: the app's
   * hourly pool, shared by every installation, is what holds this work back now (then `resetsAt` is the
   * pool's reset), not the installation's own share.
   */
  status(): Promise<{
    readonly used: number;
    readonly limit: number;
    readonly resetsAt: number;
    readonly heldByPool?: boolean;
  }>;
}

/** Background work the core asks for. Delivery is at least once: every job must be idempotent. */
export type Job =
  | {
      readonly type: 'reconcile-person';
      readonly accountId: string;
      readonly reason: string;
      readonly hints?: ReconcileHints;
    }
  | { readonly type: 'scan-page'; readonly scanId: string }
  /**
   * The watch saw a list's total change: re-read that list (its newest pages for append-ordered lists) and
   * enqueue reconcile jobs for accounts the app does not know there. `observedTotal` makes the dedupe key.
   */
  | { readonly type: 'watch-follow-up'; readonly source: string; readonly observedTotal: number };

/**
 * Hints a reconcile job may carry from its trigger (an issue event names the desk the reporter used; the
 * watch names the desk list an unknown account appeared on). Merged into the facts read, never trusted alone.
 */
export interface ReconcileHints {
  readonly reporterOnDeskIds?: readonly string[];
  readonly customerOfDeskIds?: readonly string[];
}

export interface JobQueue {
  /**
   * Enqueue a job; jobs with the same dedupe key within the queue's window are merged.
   * @throws QueueError when the job cannot be enqueued.
   */
  enqueue(job: Job, options?: { readonly dedupeKey?: string; readonly delayMs?: number }): Promise<void>;
}
