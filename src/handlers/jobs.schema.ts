/**
 * Bodies of the jobs on the `reconcile` queue. We write them ourselves, so they are strict objects with a
 * `schemaVersion`; the consumer still parses every delivery (at-least-once, possibly from an older version).
 * A body stays far below the 100 KB per-event limit of long-running consumers.
 */
import { z } from 'zod';
import { AccountIdSchema, EmailKeySchema, EpochMsSchema, IdSchema, SpaceKeySchema } from '../contracts';

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
  /** What the trigger knew (the desk a request was raised on, the desk list an account appeared on). */
  hints: z
    .strictObject({
      reporterOnDeskIds: z.array(IdSchema).max(50).optional(),
      customerOfDeskIds: z.array(IdSchema).max(50).optional(),
    })
    .optional(),
  /** The project a request was raised in (request-created); the consumer maps it to its desk. */
  reportedInProjectId: IdSchema.optional(),
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

/** Continue the resumable scan (the scan cursor says where); one step chain per job. */
export const ScanPageJobSchema = z.strictObject({
  kind: z.literal('scan-page'),
  schemaVersion: z.literal(1),
  scanId: IdSchema,
  dedupeKey: DedupeKeySchema.nullable(),
  requestedAt: EpochMsSchema,
});

/** The watch saw a list's total change: re-read that list and reconcile accounts the app does not know. */
export const WatchFollowUpJobSchema = z.strictObject({
  kind: z.literal('watch-follow-up'),
  schemaVersion: z.literal(1),
  source: z.string().min(1).max(512),
  observedTotal: z.number().int().nonnegative(),
  dedupeKey: DedupeKeySchema.nullable(),
  requestedAt: EpochMsSchema,
});

export const JobBodySchema = z.union([
  ReconcilePersonJobSchema,
  RefreshSpaceJobSchema,
  ScanPageJobSchema,
  WatchFollowUpJobSchema,
]);

export type ReconcilePersonJob = z.output<typeof ReconcilePersonJobSchema>;
export type RefreshSpaceJob = z.output<typeof RefreshSpaceJobSchema>;
export type ScanPageJob = z.output<typeof ScanPageJobSchema>;
export type JobBody = z.output<typeof JobBodySchema>;
