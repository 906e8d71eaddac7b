/**
 * Issue 16 item 3: an admin finds a person's findings by any part of their email or name, typed in any
 * case, through the real resolvers on the emulated demo site; a project admin's search stays within desk.
 * Grace Lee (grace.lee@example.org, portal account on desk CS and a Confluence guest) is reconciled by the
 * request she raises; Alice is the site admin, Dan administers CS and Bob administers HR only.
 */
import { DEMO_DESKS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
import { asSiteAdmin, callResolver, siteAction, startHarness, type Harness } from './harness';

jest.setTimeout(120_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await siteAction(h, 'raise-request', {
    deskId: DEMO_DESKS.support,
    reporter: DEMO_IDS.gracePortal,
    summary: 'Cannot log in to the portal',
  });
  await h.runtime.pumpFeed();
  await h.runtime.drain({ advanceClock: true });
});
afterAll(() => h.close());

type As = Parameters<typeof callResolver>[3];

const subjectsFound = async (search: string, as: As = asSiteAdmin): Promise<string[]> => {
  const page = await callResolver(h, 'findings/list', { filter: { search }, limit: 100 }, as);
  if (!page.ok) throw new Error(`${page.error.code}: ${page.error.message}`);
  expect(page.data.searchIsPartial).toBe(false);
  const items = page.data.items as { subject: { type: string; emailKey?: string } }[];
  return [...new Set(items.map((f) => f.subject.emailKey ?? f.subject.type))].sort();
};

it.each(['grace', 'GRACE', 'Gra', 'lee', 'Grace Lee', 'grace.lee@', 'grace.lee@example.org', 'example.org'])(
  'finds Grace by %p',
  async (search) => {
    expect(await subjectsFound(search)).toContain('grace.lee@example.org');
    if (search !== 'example.org') expect(await subjectsFound(search)).toEqual(['grace.lee@example.org']);
  },
);

it('finds nobody for a word no one has, and refuses text with nothing searchable in it', async () => {
  expect(await subjectsFound('zebedee')).toEqual([]);
  expect(await subjectsFound('grace zebedee')).toEqual([]);
  const bad = await callResolver(h, 'findings/list', { filter: { search: '@@' }, limit: 10 }, asSiteAdmin);
  expect(bad).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
});

it("keeps a project admin's search within their desk", async () => {
  const CS = { project: { id: '10003', key: 'CS' } };
  const HR = { project: { id: '10002', key: 'HR' } };
  expect(await subjectsFound('grace', { accountId: DEMO_IDS.dan, module: 'project', extension: CS })).toEqual(
    ['grace.lee@example.org'],
  );
  expect(await subjectsFound('grace', { accountId: DEMO_IDS.bob, module: 'project', extension: HR })).toEqual(
    [],
  );
});

it('names Grace in the list and in the CSV: display name, email, account ids, desk', async () => {
  const page = await callResolver(
    h,
    'findings/list',
    { filter: { search: 'grace' }, limit: 100 },
    asSiteAdmin,
  );
  if (!page.ok) throw new Error(page.error.code);
  const items = page.data.items as { subjectName: string | null; evidence: { accountIds: string[] } }[];
  expect(items.length).toBeGreaterThan(0);
  expect(new Set(items.map((i) => i.subjectName))).toEqual(new Set(['Grace Lee']));
  const exported = await callResolver(h, 'findings/export-csv', { filter: { search: 'grace' } }, asSiteAdmin);
  if (!exported.ok) throw new Error(exported.error.code);
  const lines = (exported.data.csv as string).split('\r\n').filter((l) => l !== '');
  expect(lines[0]).toBe(
    'findingId,email,displayName,accountIds,code,severity,desks,spaces,title,fixes,explanation',
  );
  expect(lines).toHaveLength(items.length + 1);
  for (const line of lines.slice(1)) {
    expect(line).toContain(',grace.lee@example.org,Grace Lee,');
    expect(line).toContain(DEMO_IDS.graceGuest);
    expect(line).toContain('Customer Support (CS)');
  }
});
