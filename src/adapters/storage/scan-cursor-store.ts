/**
 * ScanCursorStore with a real compare-and-set on plain KVS (which has no conditional writes on plain keys):
 * every save claims the next revision key `scan:rev:<n>` with FAIL_IF_EXISTS, so of two savers that read
 * the same revision only one wins; then the head `scan:cursor` is moved. A crash between the two steps is
 * repaired on read by walking forward from the head over claimed revisions.
 */
import type { ScanCursor, ScanCursorStore } from '../../core/ports';
import { KEYS } from './keys';
import { createIfAbsent, readValue, writeValue, type Ttl } from './kvs-io';
import { canonicalJson } from './paging';
import { ScanCursorRevisionSchema, ScanCursorSchema, type ScanCursorRevision } from './scan-cursor.schema';

/** Old revisions only serve crash repair; the head carries the cursor itself. */
const REVISION_TTL: Ttl = { value: 7, unit: 'DAYS' };

const toPort = (stored: ScanCursorRevision['cursor']): ScanCursor | null => {
  if (stored === null) return null;
  const { schemaVersion: _version, ...cursor } = stored;
  return cursor;
};

export const createScanCursorStore = (): ScanCursorStore => {
  const current = async (): Promise<ScanCursorRevision> => {
    let head = (await readValue(KEYS.scanCursorHead, ScanCursorRevisionSchema)) ?? {
      schemaVersion: 1 as const,
      revision: 0,
      cursor: null,
    };
    for (;;) {
      const next = await readValue(KEYS.scanCursorRevision(head.revision + 1), ScanCursorRevisionSchema);
      if (next === null) return head;
      head = next;
    }
  };

  return {
    async get() {
      return toPort((await current()).cursor);
    },

    async save(next, expected) {
      const head = await current();
      if (canonicalJson(toPort(head.cursor)) !== canonicalJson(expected)) return false;
      const revision: ScanCursorRevision = ScanCursorRevisionSchema.parse({
        schemaVersion: 1,
        revision: head.revision + 1,
        cursor: ScanCursorSchema.parse({ schemaVersion: 1, ...structuredClone(next) }),
      });
      if (!(await createIfAbsent(KEYS.scanCursorRevision(revision.revision), revision, REVISION_TTL)))
        return false;
      await writeValue(KEYS.scanCursorHead, revision);
      return true;
    },
  };
};
