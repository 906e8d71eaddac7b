/**
 * The audit's stores: the same ports the Forge app keeps in KVS (scan cursor, working set, persons, findings,
 * site snapshot, watch marks), held in memory as one plain JSON value so the whole audit can be written to a
 * checkpoint file after every scan step and resumed from it (`--checkpoint`). Nothing here reaches the site.
 */
import type { Finding, Person, PersonKey, Policy } from '../core/model';
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

/** Key-ordered paging: the cursor is the last key returned. */
const keyPage = <T>(sorted: readonly T[], keyOf: (t: T) => string, request: PageRequest): Page<T> => {
  const start = request.cursor === null ? 0 : sorted.findIndex((t) => keyOf(t) > (request.cursor as string));
  if (start < 0) return { items: [], nextCursor: null };
  const items = sorted.slice(start, start + Math.max(1, request.limit));
  const last = items[items.length - 1];
  const more = start + items.length < sorted.length;
  return { items, nextCursor: more && last !== undefined ? keyOf(last) : null };
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
  const findings: FindingStore = {
    replaceForSubject: (subjectKey, list) => {
      if (list.length === 0) delete state.findings[subjectKey];
      else state.findings[subjectKey] = copy([...list]);
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
    subjectKeys: (page) =>
      Promise.resolve(keyPage(Object.keys(state.findings).sort(byString), (k) => k, page)),
  };

  const persons: PersonStore = {
    get: (key) => Promise.resolve(state.persons[key] === undefined ? null : copy(state.persons[key])),
    keyOfAccount: (accountId) => {
      const found = Object.values(state.persons).find((p) =>
        p.accounts.some((a) => a.accountId === accountId),
      );
      return Promise.resolve(found === undefined ? null : found.emailKey);
    },
    put: (person) => {
      state.persons[person.emailKey] = copy(person);
      return Promise.resolve();
    },
    remove: (key) => {
      delete state.persons[key];
      return Promise.resolve();
    },
    keys: (page) =>
      Promise.resolve(keyPage(Object.keys(state.persons).sort(byString) as PersonKey[], (k) => k, page)),
  };

  const workingSet: ScanWorkingSet = {
    upsert: (_scanId, facts) => {
      for (const f of facts) state.facts[f.accountId] = mergeFacts(state.facts[f.accountId], copy(f));
      return Promise.resolve();
    },
    accounts: (_scanId, page) =>
      Promise.resolve(
        keyPage(
          Object.values(state.facts).sort((a, b) => byString(a.accountId, b.accountId)),
          (f) => f.accountId,
          page,
        ),
      ),
    count: () => Promise.resolve(Object.keys(state.facts).length),
    assign: (_scanId, assignments) => {
      for (const a of assignments) state.assignments[a.accountId] = copy(a);
      return Promise.resolve();
    },
    buckets: (_scanId, page): Promise<Page<WorkingSetBucket>> => {
      const byBucket = new Map<string, AccountFacts[]>();
      for (const a of Object.values(state.assignments)) {
        const facts = state.facts[a.accountId];
        if (facts === undefined) continue;
        byBucket.set(a.bucketKey, [...(byBucket.get(a.bucketKey) ?? []), copy(facts)]);
      }
      const sorted = [...byBucket.entries()]
        .sort(([a], [b]) => byString(a, b))
        .map(([bucketKey, accounts]) => ({ bucketKey, accounts }));
      return Promise.resolve(keyPage(sorted, (b) => b.bucketKey, page));
    },
    knownPersonKeys: (_scanId, keys) => {
      const assigned = new Set(Object.values(state.assignments).map((a) => a.personKey as string));
      return Promise.resolve(new Set(keys.filter((k) => assigned.has(k))));
    },
    clear: () => {
      state.facts = {};
      state.assignments = {};
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
