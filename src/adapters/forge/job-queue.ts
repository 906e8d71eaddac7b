/**
 * The `reconcile` queue as the app uses it: job bodies in their wire form (strict, versioned objects the
 * consumer parses with handlers/jobs.schema.ts), pushed only by whoever creates the job's dedupe marker
 * first (KVS FAIL_IF_EXISTS + TTL), so duplicate events and replays merge into the pending job. Also the
 * core's JobQueue port, translating core Jobs to wire bodies (style.md rule 11).
 */
import type { Clock, Job, JobQueue as CoreJobQueue } from '../../core/ports';
import { createJobDedupe, type JobDedupe } from '../storage/job-dedupe';
import { createJobQueue, type JobQueue as RawQueue } from './queue';

/** What every wire body carries besides its own fields. */
export interface WireJob extends Record<string, unknown> {
  readonly kind: 'reconcile-person' | 'refresh-space' | 'scan-page' | 'watch-follow-up';
  readonly schemaVersion: 1;
  readonly dedupeKey: string | null;
  readonly requestedAt: number;
}

/** `jobId` of a push whose every job merged into pending ones: nothing was sent to the queue. */
export const MERGED_JOB_ID = 'merged';

export interface DedupedQueue<T extends WireJob> {
  /**
   * Push jobs (1..50) whose dedupe markers this call creates; jobs already pending are left out.
   * @throws QueueRateLimitedError when the queue's rate limit is hit (the markers are released first).
   */
  push(
    jobs: readonly { readonly body: T; readonly delayInSeconds?: number }[],
  ): Promise<{ readonly jobId: string }>;
  /** The consumer calls this when a job starts: a later event about the same thing enqueues a fresh job. */
  started(dedupeKey: string | null): Promise<void>;
}

export const createDedupedQueue = <T extends WireJob>(
  queueKey: string,
  clock: Clock,
  deps: { readonly raw?: RawQueue<T>; readonly dedupe?: JobDedupe } = {},
): DedupedQueue<T> => {
  const raw = deps.raw ?? createJobQueue<T>(queueKey);
  const dedupe = deps.dedupe ?? createJobDedupe();
  return {
    async push(jobs) {
      const fresh: { readonly body: T; readonly delayInSeconds?: number }[] = [];
      for (const job of jobs) {
        const key = job.body.dedupeKey;
        if (key === null || (await dedupe.claim(key, job.body.kind, clock.now()))) fresh.push(job);
      }
      if (fresh.length === 0) return { jobId: MERGED_JOB_ID };
      try {
        return await raw.push(fresh);
      } catch (error) {
        for (const job of fresh) if (job.body.dedupeKey !== null) await dedupe.release(job.body.dedupeKey);
        throw error;
      }
    },
    async started(dedupeKey) {
      if (dedupeKey !== null) await dedupe.release(dedupeKey);
    },
  };
};

/** Dedupe keys must be storage-safe; core keys may carry any source text, so they are base64url'ed. */
const safeKey = (key: string): string =>
  /^[A-Za-z0-9:._-]{1,300}$/.test(key) ? key : `b64.${Buffer.from(key, 'utf8').toString('base64url')}`;

/** The core Job in its wire form. */
export const wireJobOf = (job: Job, dedupeKey: string | null, now: number): WireJob => {
  const base = { schemaVersion: 1 as const, requestedAt: now };
  switch (job.type) {
    case 'reconcile-person':
      return {
        ...base,
        kind: 'reconcile-person',
        accountId: job.accountId,
        reason: job.reason,
        dedupeKey: safeKey(dedupeKey ?? `reconcile-person:account:${job.accountId}`),
        ...(job.hints === undefined ? {} : { hints: structuredClone(job.hints) }),
      };
    case 'scan-page':
      return {
        ...base,
        kind: 'scan-page',
        scanId: job.scanId,
        dedupeKey: dedupeKey === null ? null : safeKey(dedupeKey),
      };
    case 'watch-follow-up':
      return {
        ...base,
        kind: 'watch-follow-up',
        source: job.source,
        observedTotal: job.observedTotal,
        dedupeKey: dedupeKey === null ? null : safeKey(dedupeKey),
      };
  }
};

const MAX_DELAY_SECONDS = 900;

/** The core's JobQueue port over a deduplicated queue. */
export const coreJobQueue = (queue: DedupedQueue<WireJob>, clock: Clock): CoreJobQueue => ({
  async enqueue(job, options = {}) {
    const delay =
      options.delayMs === undefined ? 0 : Math.min(MAX_DELAY_SECONDS, Math.ceil(options.delayMs / 1000));
    await queue.push([
      {
        body: wireJobOf(job, options.dedupeKey ?? null, clock.now()),
        ...(delay > 0 ? { delayInSeconds: delay } : {}),
      },
    ]);
  },
});
