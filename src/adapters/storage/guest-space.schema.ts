/**
 * The guest → space cache (core/ports/guest-spaces.ts) in KVS: `guest-space:of:<accountId>` (one guest's
 * spaces as last read live), `guest-space:changed:<spaceKey>` (a space whose permissions changed, latest
 * time) and `guest-space:built` (since when every guest has an entry).
 */
import { z } from 'zod';
import { AccountIdSchema, EpochMsSchema, SpaceKeySchema } from '../../contracts';
import type { Assert, Mirrors } from '../../contracts/type-checks';
import type { GuestSpaceEntry, SpacePermissionChange } from '../../core/ports';

export const GuestSpaceEntryRecordSchema = z.object({
  schemaVersion: z.literal(1),
  accountId: AccountIdSchema,
  /** A guest has at most one space (atlassian-identity.md §1.5); the cap only bounds a corrupt value. */
  spaceKeys: z.array(SpaceKeySchema).max(100),
  observedAt: EpochMsSchema,
});

export const SpacePermissionChangeRecordSchema = z.object({
  schemaVersion: z.literal(1),
  spaceKey: SpaceKeySchema,
  at: EpochMsSchema,
});

export const GuestSpaceBuiltRecordSchema = z.object({
  schemaVersion: z.literal(1),
  builtAt: EpochMsSchema,
});

/** @public a compile-time check, imported by nobody (knip keeps @public exports). */
export type GuestSpaceSchemasInSync = [
  Assert<
    Mirrors<ReturnType<typeof GuestSpaceEntryRecordSchema.omit<{ schemaVersion: true }>>, GuestSpaceEntry>
  >,
  Assert<
    Mirrors<
      ReturnType<typeof SpacePermissionChangeRecordSchema.omit<{ schemaVersion: true }>>,
      SpacePermissionChange
    >
  >,
];
