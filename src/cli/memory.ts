/**
 * The audit's stores: the same ports the Forge app keeps in KVS (scan cursor, working set, persons, findings,
 * site snapshot, watch marks), held in memory as one plain JSON value so the whole audit can be written to a
 * checkpoint file after every scan step and resumed from it (`--checkpoint`). Nothing here reaches the site.
 */
import { searchWordsOf, type Finding, type Person, type PersonKey, type Policy } from '../core/model';
import type {
  AccountFacts,
  FindingQuery,
  FindingStore,
  FindingSummary,
  Page,
  PageRequest,
  PersonAssignment,
  PersonStore,
  PolicyStore,
  ScanCursor,
  ScanCursorStore,
  ScanWorkingSet,
  SiteSnapshot,
  SiteSnapshotStore,
  Watermark,
  WatchStore,
  WorkingSetBucket,
} from '../core/ports';
import { subjectKeyOf } from '../core/ports';
import { byString } from '../core/rules/common';

/** Everything an audit knows; JSON-serialisable (the checkpoint file's `state`). */
export interface AuditState {
  cursor: ScanCursor | null;
  snapshot: SiteSnapshot | null;
  facts: Record<string, AccountFacts>;
  assignments: Record<string, PersonAssignment>;
  persons: Record<string, Person>;
  findings: Record<string, Finding[]>;
  watch: Record<string, Watermark>;
}

export const emptyAuditState = (): AuditState => ({
  cursor: null,
  snapshot: null,
  facts: {},
  assignments: {},
  persons: {},
  findings: {},
  watch: {},
});

const copy = <T>(value: T): T => structuredClone(value);

/** Index of the first element of `sorted` whose key is after `cursor` (binary search). */
const after = <T>(sorted: readonly T[], keyOf: (t: T) => string, cursor: string | null): number => {
  if (cursor === null) return 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(sorted[mid] as T) > cursor) hi = mid;
    else lo = mid + 1;
  }
  return lo;
};

/** Key-ordered paging over a sorted list: the cursor is the last key returned. */
const keyPage = <T>(sorted: readonly T[], keyOf: (t: T) => string, request: PageRequest): Page<T> => {
  const start = after(sorted, keyOf, request.cursor);
  const items = sorted.slice(start, start + Math.max(1, request.limit));
  const last = items[items.length - 1];
  const more = start + items.length < sorted.length;
  return { items, nextCursor: more && last !== undefined ? keyOf(last) : null };
};

const same = (k: string): string => k;

/** Insert into a sorted list of distinct keys (no-op when present). */
const insertSorted = (sorted: string[], key: string): void => {
  const at = after(sorted, same, key);
  if (sorted[at - 1] !== key) sorted.splice(at, 0, key);
};

/**
 * A sorted key list derived from an object's keys, kept in step with inserts and deletes instead of sorted
 * again on every page: a large site pages through 100k keys hundreds of times during one scan.
 */
const sortedKeys = (source: () => Record<string, unknown>) => {
  let cache: string[] | null = null;
  return {
    get: (): readonly string[] => (cache ??= Object.keys(source()).sort(byString)),
    added: (key: string): void => {
      if (cache !== null) insertSorted(cache, key);
    },
    removed: (key: string): void => {
      if (cache === null) return;
      const at = after(cache, same, key) - 1;
      if (cache[at] === key) cache.splice(at, 1);
    },
    reset: (): void => {
      cache = null;
    },
  };
};

const union = (a?: readonly string[], b?: readonly string[]): readonly string[] | undefined =>
  a === undefined && b === undefined ? undefined : [...new Set([...(a ?? []), ...(b ?? [])])].sort(byString);

/** Facts merge as set unions (the working set's contract, ports/scan.ts). */
const mergeFacts = (a: AccountFacts | undefined, b: AccountFacts): AccountFacts => {
  const groupIds = union(a?.groupIds, b.groupIds);
  const customerOfDeskIds = union(a?.customerOfDeskIds, b.customerOfDeskIds);
  return {
    ...a,
    ...b,
    ...(groupIds !== undefined ? { groupIds } : {}),
    ...(customerOfDeskIds !== undefined ? { customerOfDeskIds } : {}),
  };
};

const matches = (f: Finding, q: FindingQuery): boolean => {
  const touches = (ids: readonly string[] | undefined, scope: readonly string[]): boolean =>
    ids === undefined || ids.some((id) => scope.includes(id));
  return (
    (q.codes === undefined || q.codes.includes(f.code)) &&
    (q.severities === undefined || q.severities.includes(f.severity)) &&
    (q.deskId === undefined || f.scope.deskIds.includes(q.deskId)) &&
    (q.spaceKey === undefined || f.scope.spaceKeys.includes(q.spaceKey)) &&
    touches(q.anyDeskIds, f.scope.deskIds) &&
    touches(q.anySpaceKeys, f.scope.spaceKeys) &&
    (q.subjectKeys === undefined || q.subjectKeys.includes(subjectKeyOf(f)))
  );
};

export interface AuditStores {
  readonly scanCursors: ScanCursorStore;
  readonly workingSet: ScanWorkingSet;
  readonly persons: PersonStore;
  readonly findings: FindingStore;
  readonly siteSnapshots: SiteSnapshotStore;
  readonly watch: WatchStore;
  readonly policies: PolicyStore;
  /** Every finding, ordered by id. */
  readonly allFindings: () => Finding[];
  readonly allPersons: () => Person[];
}

/** The ports over one {@link AuditState} (mutated in place; the caller checkpoints it). */
export function createAuditStores(state: AuditState, policy: Policy): AuditStores {
  const allFindings = (): Finding[] =>
    Object.values(state.findings)
      .flat()
      .sort((a, b) => byString(a.id, b.id));
  const subjects = sortedKeys(() => state.findings);
  const findings: FindingStore = {
    replaceForSubject: (subjectKey, list) => {
      const had = Object.hasOwn(state.findings, subjectKey);
      if (list.length === 0) {
        delete state.findings[subjectKey];
        if (had) subjects.removed(subjectKey);
      } else {
        state.findings[subjectKey] = copy([...list]);
        if (!had) subjects.added(subjectKey);
      }
      return Promise.resolve();
    },
    list: (query, page) =>
      Promise.resolve(
        keyPage(
          allFindings().filter((f) => matches(f, query)),
          (f) => f.id,
          page,
        ),
      ),
    byIds: (ids) => Promise.resolve(allFindings().filter((f) => ids.includes(f.id))),
    summarize: (query): Promise<FindingSummary> => {
      const byCode: Record<string, number> = {};
      const bySeverity: Record<string, number> = {};
      const subjects = new Set<string>();
      const found = allFindings().filter((f) => matches(f, query));
      for (const f of found) {
        byCode[f.code] = (byCode[f.code] ?? 0) + 1;
        bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
        subjects.add(subjectKeyOf(f));
      }
      return Promise.resolve({ total: found.length, byCode, bySeverity, subjects: subjects.size });
    },
    subjectKeys: (page) => Promise.resolve(keyPage(subjects.get(), same, page)),
  };

  const personKeys = sortedKeys(() => state.persons);
  const persons: PersonStore = {
    get: (key) => Promise.resolve(state.persons[key] === undefined ? null : copy(state.persons[key])),
    getMany: (keys) =>
      Promise.resolve(
        new Map(
          keys.flatMap((key) => {
            const person = state.persons[key];
            return person === undefined ? [] : [[key, copy(person)] as const];
          }),
        ),
      ),
    // The audit never searches (no panel); kept complete for the port, by the core's search words.
    findByWordPrefix: (prefix, max) => {
      const keys = Object.values(state.persons)
        .filter((p) => searchWordsOf(p).some((word) => word.startsWith(prefix)))
        .map((p) => p.emailKey)
        .sort();
      return Promise.resolve({ keys: keys.slice(0, max), more: keys.length > max });
    },
    keyOfAccount: (accountId) => {
      const found = Object.values(state.persons).find((p) =>
        p.accounts.some((a) => a.accountId === accountId),
      );
      return Promise.resolve(found === undefined ? null : found.emailKey);
    },
    put: (person) => {
      if (!Object.hasOwn(state.persons, person.emailKey)) personKeys.added(person.emailKey);
      state.persons[person.emailKey] = copy(person);
      return Promise.resolve();
    },
    remove: (key) => {
      if (Object.hasOwn(state.persons, key)) personKeys.removed(key);
      delete state.persons[key];
      return Promise.resolve();
    },
    keys: (page) => Promise.resolve(keyPage(personKeys.get() as readonly PersonKey[], same, page)),
  };

  const factIds = sortedKeys(() => state.facts);
  /** Derived from assignments (and facts), rebuilt only after they change: the evaluate and sweep phases read them many times. */
  let bucketList: WorkingSetBucket[] | null = null;
  let assignedKeys: Set<string> | null = null;
  const workingSet: ScanWorkingSet = {
    upsert: (_scanId, facts) => {
      for (const f of facts) {
        if (!Object.hasOwn(state.facts, f.accountId)) factIds.added(f.accountId);
        state.facts[f.accountId] = mergeFacts(state.facts[f.accountId], copy(f));
      }
      bucketList = null;
      return Promise.resolve();
    },
    accounts: (_scanId, page) => {
      const ids = keyPage(factIds.get(), same, page);
      return Promise.resolve({
        items: ids.items.map((id) => copy(state.facts[id] as AccountFacts)),
        nextCursor: ids.nextCursor,
      });
    },
    count: () => Promise.resolve(factIds.get().length),
    assign: (_scanId, assignments) => {
      for (const a of assignments) state.assignments[a.accountId] = copy(a);
      bucketList = null;
      assignedKeys = null;
      return Promise.resolve();
    },
    buckets: (_scanId, page): Promise<Page<WorkingSetBucket>> => {
      if (bucketList === null) {
        const byBucket = new Map<string, AccountFacts[]>();
        for (const a of Object.values(state.assignments)) {
          const facts = state.facts[a.accountId];
          if (facts === undefined) continue;
          const list = byBucket.get(a.bucketKey);
          if (list === undefined) byBucket.set(a.bucketKey, [facts]);
          else list.push(facts);
        }
        bucketList = [...byBucket.entries()]
          .sort(([a], [b]) => byString(a, b))
          .map(([bucketKey, accounts]) => ({ bucketKey, accounts }));
      }
      return Promise.resolve(copy(keyPage(bucketList, (b) => b.bucketKey, page)));
    },
    knownPersonKeys: (_scanId, keys) => {
      assignedKeys ??= new Set(Object.values(state.assignments).map((a) => a.personKey as string));
      const known = assignedKeys;
      return Promise.resolve(new Set(keys.filter((k) => known.has(k))));
    },
    clear: () => {
      state.facts = {};
      state.assignments = {};
      factIds.reset();
      bucketList = null;
      assignedKeys = null;
      return Promise.resolve();
    },
  };

  return {
    scanCursors: {
      get: () => Promise.resolve(state.cursor === null ? null : copy(state.cursor)),
      save: (next, expected) => {
        if (JSON.stringify(state.cursor) !== JSON.stringify(expected)) return Promise.resolve(false);
        state.cursor = copy(next);
        return Promise.resolve(true);
      },
    },
    workingSet,
    persons,
    findings,
    siteSnapshots: {
      get: () => Promise.resolve(state.snapshot === null ? null : copy(state.snapshot)),
      put: (snapshot) => {
        state.snapshot = copy(snapshot);
        return Promise.resolve();
      },
    },
    watch: {
      all: () => Promise.resolve(Object.values(state.watch).map(copy)),
      get: (source) => Promise.resolve(state.watch[source] === undefined ? null : copy(state.watch[source])),
      put: (mark) => {
        state.watch[mark.source] = copy(mark);
        return Promise.resolve();
      },
    },
    policies: {
      get: () => Promise.resolve(copy(policy)),
      put: () => Promise.reject(new Error('the audit does not change the policy')),
    },
    allFindings,
    allPersons: () => Object.values(state.persons).sort((a, b) => byString(a.emailKey, b.emailKey)),
  };
}
