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
  /** Points used and allowed in the current window, and when it resets (epoch ms). */
  status(): Promise<{ readonly used: number; readonly limit: number; readonly resetsAt: number }>;
}

/** Background work the core asks for. Delivery is at least once: every job must be idempotent. */
export type Job =
  | { readonly type: 'reconcile-person'; readonly accountId: string; readonly reason: string }
  | { readonly type: 'scan-page'; readonly scanId: string }
  | { readonly type: 'apply-plan'; readonly planId: string; readonly actorAccountId: string };

export interface JobQueue {
  /**
   * Enqueue a job; jobs with the same dedupe key within the queue's window are merged.
   * @throws QueueError when the job cannot be enqueued.
   */
  enqueue(job: Job, options?: { readonly dedupeKey?: string; readonly delayMs?: number }): Promise<void>;
}
