/**
 * GuestSpaceCache (core/ports/guest-spaces.ts) in KVS; keys and shapes in guest-space.schema.ts. Entries are
 * read and written in batches; the change records are few (one per space changed since the last build,
 * older ones are deleted when a build is marked).
 */
import type { GuestSpaceCache, SpacePermissionChange } from '../../core/ports';
import {
  GuestSpaceBuiltRecordSchema,
  GuestSpaceEntryRecordSchema,
  SpacePermissionChangeRecordSchema,
} from './guest-space.schema';
import { KEYS } from './keys';
import { deleteMany, getMany, listByPrefix, readValue, setMany, writeValue } from './kvs-io';

export const createGuestSpaceCache = (): GuestSpaceCache => {
  const changes = async (): Promise<SpacePermissionChange[]> =>
    (await listByPrefix(KEYS.guestSpaceChangedPrefix, SpacePermissionChangeRecordSchema))
      .map(({ value }) => ({ spaceKey: value.spaceKey, at: value.at }))
      .sort((a, b) => (a.spaceKey < b.spaceKey ? -1 : a.spaceKey > b.spaceKey ? 1 : 0));

  return {
    async entries(accountIds) {
      const found = await getMany(
        [...new Set(accountIds)].map(KEYS.guestSpaceOf),
        GuestSpaceEntryRecordSchema,
      );
      return [...found.values()].map((r) => ({
        accountId: r.accountId,
        spaceKeys: r.spaceKeys,
        observedAt: r.observedAt,
      }));
    },
    async put(entries) {
      await setMany(
        entries.map((e) => ({
          key: KEYS.guestSpaceOf(e.accountId),
          value: GuestSpaceEntryRecordSchema.parse({
            schemaVersion: 1,
            accountId: e.accountId,
            spaceKeys: [...e.spaceKeys],
            observedAt: e.observedAt,
          }),
        })),
      );
    },
    async builtAt() {
      return (await readValue(KEYS.guestSpaceBuilt, GuestSpaceBuiltRecordSchema))?.builtAt ?? null;
    },
    async markBuilt(asOf) {
      const before = await readValue(KEYS.guestSpaceBuilt, GuestSpaceBuiltRecordSchema);
      const builtAt = Math.max(asOf, before?.builtAt ?? asOf);
      await writeValue(
        KEYS.guestSpaceBuilt,
        GuestSpaceBuiltRecordSchema.parse({ schemaVersion: 1, builtAt }),
      );
      const older = (await changes()).filter((c) => c.at < builtAt);
      await deleteMany(older.map((c) => KEYS.guestSpaceChanged(c.spaceKey)));
    },
    changes,
    async noteChange(change) {
      const key = KEYS.guestSpaceChanged(change.spaceKey);
      const before = await readValue(key, SpacePermissionChangeRecordSchema);
      if (before !== null && before.at >= change.at) return;
      await writeValue(
        key,
        SpacePermissionChangeRecordSchema.parse({
          schemaVersion: 1,
          spaceKey: change.spaceKey,
          at: change.at,
        }),
      );
    },
  };
};
