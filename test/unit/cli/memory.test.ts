/**
 * The audit's in-memory stores (src/cli/memory.ts) keep the port contracts the scan relies on: key-ordered
 * pages whose cursor is the last key, facts merged as set unions, whole buckets, and sorted key lists that stay
 * right when keys are added or removed between pages (the caches must never serve a stale order).
 */
import type { Finding, Person, PersonKey, Policy } from '../../../src/core/model';
import type { Page } from '../../../src/core/ports';
import { createAuditStores, emptyAuditState } from '../../../src/cli/memory';

const policy: Policy = {
  schemaVersion: 1,
  links: [],
  protectedAccountIds: [],
  blastRadiusThreshold: 10,
  autoFixActorAccountId: null,
};

const all = async <T>(read: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> => {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await read(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
};

it('pages accounts by id and merges facts as unions, also for ids added between pages', async () => {
  const state = emptyAuditState();
  const { workingSet } = createAuditStores(state, policy);
  await workingSet.upsert('s', [
    { accountId: 'c', groupIds: ['g1'] },
    { accountId: 'a', customerOfDeskIds: ['1'] },
  ]);
  const first = await workingSet.accounts('s', { cursor: null, limit: 1 });
  expect(first.items.map((f) => f.accountId)).toEqual(['a']);
  await workingSet.upsert('s', [
    { accountId: 'b', groupIds: ['g2'] },
    { accountId: 'c', groupIds: ['g0'] },
  ]);
  const rest = await all((cursor) =>
    workingSet.accounts('s', { cursor: cursor ?? first.nextCursor, limit: 1 }),
  );
  expect(rest.map((f) => f.accountId)).toEqual(['b', 'c']);
  expect(rest[1]).toEqual({ accountId: 'c', groupIds: ['g0', 'g1'] });
  expect(await workingSet.count('s')).toBe(3);
  await workingSet.clear('s');
  expect(await workingSet.count('s')).toBe(0);
  expect((await workingSet.accounts('s', { cursor: null, limit: 10 })).items).toEqual([]);
});

it('hands out whole buckets in key order and knows the assigned person keys', async () => {
  const { workingSet } = createAuditStores(emptyAuditState(), policy);
  await workingSet.upsert('s', [{ accountId: 'a' }, { accountId: 'b' }, { accountId: 'c' }]);
  await workingSet.assign('s', [
    { accountId: 'a', personKey: 'x@e.com' as PersonKey, bucketKey: 'variant:x' },
    { accountId: 'c', personKey: 'y@e.com' as PersonKey, bucketKey: 'variant:x' },
    { accountId: 'b', personKey: 'z@e.com' as PersonKey, bucketKey: 'variant:a' },
  ]);
  const buckets = await all((cursor) => workingSet.buckets('s', { cursor, limit: 1 }));
  expect(buckets.map((b) => [b.bucketKey, b.accounts.map((f) => f.accountId)])).toEqual([
    ['variant:a', ['b']],
    ['variant:x', ['a', 'c']],
  ]);
  expect(await workingSet.knownPersonKeys('s', ['x@e.com', 'q@e.com'])).toEqual(new Set(['x@e.com']));
  await workingSet.assign('s', [
    { accountId: 'a', personKey: 'q@e.com' as PersonKey, bucketKey: 'variant:q' },
  ]);
  expect(await workingSet.knownPersonKeys('s', ['x@e.com', 'q@e.com'])).toEqual(new Set(['q@e.com']));
});

it('keeps subject and person key order right through replaces and removals', async () => {
  const stores = createAuditStores(emptyAuditState(), policy);
  const f = (id: string) => ({ id }) as unknown as Finding;
  await stores.findings.replaceForSubject('b', [f('2')]);
  await stores.findings.replaceForSubject('a', [f('1')]);
  expect(await all((cursor) => stores.findings.subjectKeys({ cursor, limit: 1 }))).toEqual(['a', 'b']);
  await stores.findings.replaceForSubject('a', []);
  await stores.findings.replaceForSubject('c', [f('3')]);
  expect(await all((cursor) => stores.findings.subjectKeys({ cursor, limit: 1 }))).toEqual(['b', 'c']);
  const p = (key: string) => ({ emailKey: key, accounts: [] }) as unknown as Person;
  await stores.persons.put(p('m@e.com'));
  await stores.persons.put(p('k@e.com'));
  await stores.persons.put(p('m@e.com'));
  expect(await all((cursor) => stores.persons.keys({ cursor, limit: 1 }))).toEqual(['k@e.com', 'm@e.com']);
  await stores.persons.remove('k@e.com' as PersonKey);
  expect(await all((cursor) => stores.persons.keys({ cursor, limit: 5 }))).toEqual(['m@e.com']);
});

it('saves the scan cursor by compare-and-set', async () => {
  const { scanCursors } = createAuditStores(emptyAuditState(), policy);
  const cursor = { scanId: 's1' } as never;
  expect(await scanCursors.save(cursor, null)).toBe(true);
  expect(await scanCursors.save(cursor, null)).toBe(false);
  expect(await scanCursors.get()).toEqual({ scanId: 's1' });
});
