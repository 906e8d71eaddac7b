/**
 * KVS key `scan:cursor` (the head) and `scan:rev:<n>` (each saved revision, created with FAIL_IF_EXISTS so
 * two savers of the same revision cannot both win): where the resumable scan stands, in the ScanCursor
 * port's shape. `cursor` is the REST API's own continuation or the last key returned by a store listing,
 * never a Custom Entity Store query cursor (those are not kept across calls).
 */
import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../../contracts';

const Count = z.number().int().nonnegative();

export const ScanCursorSchema = z.object({
  schemaVersion: z.literal(1),
  scanId: IdSchema,
  startedAt: EpochMsSchema,
  source: z.string().min(1).max(512),
  cursor: z.string().min(1).max(2048).nullable(),
  sourcesDone: Count,
  sourcesTotal: Count,
  finishedAt: EpochMsSchema.nullable(),
  sources: z.array(z.string().min(1).max(512)).max(10_000),
  sourceItems: Count,
  accountsSeen: Count,
  personsEvaluated: Count,
  pointsUsed: Count,
  updatedAt: EpochMsSchema,
});

/** One saved revision: the cursor (null once cleared) and its revision number. */
export const ScanCursorRevisionSchema = z.object({
  schemaVersion: z.literal(1),
  revision: z.number().int().nonnegative(),
  cursor: ScanCursorSchema.nullable(),
});
export type ScanCursorRevision = z.output<typeof ScanCursorRevisionSchema>;
