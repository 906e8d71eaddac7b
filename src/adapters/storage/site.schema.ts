/**
 * KVS keys `site:snapshot` (desks, linked spaces, relevant groups and site identity as last read) and
 * `watch:<source>` (the watch's watermark per list). Shapes mirror core/ports/site.ts and ports/scan.ts.
 */
import { z } from 'zod';
import { EpochMsSchema, IdSchema, SpaceKeySchema } from '../../contracts';
import type { Assert, Mirrors } from '../../contracts/type-checks';
import type { Desk, Space } from '../../core/model';
import type { Watermark } from '../../core/ports';

const GroupSchema = z.object({ id: IdSchema, name: z.string().max(255) });

export const DeskSchema = z.object({
  id: IdSchema,
  projectId: z.string().min(1).max(256),
  projectKey: z.string().min(1).max(255),
  name: z.string().max(500),
  access: z.enum(['closed', 'open', 'public', 'unknown']),
});

export const SpaceSchema = z.object({
  id: z.string().min(1).max(256),
  key: SpaceKeySchema,
  name: z.string().max(500),
  anonymousRead: z.boolean(),
  unlicensedRead: z.boolean(),
});

export const SiteSnapshotRecordSchema = z.object({
  schemaVersion: z.literal(1),
  info: z.object({
    cloudId: z.string().min(1).max(64),
    siteUrl: z.string().min(1).max(2048),
    customersGroup: GroupSchema,
    customerRoleGroupIds: z.array(IdSchema),
    guestGroupIds: z.array(IdSchema),
  }),
  desks: z.array(DeskSchema),
  spaces: z.array(SpaceSchema),
  groups: z.array(GroupSchema),
  takenAt: EpochMsSchema,
});

export const WatermarkRecordSchema = z.object({
  schemaVersion: z.literal(1),
  source: z.string().min(1).max(512),
  total: z.number().int().nonnegative(),
  tailCursor: z.string().min(1).max(2048).nullable(),
  checkedAt: EpochMsSchema,
});

/** @public a compile-time check, imported by nobody (knip keeps @public exports). */
export type SiteSchemasInSync = [
  Assert<Mirrors<typeof DeskSchema, Desk>>,
  Assert<Mirrors<typeof SpaceSchema, Space>>,
  Assert<Mirrors<ReturnType<typeof WatermarkRecordSchema.omit<{ schemaVersion: true }>>, Watermark>>,
];
