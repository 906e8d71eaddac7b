/** SiteSnapshotStore (`site:snapshot`) and WatchStore (`watch:<source>`) in KVS. */
import type { SiteSnapshot, SiteSnapshotStore, Watermark, WatchStore } from '../../core/ports';
import { KEYS } from './keys';
import { listByPrefix, readValue, writeValue } from './kvs-io';
import { SiteSnapshotRecordSchema, WatermarkRecordSchema } from './site.schema';

const withoutVersion = <T extends { schemaVersion: 1 }>(record: T): Omit<T, 'schemaVersion'> => {
  const { schemaVersion: _version, ...rest } = record;
  return rest;
};

export const createSiteSnapshotStore = (): SiteSnapshotStore => ({
  async get(): Promise<SiteSnapshot | null> {
    const record = await readValue(KEYS.siteSnapshot, SiteSnapshotRecordSchema);
    return record === null ? null : withoutVersion(record);
  },
  async put(snapshot) {
    await writeValue(
      KEYS.siteSnapshot,
      SiteSnapshotRecordSchema.parse({ schemaVersion: 1, ...structuredClone(snapshot) }),
    );
  },
});

export const createWatchStore = (): WatchStore => ({
  async all(): Promise<Watermark[]> {
    return (await listByPrefix(KEYS.watermarkPrefix, WatermarkRecordSchema)).map((r) =>
      withoutVersion(r.value),
    );
  },
  async get(source) {
    const record = await readValue(KEYS.watermark(source), WatermarkRecordSchema);
    return record === null ? null : withoutVersion(record);
  },
  async put(watermark) {
    await writeValue(
      KEYS.watermark(watermark.source),
      WatermarkRecordSchema.parse({ schemaVersion: 1, ...structuredClone(watermark) }),
    );
  },
});
