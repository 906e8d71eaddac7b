/**
 * In-memory stores behind the storage ports, with the real repositories' observable behaviour: values are
 * copied in and out (no shared mutable state), cursors are the last key returned, the scan cursor is a
 * compare-and-set, plan applications are create-if-absent. A shared `CrashSwitch` can make the n-th write
 * throw, to prove the use cases survive being stopped at any point.
 */
import type { AuditEntry } from '../../../src/core/model/audit';
import type { Finding } from '../../../src/core/model/finding';
import type { Person, PersonKey } from '../../../src/core/model/person';
import { searchWordsOf } from '../../../src/core/model/search';
import type { Plan } from '../../../src/core/model/plan';
import type { Policy } from '../../../src/core/model/site';
import {
  type AccountFacts,
  type AuditLog,
  type FindingQuery,
  type FindingStore,
  type FindingSummary,
  type GuestSpaceCache,
  type GuestSpaceEntry,
  type Page,
  type PageRequest,
  type PersonAssignment,
  type PersonStore,
  type PlanApplication,
  type PlanStore,
  type PolicyStore,
  type ScanCursor,
  type ScanCursorStore,
  type ScanWorkingSet,
  type SiteSnapshot,
  type SiteSnapshotStore,
  type SpacePermissionChange,
  subjectKeyOf,
  type Watermark,
  type WatchStore,
  type WorkingSetBucket,
} from '../../../src/core/ports';

const copy = <T>(value: T): T => structuredClone(value);
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Ordered keys → one page after the cursor (the last key returned). */
const keyPage = <T>(sorted: readonly T[], keyOf: (t: T) => string, request: PageRequest): Page<T> => {
  const start = request.cursor === null ? 0 : sorted.findIndex((t) => keyOf(t) > (request.cursor as string));
  const from = start === -1 ? sorted.length : start;
  const items = sorted.slice(from, from + Math.max(1, request.limit));
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: from + items.length < sorted.length && last !== undefined ? keyOf(last) : null,
  };
};

export class SimulatedCrash extends Error {
  constructor(at: number) {
    super(`simulated crash at write ${at}`);
  }
}

/** Counts writes across stores; when armed, the write with that number throws instead of happening. */
export class CrashSwitch {
  writes = 0;
  crashAt: number | null = null;
  write(): void {
    this.writes += 1;
    if (this.crashAt !== null && this.writes === this.crashAt) {
      this.crashAt = null;
      throw new SimulatedCrash(this.writes);
    }
  }
}

const matches = (f: Finding, q: FindingQuery): boolean =>
  (q.codes === undefined || q.codes.includes(f.code)) &&
  (q.severities === undefined || q.severities.includes(f.severity)) &&
  (q.deskId === undefined || f.scope.deskIds.includes(q.deskId)) &&
  (q.spaceKey === undefined || f.scope.spaceKeys.includes(q.spaceKey)) &&
  (q.anyDeskIds === undefined || f.scope.deskIds.some((d) => q.anyDeskIds?.includes(d))) &&
  (q.anySpaceKeys === undefined || f.scope.spaceKeys.some((s) => q.anySpaceKeys?.includes(s))) &&
  (q.subjectKeys === undefined || q.subjectKeys.includes(subjectKeyOf(f)));

const encodeFindingCursor = (after: string): string =>
  Buffer.from(JSON.stringify({ v: 1, after }), 'utf8').toString('base64url');
const decodeFindingCursor = (cursor: string): string | undefined => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const { v, after } = (parsed ?? {}) as { v?: unknown; after?: unknown };
    return v === 1 && typeof after === 'string' && after.length > 0 ? after : undefined;
  } catch {
    return undefined;
  }
};

export class FakeFindingStore implements FindingStore {
  private readonly bySubject = new Map<string, Finding[]>();
  constructor(private readonly crash = new CrashSwitch()) {}

  replaceForSubject(subjectKey: string, findings: readonly Finding[]): Promise<void> {
    this.crash.write();
    if (findings.length === 0) this.bySubject.delete(subjectKey);
    else this.bySubject.set(subjectKey, copy([...findings]));
    return Promise.resolve();
  }
  all(): Finding[] {
    return [...this.bySubject.values()]
      .flat()
      .sort((a, b) => byString(a.id, b.id))
      .map(copy);
  }
  /**
   * Id order with an opaque cursor, as the real store: base64url JSON `{v: 1, after: <last id>}`; a cursor
   * it did not mint gives an empty page. (The real store may also return short pages; this one never does.)
   */
  list(query: FindingQuery, request: PageRequest): Promise<Page<Finding>> {
    let after: string | null = null;
    if (request.cursor !== null) {
      const decoded = decodeFindingCursor(request.cursor);
      if (decoded === undefined) return Promise.resolve({ items: [], nextCursor: null });
      after = decoded;
    }
    const page = keyPage(
      this.all().filter((f) => matches(f, query)),
      (f) => f.id,
      { cursor: after, limit: Math.min(Math.max(1, request.limit), 100) },
    );
    return Promise.resolve({
      items: page.items,
      nextCursor: page.nextCursor === null ? null : encodeFindingCursor(page.nextCursor),
    });
  }
  byIds(ids: readonly string[]): Promise<Finding[]> {
    return Promise.resolve(this.all().filter((f) => ids.includes(f.id)));
  }
  summarize(query: FindingQuery): Promise<FindingSummary> {
    const byCode: Record<string, number> = {};
    const bySeverity: Record<string, number> = {};
    const subjects = new Set<string>();
    const found = this.all().filter((f) => matches(f, query));
    for (const f of found) {
      byCode[f.code] = (byCode[f.code] ?? 0) + 1;
      bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
      subjects.add(subjectKeyOf(f));
    }
    return Promise.resolve({ total: found.length, byCode, bySeverity, subjects: subjects.size });
  }
  subjectKeys(request: PageRequest): Promise<Page<string>> {
    return Promise.resolve(keyPage([...this.bySubject.keys()].sort(byString), (k) => k, request));
  }
}

export class FakePersonStore implements PersonStore {
  private readonly persons = new Map<string, Person>();
  private readonly index = new Map<string, string>();
  constructor(private readonly crash = new CrashSwitch()) {}

  get(key: PersonKey): Promise<Person | null> {
    const p = this.persons.get(key);
    return Promise.resolve(p === undefined ? null : copy(p));
  }
  getMany(keys: readonly PersonKey[]): Promise<ReadonlyMap<PersonKey, Person>> {
    const out = new Map<PersonKey, Person>();
    for (const key of keys) {
      const p = this.persons.get(key);
      if (p !== undefined) out.set(key, copy(p));
    }
    return Promise.resolve(out);
  }
  keyOfAccount(accountId: string): Promise<PersonKey | null> {
    return Promise.resolve((this.index.get(accountId) as PersonKey | undefined) ?? null);
  }
  put(person: Person): Promise<void> {
    this.crash.write();
    this.persons.set(person.emailKey, copy(person));
    const ids = new Set(person.accounts.map((a) => a.accountId));
    for (const [accountId, key] of this.index)
      if (key === person.emailKey && !ids.has(accountId)) this.index.delete(accountId);
    for (const id of ids) this.index.set(id, person.emailKey);
    return Promise.resolve();
  }
  remove(key: PersonKey): Promise<void> {
    this.crash.write();
    this.persons.delete(key);
    for (const [accountId, k] of this.index) if (k === key) this.index.delete(accountId);
    return Promise.resolve();
  }
  keys(request: PageRequest): Promise<Page<PersonKey>> {
    return Promise.resolve(
      keyPage([...this.persons.keys()].sort(byString) as PersonKey[], (k) => k, request),
    );
  }
  findByWordPrefix(prefix: string, max: number): Promise<{ keys: PersonKey[]; more: boolean }> {
    const words = [...this.persons.values()]
      .flatMap((p) => searchWordsOf(p).map((word) => ({ word, key: p.emailKey })))
      .filter((w) => w.word.startsWith(prefix))
      .sort((a, b) => byString(a.word, b.word) || byString(a.key, b.key));
    const keys = [...new Set(words.map((w) => w.key))];
    return Promise.resolve({ keys: keys.slice(0, max), more: keys.length > max });
  }
  all(): Person[] {
    return [...this.persons.values()].sort((a, b) => byString(a.emailKey, b.emailKey)).map(copy);
  }
}

export class FakePlanStore implements PlanStore {
  readonly plans = new Map<string, Plan>();
  readonly applications = new Map<string, PlanApplication>();
  put(plan: Plan): Promise<void> {
    this.plans.set(plan.id, copy(plan));
    return Promise.resolve();
  }
  get(planId: string): Promise<Plan | null> {
    const p = this.plans.get(planId);
    return Promise.resolve(p === undefined ? null : copy(p));
  }
  startApplication(application: PlanApplication): Promise<boolean> {
    if (this.applications.has(application.planId)) return Promise.resolve(false);
    this.applications.set(application.planId, copy(application));
    return Promise.resolve(true);
  }
  saveApplication(application: PlanApplication): Promise<void> {
    this.applications.set(application.planId, copy(application));
    return Promise.resolve();
  }
  getApplication(planId: string): Promise<PlanApplication | null> {
    const a = this.applications.get(planId);
    return Promise.resolve(a === undefined ? null : copy(a));
  }
}

export class FakeAuditLog implements AuditLog {
  /** Oldest first. */
  readonly entries: AuditEntry[] = [];
  append(entry: AuditEntry): Promise<void> {
    if (this.entries.some((e) => e.id === entry.id))
      return Promise.reject(new Error(`duplicate audit id ${entry.id}`));
    this.entries.push(copy(entry));
    return Promise.resolve();
  }
  settle(entry: AuditEntry): Promise<void> {
    const index = this.entries.findIndex((e) => e.id === entry.id);
    const before = this.entries[index];
    if (before === undefined || before.outcome !== 'started' || entry.outcome === 'started')
      return Promise.reject(new Error(`no started audit entry ${entry.id} to settle`));
    this.entries[index] = copy({ ...entry, at: before.at });
    return Promise.resolve();
  }
  list(request: PageRequest, planId?: string): Promise<Page<AuditEntry>> {
    const newestFirst = [...this.entries]
      .reverse()
      .filter((e) => planId === undefined || e.planId === planId);
    const start = request.cursor === null ? 0 : newestFirst.findIndex((e) => e.id === request.cursor) + 1;
    const items = newestFirst.slice(start, start + Math.max(1, request.limit)).map(copy);
    const last = items[items.length - 1];
    return Promise.resolve({
      items,
      nextCursor: start + items.length < newestFirst.length && last !== undefined ? last.id : null,
    });
  }
  get(entryId: string): Promise<AuditEntry | null> {
    const e = this.entries.find((x) => x.id === entryId);
    return Promise.resolve(e === undefined ? null : copy(e));
  }
  findUndo(entryId: string): Promise<AuditEntry | null> {
    const e = this.entries.find(
      (x) => x.undoOf === entryId && (x.outcome === 'undone' || x.outcome === 'already-in-place'),
    );
    return Promise.resolve(e === undefined ? null : copy(e));
  }
  /** Undo claims by entry id (no lapse: fakes have no time). */
  readonly undoClaims = new Map<string, string>();
  claimUndo(entryId: string, undoAuditId: string): Promise<boolean> {
    if (this.undoClaims.has(entryId)) return Promise.resolve(false);
    this.undoClaims.set(entryId, undoAuditId);
    return Promise.resolve(true);
  }
  releaseUndo(entryId: string): Promise<void> {
    this.undoClaims.delete(entryId);
    return Promise.resolve();
  }
}

export const DEFAULT_POLICY: Policy = {
  schemaVersion: 1,
  links: [],
  protectedAccountIds: [],
  blastRadiusThreshold: 10,
  autoFixActorAccountId: null,
};

export class FakePolicyStore implements PolicyStore {
  constructor(private policy: Policy = DEFAULT_POLICY) {}
  get(): Promise<Policy> {
    return Promise.resolve(copy(this.policy));
  }
  put(policy: Policy): Promise<void> {
    this.policy = copy(policy);
    return Promise.resolve();
  }
}

export class FakeScanCursorStore implements ScanCursorStore {
  private current: ScanCursor | null = null;
  constructor(private readonly crash = new CrashSwitch()) {}
  get(): Promise<ScanCursor | null> {
    return Promise.resolve(this.current === null ? null : copy(this.current));
  }
  save(next: ScanCursor, expected: ScanCursor | null): Promise<boolean> {
    this.crash.write();
    if (JSON.stringify(this.current) !== JSON.stringify(expected)) return Promise.resolve(false);
    this.current = copy(next);
    return Promise.resolve(true);
  }
}

interface ScanData {
  facts: Map<string, AccountFacts>;
  assignments: Map<string, PersonAssignment>;
}

const union = (
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): readonly string[] | undefined =>
  a === undefined && b === undefined ? undefined : [...new Set([...(a ?? []), ...(b ?? [])])].sort(byString);

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

export class FakeScanWorkingSet implements ScanWorkingSet {
  readonly scans = new Map<string, ScanData>();
  constructor(private readonly crash = new CrashSwitch()) {}
  private data(scanId: string): ScanData {
    let d = this.scans.get(scanId);
    if (d === undefined) {
      d = { facts: new Map(), assignments: new Map() };
      this.scans.set(scanId, d);
    }
    return d;
  }
  upsert(scanId: string, facts: readonly AccountFacts[]): Promise<void> {
    this.crash.write();
    const d = this.data(scanId);
    for (const f of facts) d.facts.set(f.accountId, mergeFacts(d.facts.get(f.accountId), copy(f)));
    return Promise.resolve();
  }
  accounts(scanId: string, request: PageRequest): Promise<Page<AccountFacts>> {
    const sorted = [...this.data(scanId).facts.values()]
      .sort((a, b) => byString(a.accountId, b.accountId))
      .map(copy);
    return Promise.resolve(keyPage(sorted, (f) => f.accountId, request));
  }
  count(scanId: string): Promise<number> {
    return Promise.resolve(this.data(scanId).facts.size);
  }
  assign(scanId: string, assignments: readonly PersonAssignment[]): Promise<void> {
    this.crash.write();
    const d = this.data(scanId);
    for (const a of assignments) d.assignments.set(a.accountId, copy(a));
    return Promise.resolve();
  }
  buckets(scanId: string, request: PageRequest): Promise<Page<WorkingSetBucket>> {
    const d = this.data(scanId);
    const byBucket = new Map<string, AccountFacts[]>();
    for (const a of d.assignments.values()) {
      const facts = d.facts.get(a.accountId);
      if (facts === undefined) continue;
      byBucket.set(a.bucketKey, [...(byBucket.get(a.bucketKey) ?? []), copy(facts)]);
    }
    const sorted = [...byBucket.entries()]
      .sort(([a], [b]) => byString(a, b))
      .map(([bucketKey, accounts]) => ({ bucketKey, accounts }));
    return Promise.resolve(keyPage(sorted, (b) => b.bucketKey, request));
  }
  knownPersonKeys(scanId: string, keys: readonly string[]): Promise<ReadonlySet<string>> {
    const assigned = new Set([...this.data(scanId).assignments.values()].map((a) => a.personKey as string));
    return Promise.resolve(new Set(keys.filter((k) => assigned.has(k))));
  }
  clear(scanId: string): Promise<void> {
    this.crash.write();
    this.scans.delete(scanId);
    return Promise.resolve();
  }
}

export class FakeWatchStore implements WatchStore {
  readonly marks = new Map<string, Watermark>();
  constructor(private readonly crash = new CrashSwitch()) {}
  all(): Promise<Watermark[]> {
    return Promise.resolve([...this.marks.values()].map(copy));
  }
  get(source: string): Promise<Watermark | null> {
    const m = this.marks.get(source);
    return Promise.resolve(m === undefined ? null : copy(m));
  }
  put(watermark: Watermark): Promise<void> {
    this.crash.write();
    this.marks.set(watermark.source, copy(watermark));
    return Promise.resolve();
  }
}

/** The guest → space cache: latest entry per guest, latest change per space, builtAt never moves back. */
export class FakeGuestSpaceCache implements GuestSpaceCache {
  readonly byAccount = new Map<string, GuestSpaceEntry>();
  readonly changed = new Map<string, SpacePermissionChange>();
  built: number | null = null;
  constructor(private readonly crash = new CrashSwitch()) {}
  entries(accountIds: readonly string[]): Promise<GuestSpaceEntry[]> {
    return Promise.resolve(
      [...new Set(accountIds)]
        .map((id) => this.byAccount.get(id))
        .filter((e): e is GuestSpaceEntry => e !== undefined)
        .map(copy),
    );
  }
  put(entries: readonly GuestSpaceEntry[]): Promise<void> {
    this.crash.write();
    for (const e of entries) this.byAccount.set(e.accountId, copy(e));
    return Promise.resolve();
  }
  builtAt(): Promise<number | null> {
    return Promise.resolve(this.built);
  }
  markBuilt(asOf: number): Promise<void> {
    this.crash.write();
    this.built = Math.max(asOf, this.built ?? asOf);
    for (const [key, c] of this.changed) if (c.at < this.built) this.changed.delete(key);
    return Promise.resolve();
  }
  changes(): Promise<SpacePermissionChange[]> {
    return Promise.resolve(
      [...this.changed.values()].sort((a, b) => byString(a.spaceKey, b.spaceKey)).map(copy),
    );
  }
  noteChange(change: SpacePermissionChange): Promise<void> {
    const before = this.changed.get(change.spaceKey);
    if (before !== undefined && before.at >= change.at) return Promise.resolve();
    this.crash.write();
    this.changed.set(change.spaceKey, copy(change));
    return Promise.resolve();
  }
}

export class FakeSiteSnapshotStore implements SiteSnapshotStore {
  snapshot: SiteSnapshot | null = null;
  get(): Promise<SiteSnapshot | null> {
    return Promise.resolve(this.snapshot === null ? null : copy(this.snapshot));
  }
  put(snapshot: SiteSnapshot): Promise<void> {
    this.snapshot = copy(snapshot);
    return Promise.resolve();
  }
}
