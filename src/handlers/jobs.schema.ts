/**
 * Bodies of the jobs on the `reconcile` queue. We write them ourselves, so they are strict objects with a
 * `schemaVersion`; the consumer still parses every delivery (at-least-once, possibly from an older version).
 * A body stays far below the 100 KB per-event limit of long-running consumers.
 */
import { z } from 'zod';
import {
  AccountIdSchema,
  ActorSchema,
  EmailKeySchema,
  EpochMsSchema,
  IdSchema,
  SCAN_SOURCES,
  SpaceKeySchema,
} from '../contracts';

/** A dedupe key is also a KVS key suffix: only characters KVS keys accept. */
export const DedupeKeySchema = z
  .string()
  .min(1)
  .max(400)
  .regex(/^[A-Za-z0-9:._-]+$/, 'not a storage-safe dedupe key');

export const RECONCILE_REASONS = [
  'jira-user-created',
  'jira-user-updated',
  'request-created',
  'confluence-user-created',
  'watch-delta',
  'admin-recheck',
] as const;
export const ReconcileReasonSchema = z.enum(RECONCILE_REASONS);
export type ReconcileReason = z.output<typeof ReconcileReasonSchema>;

const reconcilePersonBase = {
  kind: z.literal('reconcile-person'),
  schemaVersion: z.literal(1),
  reason: ReconcileReasonSchema,
  dedupeKey: DedupeKeySchema,
  requestedAt: EpochMsSchema,
};

/** Re-evaluate one person, found by one of its accounts or by its email key (never both). */
export const ReconcilePersonJobSchema = z.union([
  z.strictObject({ ...reconcilePersonBase, accountId: AccountIdSchema }),
  z.strictObject({ ...reconcilePersonBase, emailKey: EmailKeySchema }),
]);

/** Re-read one space's permissions and diff them against the stored snapshot (the event carries no delta). */
export const RefreshSpaceJobSchema = z.strictObject({
  kind: z.literal('refresh-space'),
  schemaVersion: z.literal(1),
  spaceId: IdSchema,
  spaceKey: SpaceKeySchema,
  dedupeKey: DedupeKeySchema,
  requestedAt: EpochMsSchema,
});

/** One page of one source of a resumable scan. */
export const ScanPageJobSchema = z.strictObject({
  kind: z.literal('scan-page'),
  schemaVersion: z.literal(1),
  scanId: IdSchema,
  source: z.enum(SCAN_SOURCES),
  /** The desk id, space id or group id the source is about; null for site-wide sources. */
  sourceRef: IdSchema.nullable(),
  /** The API's own continuation (offset or cursor) for this page; null for the first page. */
  cursor: z.string().min(1).max(2048).nullable(),
  page: z.number().int().nonnegative(),
  dedupeKey: DedupeKeySchema,
});

/** Apply a previewed plan from `fromIndex` on, as the admin who applied it (or on whose behalf auto-fix runs). */
export const ApplyPlanJobSchema = z.strictObject({
  kind: z.literal('apply-plan'),
  schemaVersion: z.literal(1),
  planId: IdSchema,
  actor: ActorSchema,
  fromIndex: z.number().int().nonnegative(),
  dedupeKey: DedupeKeySchema,
});

export const JobBodySchema = z.union([
  ReconcilePersonJobSchema,
  RefreshSpaceJobSchema,
  ScanPageJobSchema,
  ApplyPlanJobSchema,
]);

export type ReconcilePersonJob = z.output<typeof ReconcilePersonJobSchema>;
export type RefreshSpaceJob = z.output<typeof RefreshSpaceJobSchema>;
export type ScanPageJob = z.output<typeof ScanPageJobSchema>;
export type ApplyPlanJob = z.output<typeof ApplyPlanJobSchema>;
export type JobBody = z.output<typeof JobBodySchema>;
export type JobKind = JobBody['kind'];
