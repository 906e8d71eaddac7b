/**
 * FindingStore.list pages inside the store (issue 7): through the real @forge/kvs against the local runtime's
 * Custom Entity Store, every query shape pages to exactly the matching findings in id order (compared with
 * the in-memory FakeFindingStore over the same data, after rewrites and deletions), one call never reads
 * more than its cap of index rows, a cut-short page still continues, and a foreign cursor gives an empty page.
 */
import path from 'node:path';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import { createForgeRuntime, type ForgeRuntime } from '../../../local/forge-runtime';
import { createFindingStore, MAX_SCANNED } from '../../../src/adapters/storage/finding-store';
import type { Finding, FindingCode, Severity } from '../../../src/core/model';
import type { FindingQuery, FindingStore } from '../../../src/core/ports';
import { FakeFindingStore } from '../../support/fakes';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '../../..');

let runtime: ForgeRuntime;
let clock: VirtualClock;

beforeEach(async () => {
  clock = new VirtualClock();
  runtime = await createForgeRuntime({
    appRoot: ROOT,
    siteUrl: 'http://127.0.0.1:9',
    clock,
    appId: '0f0e0d0c-0b0a-4000-8000-000000000002',
    cloudId: 'cloud-storage-paging',
  });
});
afterEach(() => runtime.close());

const CODES: FindingCode[] = ['GUEST_WITHOUT_CUSTOMER_ROLE', 'UNEXPECTED_CUSTOMER', 'KB_SIGNUP_RISK'];
const SEVERITIES: Severity[] = ['high', 'medium', 'low'];

/** A deterministic spread of findings: person n has 1–3 findings over codes, severities, desks and spaces. */
const findingsOf = (n: number, generation = 0): Finding[] =>
  Array.from({ length: 1 + ((n + generation) % 3) }, (_, i) => {
    const k = n * 7 + i * 3 + generation;
    return {
      id: `F:${String((n * 37 + i * 11) % 1000).padStart(3, '0')}-${n}-${i}`,
      code: CODES[k % CODES.length] as FindingCode,
      severity: SEVERITIES[(k >> 1) % SEVERITIES.length] as Severity,
      subject: { type: 'person', emailKey: `p${n}@example.com` },
      title: 'A finding',
      explanation: 'Why it matters.',
      evidence: { accountIds: [`acc-${n}`], groupIds: [], deskIds: [], spaceKeys: [], facts: [] },
      fixes: [],
      scope: {
        deskIds: [String(1 + (k % 3)), ...(k % 4 === 0 ? ['9'] : [])],
        spaceKeys: k % 2 === 0 ? ['KB'] : [],
      },
    } satisfies Finding;
  });

const QUERIES: FindingQuery[] = [
  {},
  { codes: ['UNEXPECTED_CUSTOMER'] },
  { codes: ['UNEXPECTED_CUSTOMER', 'KB_SIGNUP_RISK'] },
  { severities: ['low'] },
  { codes: ['GUEST_WITHOUT_CUSTOMER_ROLE'], severities: ['high', 'low'] },
  { deskId: '2' },
  { anyDeskIds: ['1', '9'] },
  { anyDeskIds: ['1', '9'], codes: ['KB_SIGNUP_RISK'] },
  { anyDeskIds: ['3'], severities: ['medium'], anySpaceKeys: ['KB'] },
  { anySpaceKeys: ['KB'], codes: ['UNEXPECTED_CUSTOMER'] },
  { spaceKey: 'NONE' },
  { anyDeskIds: [] },
  { codes: [] },
  { subjectKeys: ['p3@example.com', 'p4@example.com'] },
];

/** Every item of a query, following the cursor; also the largest page and the number of calls. */
const pageThrough = async (
  store: FindingStore,
  query: FindingQuery,
  limit: number,
): Promise<{ ids: string[]; calls: number }> => {
  const ids: string[] = [];
  let cursor: string | null = null;
  let calls = 0;
  do {
    const page = await store.list(query, { cursor, limit });
    calls += 1;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((f) => f.id));
    cursor = page.nextCursor;
  } while (cursor !== null && calls < 1_000);
  return { ids, calls };
};

describe('FindingStore.list paging', () => {
  it('pages every query shape to exactly the matching findings, in id order, like the fake', async () => {
    const store = createFindingStore(clock);
    const fake = new FakeFindingStore();
    const write = async (subject: string, findings: Finding[]) => {
      await store.replaceForSubject(subject, findings);
      await fake.replaceForSubject(subject, findings);
    };
    for (let n = 0; n < 60; n += 1) await write(`p${n}@example.com`, findingsOf(n));
    // Rewrites (new ids, moved scopes) and removals must leave no stale index rows behind.
    for (let n = 0; n < 60; n += 5) {
      await write(`p${n}@example.com`, n % 10 === 0 ? [] : findingsOf(n, 1));
    }
    for (const query of QUERIES) {
      const expected = (await pageThrough(fake, query, 1_000)).ids;
      expect(expected).toEqual([...expected].sort());
      for (const limit of [1, 7, 100]) {
        const { ids } = await pageThrough(store, query, limit);
        expect({ query, limit, ids }).toEqual({ query, limit, ids: expected });
      }
      const summary = await store.summarize(query);
      expect({ query, total: summary.total }).toEqual({ query, total: expected.length });
    }
  });

  it('reads about one page per call, caps the over-read, and continues a page cut short', async () => {
    const store = createFindingStore(clock);
    // 1,200 findings on desk 5, of which only the last three are `low`: a residual condition on by-scope
    // rows when the by-scope-severity partitions would be too many.
    for (let n = 0; n < 400; n += 1) {
      const findings = findingsOf(n).map((f, i): Finding => ({
        ...f,
        id: `F:${String(n).padStart(4, '0')}-${i}`,
        severity: n >= 399 ? 'low' : 'high',
        scope: { deskIds: ['5'], spaceKeys: [] },
      }));
      await store.replaceForSubject(`p${n}@example.com`, findings);
    }
    const queries = () => runtime.kvs.opStats().byPath['/api/v1/entity/query'] ?? 0;

    let before = queries();
    const first = await store.list({ anyDeskIds: ['5'] }, { cursor: null, limit: 25 });
    expect(first.items).toHaveLength(25);
    expect(queries() - before).toBe(1);

    // 13 desks × 1 severity is over the combined-partition cap: by-scope rows, severity checked on each.
    const desks = ['5', ...Array.from({ length: 12 }, (_, i) => String(100 + i))];
    const lowOnly: FindingQuery = { anyDeskIds: desks, severities: ['low'] };
    const seen: string[] = [];
    let cursor: string | null = null;
    let calls = 0;
    do {
      before = queries();
      const page = await store.list(lowOnly, { cursor, limit: 25 });
      calls += 1;
      // The empty partitions answer once; then ≤ MAX_SCANNED rows, 100 a query, from desk 5.
      expect(queries() - before).toBeLessThanOrEqual(desks.length + MAX_SCANNED / 100 + 1);
      seen.push(...page.items.map((f) => f.id));
      cursor = page.nextCursor;
    } while (cursor !== null && calls < 50);
    expect(calls).toBeGreaterThan(1); // short pages with a cursor, not one unbounded read
    expect(seen).toEqual(findingsOf(399).map((_, i) => `F:0399-${i}`));
  });

  it('answers a cursor it did not mint with an empty page, never an exception', async () => {
    const store = createFindingStore(clock);
    await store.replaceForSubject('p1@example.com', findingsOf(1));
    for (const cursor of [
      'F:000',
      'not base64 !',
      Buffer.from('{"v":2,"after":"x"}').toString('base64url'),
    ]) {
      await expect(store.list({}, { cursor, limit: 10 })).resolves.toEqual({ items: [], nextCursor: null });
    }
  });
});
