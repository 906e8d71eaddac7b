/**
 * Dedupe markers for queued jobs (`dedupe:<key>`, created with FAIL_IF_EXISTS and a TTL): the first enqueue
 * of a key wins, later ones within the window are merged into it. The consumer releases the marker when the
 * job starts, so a change that happens after the job read the site enqueues a fresh job.
 */
import { KEYS } from './keys';
import { createIfAbsent, deleteValue, type Ttl } from './kvs-io';
import { JobDedupeMarkerSchema, type JobDedupeMarker } from './job-dedupe.schema';

export const DEDUPE_TTL: Ttl = { value: 1, unit: 'HOURS' };

export interface JobDedupe {
  /** True when this call created the marker (enqueue the job); false when a pending one exists (merged). */
  claim(dedupeKey: string, jobKind: JobDedupeMarker['jobKind'], now: number): Promise<boolean>;
  /** Forget the marker (job started, or its enqueue failed). */
  release(dedupeKey: string): Promise<void>;
}

export const createJobDedupe = (): JobDedupe => ({
  claim: (dedupeKey, jobKind, now) =>
    createIfAbsent(
      KEYS.jobDedupe(dedupeKey),
      JobDedupeMarkerSchema.parse({
        schemaVersion: 1,
        dedupeKey,
        jobKind,
        state: 'pending',
        firstSeenAt: now,
        lastSeenAt: now,
        deliveries: 1,
      }),
      DEDUPE_TTL,
    ),
  release: (dedupeKey) => deleteValue(KEYS.jobDedupe(dedupeKey)),
});
