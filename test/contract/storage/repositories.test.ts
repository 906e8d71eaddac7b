/**
 * The storage repositories through the real @forge/kvs 1.6.5 against the local runtime's KVS and Custom
 * Entity Store emulation (entities and indexes from manifest.yml): round trips, ordering and cursors,
 * create-if-absent, compare-and-set, the points budget, job dedupe markers, and corrupt values refused.
 */
import path from 'node:path';
import { kvs } from '@forge/kvs';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import { createForgeRuntime, type ForgeRuntime } from '../../../local/forge-runtime';
import { createAuditLog } from '../../../src/adapters/storage/audit-log';
import { createFindingStore } from '../../../src/adapters/storage/finding-store';
import { createGuestSpaceCache } from '../../../src/adapters/storage/guest-space-cache';
import { createJobDedupe } from '../../../src/adapters/storage/job-dedupe';
import { createPersonStore } from '../../../src/adapters/storage/person-store';
import { createPlanStore } from '../../../src/adapters/storage/plan-store';
import { createPointsBudget } from '../../../src/adapters/storage/points-budget';
import { DEFAULT_POLICY, createPolicyStore } from '../../../src/adapters/storage/policy-store';
import { createScanCursorStore } from '../../../src/adapters/storage/scan-cursor-store';
import { createScanWorkingSet } from '../../../src/adapters/storage/scan-working-set';
import { createSiteSnapshotStore, createWatchStore } from '../../../src/adapters/storage/site-stores';
import { StoreError } from '../../../src/adapters/storage/store-error';
import type { AuditEntry, Finding, Plan } from '../../../src/core/model';
import type { GuestSpaceCache, PlanApplication, ScanCursor } from '../../../src/core/ports';
import { aCustomer, aGuest, aPolicy, personOf } from '../../support/builders';
import { FakeGuestSpaceCache } from '../../support/fakes';

jest.setTimeout(60_000);

const ROOT = path.join(__dirname, '../../..');
const APP_ID = '0f0e0d0c-0b0a-4000-8000-000000000001';

let runtime: ForgeRuntime;
let clock: VirtualClock;

beforeEach(async () => {
  clock = new VirtualClock();
  runtime = await createForgeRuntime({
    appRoot: ROOT,
    siteUrl: 'http://127.0.0.1:9',
    clock,
    appId: APP_ID,
    cloudId: 'cloud-storage-1',
  });
});
afterEach(() => runtime.close());

const finding = (id: string, overrides: Partial<Finding> = {}): Finding => ({
  id,
  code: 'GUEST_WITHOUT_CUSTOMER_ROLE',
  severity: 'high',
  subject: { type: 'person', emailKey: 'ann@example.com' },
  title: 'Guest has no Customer role',
  explanation: 'The guest is a customer of desk 1 but lacks the Customer role.',
  evidence: { accountIds: ['acc-1'], groupIds: [], deskIds: ['1'], spaceKeys: ['KB'], facts: [] },
  fixes: [],
  scope: { deskIds: ['1'], spaceKeys: ['KB'] },
  ...overrides,
});

describe('FindingStore', () => {
  it('replaces per subject, filters by code / severity / desk / space / subject, pages by id with an opaque cursor', async () => {
    const store = createFindingStore(clock);
    await store.replaceForSubject('ann@example.com', [
      finding('F:b'),
      finding('F:a', {
        code: 'UNEXPECTED_CUSTOMER',
        severity: 'medium',
        scope: { deskIds: ['2'], spaceKeys: [] },
      }),
    ]);
    await store.replaceForSubject('space:KB', [
      finding('F:c', {
        code: 'KB_SIGNUP_RISK',
        subject: { type: 'space', spaceKey: 'KB' },
        scope: { deskIds: [], spaceKeys: ['KB'] },
      }),
    ]);
    const ids = async (q: Parameters<typeof store.list>[0]) =>
      (await store.list(q, { cursor: null, limit: 100 })).items.map((f) => f.id);
    expect(await ids({})).toEqual(['F:a', 'F:b', 'F:c']);
    expect(await ids({ codes: ['UNEXPECTED_CUSTOMER'] })).toEqual(['F:a']);
    expect(await ids({ severities: ['high'] })).toEqual(['F:b', 'F:c']);
    expect(await ids({ deskId: '1' })).toEqual(['F:b']);
    expect(await ids({ anyDeskIds: ['1', '2'] })).toEqual(['F:a', 'F:b']);
    expect(await ids({ anyDeskIds: [] })).toEqual([]);
    expect(await ids({ anySpaceKeys: ['KB'] })).toEqual(['F:b', 'F:c']);
    expect(await ids({ subjectKeys: ['space:KB'] })).toEqual(['F:c']);

    const first = await store.list({}, { cursor: null, limit: 2 });
    expect(first.items.map((f) => f.id)).toEqual(['F:a', 'F:b']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await store.list({}, { cursor: first.nextCursor, limit: 2 });
    expect(second).toEqual({ items: [expect.objectContaining({ id: 'F:c' })], nextCursor: null });

    expect(await store.summarize({})).toEqual({
      total: 3,
      byCode: { GUEST_WITHOUT_CUSTOMER_ROLE: 1, UNEXPECTED_CUSTOMER: 1, KB_SIGNUP_RISK: 1 },
      bySeverity: { high: 2, medium: 1 },
      subjects: 2,
    });
    expect((await store.subjectKeys({ cursor: null, limit: 10 })).items).toEqual([
      'ann@example.com',
      'space:KB',
    ]);

    await store.replaceForSubject('ann@example.com', [
      finding('F:b', { scope: { deskIds: ['3'], spaceKeys: [] } }),
    ]);
    expect(await ids({})).toEqual(['F:b', 'F:c']);
    expect(await ids({ deskId: '1' })).toEqual([]);
    expect(await ids({ deskId: '3' })).toEqual(['F:b']);
    await store.replaceForSubject('ann@example.com', []);
    expect(await store.byIds(['F:a', 'F:b', 'F:c'])).toEqual([expect.objectContaining({ id: 'F:c' })]);
    expect((await store.subjectKeys({ cursor: null, limit: 10 })).items).toEqual(['space:KB']);
  });

  it('refuses a stored row that no longer parses', async () => {
    const store = createFindingStore(clock);
    await store.replaceForSubject('ann@example.com', [finding('F:a')]);
    await kvs.entity('finding').set('F:a', {
      schemaVersion: 2,
      findingId: 'F:a',
      code: 'X',
      severity: 'high',
      subjectType: 'person',
      emailKey: 'ann@example.com',
      detectedAt: 1,
      updatedAt: 1,
      finding: {},
    });
    await expect(store.byIds(['F:a'])).rejects.toBeInstanceOf(StoreError);
  });
});

describe('PersonStore', () => {
  it('stores persons, re-points accounts, lists keys in order with a key cursor', async () => {
    const store = createPersonStore(clock);
    const ann = personOf(
      aCustomer({ accountId: 'qm:1', email: 'ann@example.com' }),
      aGuest({ accountId: 'g-1', email: 'ann@example.com' }),
    );
    const putAt = clock.now();
    await store.put(ann);
    expect(await store.evaluatedAtOf(ann.emailKey)).toBe(putAt);
    expect(await store.evaluatedAtOf('nobody@example.com' as typeof ann.emailKey)).toBeNull();
    await store.put(personOf(aCustomer({ accountId: 'qm:2', email: 'bob+x@example.com' })));
    await store.put(personOf(aCustomer({ accountId: 'qm:3', email: 'cat@example.com' })));
    expect(await store.get(ann.emailKey)).toEqual(ann);
    expect(await store.getMany([ann.emailKey, 'nobody@example.com' as typeof ann.emailKey])).toEqual(
      new Map([[ann.emailKey, ann]]),
    );
    expect(await store.keyOfAccount('g-1')).toBe(ann.emailKey);
    expect(await store.keyOfAccount('nobody')).toBeNull();

    const p1 = await store.keys({ cursor: null, limit: 2 });
    expect(p1.items).toEqual(['ann@example.com', 'bob+x@example.com']);
    const p2 = await store.keys({ cursor: p1.nextCursor, limit: 2 });
    expect(p2).toEqual({ items: ['cat@example.com'], nextCursor: null });

    await clock.advance(60_000);
    await store.put({ ...ann, accounts: ann.accounts.filter((a) => a.accountId === 'qm:1') });
    expect(await store.evaluatedAtOf(ann.emailKey)).toBe(putAt + 60_000);
    expect(await store.keyOfAccount('g-1')).toBeNull();
    await store.remove(ann.emailKey);
    expect(await store.get(ann.emailKey)).toBeNull();
    expect(await store.keyOfAccount('qm:1')).toBeNull();
  });

  it('finds persons by a prefix of an email part or a name word, and forgets words a put drops', async () => {
    const store = createPersonStore(clock);
    const grace = personOf(
      aCustomer({ accountId: 'qm:g', email: 'Grace.Lee@Example.org', displayName: 'Grace Lee' }),
    );
    const gray = personOf(
      aCustomer({ accountId: 'qm:y', email: 'gray@corp.example', displayName: 'Sam Gray' }),
    );
    await store.put(grace);
    await store.put(gray);
    const keys = async (prefix: string, max = 10) => store.findByWordPrefix(prefix, max);
    expect(await keys('grace')).toEqual({ keys: [grace.emailKey], more: false });
    expect(await keys('lee')).toEqual({ keys: [grace.emailKey], more: false });
    expect(await keys('example.org')).toEqual({ keys: [grace.emailKey], more: false });
    expect(await keys('gra')).toEqual({ keys: [grace.emailKey, gray.emailKey], more: false });
    expect(await keys('gra', 1)).toEqual({ keys: [grace.emailKey], more: true });
    expect(await keys('sam')).toEqual({ keys: [gray.emailKey], more: false });
    // Renamed: the old name words no longer find her; removed: nothing does.
    await store.put(
      personOf(aCustomer({ accountId: 'qm:g', email: 'grace.lee@example.org', displayName: 'Mrs Park' })),
    );
    expect(await keys('lee')).toEqual({ keys: [grace.emailKey], more: false });
    expect(await keys('park')).toEqual({ keys: [grace.emailKey], more: false });
    await store.put(
      personOf(aCustomer({ accountId: 'qm:g', email: 'grace.lee@example.org', displayName: '' })),
    );
    expect(await keys('park')).toEqual({ keys: [], more: false });
    await store.remove(grace.emailKey);
    expect(await keys('grace')).toEqual({ keys: [], more: false });
    expect(await keys('gra')).toEqual({ keys: [gray.emailKey], more: false });
  });
});

const plan: Plan = {
  id: 'plan-1',
  createdAt: 1,
  findingIds: ['F:a'],
  actions: [],
  counts: { safe: 0, review: 0, manual: 0 },
  requiresConfirmation: false,
  blastRadiusThreshold: 10,
};

describe('PlanStore', () => {
  it('starts an application once (create-if-absent), then saves its progress', async () => {
    const store = createPlanStore();
    await store.put(plan);
    expect(await store.get('plan-1')).toEqual(plan);
    const application: PlanApplication = {
      planId: 'plan-1',
      actorAccountId: 'admin-1',
      startedAt: 5,
      finishedAt: null,
      status: 'applying',
      skippedActionKeys: [],
      auditIds: [],
      failed: null,
      notAttemptedActionKeys: [],
    };
    const [a, b] = await Promise.all([
      store.startApplication(application),
      store.startApplication(application),
    ]);
    expect([a, b].sort()).toEqual([false, true]);
    await store.saveApplication({ ...application, status: 'applied', finishedAt: 6 });
    expect(await store.getApplication('plan-1')).toEqual({
      ...application,
      status: 'applied',
      finishedAt: 6,
    });
    expect(await store.getApplication('plan-2')).toBeNull();
  });
});

const entry = (id: string, at: number, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  at,
  actor: { type: 'user', accountId: 'admin-1' },
  planId: 'plan-1',
  action: { type: 'addToGroup', accountId: 'acc-1', groupId: 'grp-1' },
  before: { member: false },
  after: { member: true },
  outcome: 'applied',
  undoOf: null,
  errorCode: null,
  ...overrides,
});

describe('AuditLog', () => {
  it('appends once per id, lists newest first with an id cursor, filters by plan, finds undos', async () => {
    const log = createAuditLog();
    await log.append(entry('a-1', 10));
    await log.append(entry('a-2', 20, { planId: null }));
    await log.append(entry('a-3', 30, { undoOf: 'a-1', outcome: 'undone', planId: null }));
    await expect(log.append(entry('a-1', 10))).rejects.toBeInstanceOf(StoreError);

    const p1 = await log.list({ cursor: null, limit: 2 });
    expect(p1.items.map((e) => e.id)).toEqual(['a-3', 'a-2']);
    const p2 = await log.list({ cursor: p1.nextCursor, limit: 2 });
    expect(p2).toEqual({ items: [entry('a-1', 10)], nextCursor: null });
    expect((await log.list({ cursor: null, limit: 10 }, 'plan-1')).items.map((e) => e.id)).toEqual(['a-1']);
    expect((await log.findUndo('a-1'))?.id).toBe('a-3');
    expect(await log.findUndo('a-2')).toBeNull();
    expect(await log.get('a-2')).toEqual(entry('a-2', 20, { planId: null }));
  });

  it('settles a started entry once, keeping its id and time, and never rewrites a settled one', async () => {
    const log = createAuditLog();
    await log.append(entry('s-1', 40, { outcome: 'started', after: { member: false } }));
    expect((await log.list({ cursor: null, limit: 10 })).items[0]?.outcome).toBe('started');
    await log.settle(entry('s-1', 99, { outcome: 'applied' }));
    expect(await log.get('s-1')).toEqual(entry('s-1', 40, { outcome: 'applied' }));
    expect((await log.list({ cursor: null, limit: 10 }, 'plan-1')).items.map((e) => e.outcome)).toEqual([
      'applied',
    ]);
    await expect(log.settle(entry('s-1', 40, { outcome: 'failed' }))).rejects.toBeInstanceOf(StoreError);
    await expect(log.settle(entry('missing', 40))).rejects.toBeInstanceOf(StoreError);
    await log.append(entry('s-2', 50, { outcome: 'started' }));
    await expect(log.settle(entry('s-2', 50, { outcome: 'started' }))).rejects.toBeInstanceOf(StoreError);
  });
  it('lets one undo claim an entry until it is given back or lapses after 16 minutes (issue 15 case 4)', async () => {
    const log = createAuditLog();
    expect(await log.claimUndo('a-1', 'u-1')).toBe(true);
    expect(await log.claimUndo('a-1', 'u-2')).toBe(false);
    expect(await log.claimUndo('a-2', 'u-3')).toBe(true); // claims are per entry
    await log.releaseUndo('a-1');
    expect(await log.claimUndo('a-1', 'u-4')).toBe(true);
    await clock.advance(15 * 60_000);
    expect(await log.claimUndo('a-1', 'u-5')).toBe(false);
    await clock.advance(2 * 60_000);
    expect(await log.claimUndo('a-1', 'u-6')).toBe(true);
  });
});

describe('PolicyStore, SiteSnapshotStore, WatchStore', () => {
  it('round-trip versioned values and default the policy', async () => {
    const policies = createPolicyStore();
    expect(await policies.get()).toEqual(DEFAULT_POLICY);
    const policy = aPolicy({ autoFixActorAccountId: 'admin-1' });
    await policies.put(policy);
    expect(await policies.get()).toEqual(policy);
    expect(runtime.kvs.get('policy')).toMatchObject({ schemaVersion: 1 });

    const snapshots = createSiteSnapshotStore();
    expect(await snapshots.get()).toBeNull();
    const snapshot = {
      info: {
        cloudId: 'c',
        siteUrl: 'https://acme.atlassian.net',
        customersGroup: { id: 'g-c', name: 'customers' },
        customerRoleGroupIds: [],
        guestGroupIds: ['g-g'],
      },
      desks: [{ id: '1', projectId: '10000', projectKey: 'IT', name: 'IT', access: 'closed' as const }],
      spaces: [{ id: '1001', key: 'KB', name: 'KB', anonymousRead: false, unlicensedRead: true }],
      groups: [{ id: 'g-c', name: 'customers' }],
      takenAt: 7,
    };
    await snapshots.put(snapshot);
    expect(await snapshots.get()).toEqual(snapshot);

    const watch = createWatchStore();
    await watch.put({ source: 'desk:1', total: 3, tailCursor: '50', checkedAt: 1 });
    await watch.put({ source: 'group:g c', total: 0, tailCursor: null, checkedAt: 1 });
    expect(await watch.get('desk:1')).toEqual({ source: 'desk:1', total: 3, tailCursor: '50', checkedAt: 1 });
    expect((await watch.all()).map((w) => w.source).sort()).toEqual(['desk:1', 'group:g c']);
  });
});

describe.each<[string, () => GuestSpaceCache]>([
  ['KVS', createGuestSpaceCache],
  ['fake', () => new FakeGuestSpaceCache()],
])('GuestSpaceCache (%s)', (_name, make) => {
  it('stores entries per guest, keeps the latest change per space, builds forward and forgets older changes', async () => {
    const cache = make();
    expect(await cache.builtAt()).toBeNull();
    expect(await cache.entries(['g1'])).toEqual([]);
    await cache.put([
      { accountId: 'g1', spaceKeys: ['KB'], observedAt: 10 },
      { accountId: 'qm:7d0c1a52:5ad6d358', spaceKeys: [], observedAt: 11 },
    ]);
    await cache.put([{ accountId: 'g1', spaceKeys: ['ENG'], observedAt: 12 }]);
    expect(
      (await cache.entries(['g1', 'qm:7d0c1a52:5ad6d358', 'g1', 'none'])).sort(
        (a, b) => a.observedAt - b.observedAt,
      ),
    ).toEqual([
      { accountId: 'qm:7d0c1a52:5ad6d358', spaceKeys: [], observedAt: 11 },
      { accountId: 'g1', spaceKeys: ['ENG'], observedAt: 12 },
    ]);

    await cache.noteChange({ spaceKey: 'KB', at: 20 });
    await cache.noteChange({ spaceKey: 'KB', at: 15 }); // an older delivery does not move it back
    await cache.noteChange({ spaceKey: 'ENG', at: 5 });
    await cache.noteChange({ spaceKey: 'A~b', at: 30 });
    expect(await cache.changes()).toEqual([
      { spaceKey: 'A~b', at: 30 },
      { spaceKey: 'ENG', at: 5 },
      { spaceKey: 'KB', at: 20 },
    ]);

    await cache.markBuilt(20);
    expect(await cache.builtAt()).toBe(20);
    expect(await cache.changes()).toEqual([
      { spaceKey: 'A~b', at: 30 },
      { spaceKey: 'KB', at: 20 },
    ]);
    await cache.markBuilt(8); // an older scan finishing late does not move it back
    expect(await cache.builtAt()).toBe(20);
  });
});

const cursor = (overrides: Partial<ScanCursor> = {}): ScanCursor => ({
  scanId: 'scan-1',
  startedAt: 1,
  source: 'group:g',
  cursor: null,
  sourcesDone: 0,
  sourcesTotal: 3,
  finishedAt: null,
  sources: ['group:g', 'desk:1', 'profiles'],
  sourceItems: 0,
  accountsSeen: 0,
  personsEvaluated: 0,
  pointsUsed: 0,
  updatedAt: 1,
  ...overrides,
});

describe('ScanCursorStore', () => {
  it('is a compare-and-set: only the saver holding the current value wins', async () => {
    const store = createScanCursorStore();
    expect(await store.get()).toBeNull();
    expect(await store.save(cursor(), null)).toBe(true);
    expect(await store.save(cursor(), null)).toBe(false);
    const first = cursor();
    const racing = await Promise.all([
      store.save(cursor({ cursor: '50' }), first),
      store.save(cursor({ cursor: '100' }), first),
    ]);
    expect(racing.filter(Boolean)).toHaveLength(1);
    const now = await store.get();
    expect(['50', '100']).toContain(now?.cursor);
    // Key order of `expected` does not matter.
    const reordered = Object.fromEntries(Object.entries(now ?? {}).reverse()) as unknown as ScanCursor;
    expect(await store.save(cursor({ sourcesDone: 1 }), reordered)).toBe(true);
  });

  it('repairs a head left behind by a crash between claim and head write', async () => {
    const store = createScanCursorStore();
    await store.save(cursor(), null);
    await kvs.set('scan:rev:000000000002', {
      schemaVersion: 1,
      revision: 2,
      cursor: { schemaVersion: 1, ...cursor({ cursor: '50' }) },
    });
    expect((await store.get())?.cursor).toBe('50');
    expect(await store.save(cursor({ cursor: '100' }), cursor({ cursor: '50' }))).toBe(true);
  });
});

describe('ScanWorkingSet', () => {
  it('merges facts, pages accounts and buckets by key, clears a scan', async () => {
    const ws = createScanWorkingSet();
    await ws.upsert('s1', [
      { accountId: 'b', groupIds: ['g2'] },
      { accountId: 'a', customerOfDeskIds: ['1'] },
    ]);
    await ws.upsert('s1', [{ accountId: 'b', groupIds: ['g1'], apiEmail: 'b@x.io' }]);
    expect(await ws.count('s1')).toBe(2);
    const p1 = await ws.accounts('s1', { cursor: null, limit: 1 });
    expect(p1).toEqual({ items: [{ accountId: 'a', customerOfDeskIds: ['1'] }], nextCursor: 'a' });
    expect((await ws.accounts('s1', { cursor: 'a', limit: 1 })).items).toEqual([
      { accountId: 'b', groupIds: ['g1', 'g2'], apiEmail: 'b@x.io' },
    ]);
    await ws.assign('s1', [
      { accountId: 'a', personKey: 'a@x.io' as never, bucketKey: 'ax' },
      { accountId: 'b', personKey: 'b@x.io' as never, bucketKey: 'ax' },
    ]);
    const buckets = await ws.buckets('s1', { cursor: null, limit: 10 });
    expect(buckets.items.map((b) => [b.bucketKey, b.accounts.map((a) => a.accountId)])).toEqual([
      ['ax', ['a', 'b']],
    ]);
    expect(await ws.knownPersonKeys('s1', ['a@x.io', 'z@x.io'])).toEqual(new Set(['a@x.io']));
    await ws.clear('s1');
    expect(await ws.count('s1')).toBe(0);
  });
});

describe('PointsBudget', () => {
  it('reserves within the hourly budget, books the measured cost, resets at the next UTC hour', async () => {
    const budget = createPointsBudget(clock, 100);
    expect(await budget.tryReserve(60)).toBe(true);
    expect(await budget.tryReserve(50)).toBe(false);
    budget.record(10); // what the request layer measured on the answers
    await budget.settle(60, 999); // the core's model of the call is not what is booked
    expect(await budget.tryReserve(50)).toBe(true);
    budget.record(20);
    budget.record(30);
    await budget.settle(50, 0);
    const status = await budget.status();
    expect(status.used).toBe(60);
    expect(status.limit).toBe(100);
    await clock.advance(status.resetsAt - clock.now());
    expect((await budget.status()).used).toBe(0);
    await budget.blockUntil(clock.now() + 1000);
    expect(await budget.tryReserve(1)).toBe(false);
  });

  it('books what was measured outside a reservation on flush', async () => {
    const budget = createPointsBudget(clock, 100);
    budget.record(3); // an authorisation check before any use case
    expect((await budget.status()).used).toBe(0);
    await budget.flush();
    await budget.flush();
    expect((await budget.status()).used).toBe(3);
  });
});

describe('PointsBudget steered by the shared pool', () => {
  const view = (remaining: number, resetAt: number) => () => ({ limit: 65_000, remaining, resetAt });

  it('holds bulk work at the NearLimit reserve (20% of the pool) and says when the pool resets', async () => {
    const resetAt = clock.now() + 600_000;
    const bulk = createPointsBudget(clock, 10_000, { view: view(13_100, resetAt), work: 'bulk' });
    expect(await bulk.tryReserve(100)).toBe(true);
    expect(await bulk.tryReserve(101)).toBe(false);
    const held = createPointsBudget(clock, 10_000, { view: view(12_999, resetAt), work: 'bulk' });
    expect(await held.tryReserve(1)).toBe(false);
    expect(await held.status()).toMatchObject({ resetsAt: resetAt, heldByPool: true });
  });

  it('lets interactive work use the pool to its last point, never past it', async () => {
    const resetAt = clock.now() + 600_000;
    const interactive = createPointsBudget(clock, 10_000, { view: view(50, resetAt), work: 'interactive' });
    expect(await interactive.tryReserve(50)).toBe(true);
    expect(await interactive.tryReserve(51)).toBe(false);
    expect((await interactive.status()).heldByPool).toBeUndefined();
  });

  it('ignores a pool view whose window has reset, and keeps the fairness cap', async () => {
    const stale = createPointsBudget(clock, 100, { view: view(0, clock.now()), work: 'bulk' });
    expect(await stale.tryReserve(100)).toBe(true);
    expect(await stale.tryReserve(1)).toBe(false);
    expect((await stale.status()).heldByPool).toBeUndefined();
  });
});

describe('job dedupe markers', () => {
  it('lets the first claim of a key win until it is released or expires', async () => {
    const dedupe = createJobDedupe();
    expect(await dedupe.claim('reconcile-person:account:a', 'reconcile-person', clock.now())).toBe(true);
    expect(await dedupe.claim('reconcile-person:account:a', 'reconcile-person', clock.now())).toBe(false);
    await dedupe.release('reconcile-person:account:a');
    expect(await dedupe.claim('reconcile-person:account:a', 'reconcile-person', clock.now())).toBe(true);
    await clock.advance(61 * 60_000);
    expect(await dedupe.claim('reconcile-person:account:a', 'reconcile-person', clock.now())).toBe(true);
  });
});
