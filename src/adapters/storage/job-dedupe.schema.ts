/**
 * KVS key `dedupe:<dedupeKey>` (stored with a TTL): the marker that collapses repeated deliveries of the same
 * job (at-least-once queue, duplicated product events) into one run.
 */
import { z } from 'zod';
import { EpochMsSchema } from '../../contracts';

export const JobDedupeMarkerSchema = z.object({
  schemaVersion: z.literal(1),
  dedupeKey: z
    .string()
    .min(1)
    .max(400)
    .regex(/^[A-Za-z0-9:._-]+$/),
  jobKind: z.enum(['reconcile-person', 'refresh-space', 'scan-page', 'watch-follow-up']),
  state: z.enum(['pending', 'running', 'done']),
  firstSeenAt: EpochMsSchema,
  lastSeenAt: EpochMsSchema,
  /** Deliveries collapsed into this marker, including the first. */
  deliveries: z.number().int().positive(),
});
export type JobDedupeMarker = z.output<typeof JobDedupeMarkerSchema>;
