/**
 * KVS key `scan:cursor`: where the resumable scan stands, per source. `cursor` is the REST API's own
 * continuation (offset or v2 cursor), never a Custom Entity Store query cursor (those are unstable).
 */
import { z } from 'zod';
import { EpochMsSchema, IdSchema, ScanSourceSchema } from '../../contracts';

export const ScanSourceProgressSchema = z.object({
  source: ScanSourceSchema,
  /** Desk id, space id or group id for per-object sources; null for site-wide sources. */
  sourceRef: IdSchema.nullable(),
  cursor: z.string().min(1).max(2048).nullable(),
  pagesDone: z.number().int().nonnegative(),
  done: z.boolean(),
});

export const ScanCursorSchema = z.object({
  schemaVersion: z.literal(1),
  scanId: IdSchema,
  state: z.enum(['running', 'waiting-for-budget', 'completed', 'failed']),
  startedAt: EpochMsSchema,
  updatedAt: EpochMsSchema,
  completedAt: EpochMsSchema.nullable(),
  sources: z.array(ScanSourceProgressSchema).max(10_000),
  personsEvaluated: z.number().int().nonnegative(),
});
export type ScanCursor = z.output<typeof ScanCursorSchema>;
