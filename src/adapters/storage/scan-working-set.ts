/**
 * ScanWorkingSet in KVS: facts per account (`ws:<scanId>:f:<accountId>`, merged on upsert: lists as sets,
 * scalars overwrite) and each account's person and bucket (`ws:<scanId>:a:<accountId>`). Listings read the
 * scan's keys by prefix and page by account id / bucket key, so cursors are plain keys that stay valid when
 * the scan resumes in another invocation.
 */
import { z } from 'zod';
import type {
  AccountFacts,
  Page,
  PersonAssignment,
  ScanWorkingSet,
  WorkingSetBucket,
} from '../../core/ports';
import { KEYS } from './keys';
import { deleteMany, getMany, listByPrefix, setMany } from './kvs-io';
import { keyPage, sortByKey } from './paging';
import { WorkingSetAssignmentRecordSchema, WorkingSetFactsRecordSchema } from './working-set.schema';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const union = (a: readonly string[] | undefined, b: readonly string[] | undefined): string[] | undefined =>
  a === undefined && b === undefined ? undefined : [...new Set([...(a ?? []), ...(b ?? [])])].sort(byString);

/** Lists merge as sets (replaying a page is harmless); scalars overwrite. */
export const mergeFacts = (a: AccountFacts | undefined, b: AccountFacts): AccountFacts => {
  const groupIds = union(a?.groupIds, b.groupIds);
  const customerOfDeskIds = union(a?.customerOfDeskIds, b.customerOfDeskIds);
  return {
    ...a,
    ...b,
    ...(groupIds !== undefined ? { groupIds } : {}),
    ...(customerOfDeskIds !== undefined ? { customerOfDeskIds } : {}),
  };
};

export const createScanWorkingSet = (): ScanWorkingSet => {
  const allFacts = async (scanId: string): Promise<AccountFacts[]> =>
    sortByKey(
      (await listByPrefix(KEYS.workingSetFactsPrefix(scanId), WorkingSetFactsRecordSchema)).map(
        (r) => r.value.facts,
      ),
      (f) => f.accountId,
    );
  const allAssignments = async (scanId: string) =>
    (await listByPrefix(KEYS.workingSetAssignmentPrefix(scanId), WorkingSetAssignmentRecordSchema)).map(
      (r) => r.value,
    );

  return {
    async upsert(scanId, facts) {
      const merged = new Map<string, AccountFacts>();
      for (const f of facts) merged.set(f.accountId, mergeFacts(merged.get(f.accountId), f));
      const keys = [...merged.keys()].map((id) => KEYS.workingSetFacts(scanId, id));
      const stored = await getMany(keys, WorkingSetFactsRecordSchema);
      await setMany(
        [...merged.values()].map((f) => {
          const key = KEYS.workingSetFacts(scanId, f.accountId);
          return {
            key,
            value: WorkingSetFactsRecordSchema.parse({
              schemaVersion: 1,
              facts: mergeFacts(stored.get(key)?.facts, structuredClone(f)),
            }),
          };
        }),
      );
    },

    async accounts(scanId, page): Promise<Page<AccountFacts>> {
      return keyPage(await allFacts(scanId), (f) => f.accountId, page);
    },

    async count(scanId) {
      return (await allFacts(scanId)).length;
    },

    async assign(scanId, assignments: readonly PersonAssignment[]) {
      await setMany(
        assignments.map((a) => ({
          key: KEYS.workingSetAssignment(scanId, a.accountId),
          value: WorkingSetAssignmentRecordSchema.parse({ schemaVersion: 1, ...a }),
        })),
      );
    },

    async buckets(scanId, page): Promise<Page<WorkingSetBucket>> {
      const facts = new Map((await allFacts(scanId)).map((f) => [f.accountId, f]));
      const byBucket = new Map<string, AccountFacts[]>();
      for (const a of sortByKey(await allAssignments(scanId), (x) => x.accountId)) {
        const f = facts.get(a.accountId);
        if (f === undefined) continue;
        byBucket.set(a.bucketKey, [...(byBucket.get(a.bucketKey) ?? []), f]);
      }
      const sorted = [...byBucket.entries()]
        .sort(([a], [b]) => byString(a, b))
        .map(([bucketKey, accounts]) => ({ bucketKey, accounts }));
      return keyPage(sorted, (b) => b.bucketKey, page);
    },

    async knownPersonKeys(scanId, keys) {
      const assigned = new Set((await allAssignments(scanId)).map((a) => a.personKey));
      return new Set(keys.filter((k) => assigned.has(k)));
    },

    async clear(scanId) {
      const rows = await listByPrefix(KEYS.workingSetPrefix(scanId), z.unknown());
      await deleteMany(rows.map((r) => r.key));
    },
  };
};
