/**
 * Every resolver authorises from the Forge context only: a customer on the admin page, a project admin on
 * another project's settings page, and a space admin on another space's settings page are refused by every
 * resolver with AUTH.FORBIDDEN before anything is read or written; the payload cannot widen the scope. A
 * project admin may preview reported case (a) on their desk, but its fix is a group change only a site admin
 * may make (writes run as the caller): plan/apply refuses it with AUTH.FORBIDDEN naming the right, before
 * any write.
 */
import { ALL_RESOLVER_NAMES } from '../../../src/contracts';
import { DEMO_DESKS, DEMO_IDS, DEMO_SPACES } from '../../../local/atlassian-site/scenarios/demo';
import {
  asSiteAdmin,
  callResolver,
  pointsReport,
  siteAction,
  startHarness,
  takePoints,
  type Harness,
} from './harness';

jest.setTimeout(120_000);

const VALID_PAYLOADS: Record<string, unknown> = {
  overview: {},
  directory: {},
  'findings/list': {},
  'person/card': { emailKey: 'grace.lee@example.com' },
  'plan/preview': { findingIds: ['GUEST_WITHOUT_CUSTOMER_ROLE:x'] },
  'plan/apply': { planId: 'plan-1' },
  'plan/confirm-step': { planId: 'plan-1', actionKey: 'guide:migrate:qm:x' },
  'audit/undo': { auditId: 'audit-1' },
  'scan/start': {},
  'scan/status': {},
  'policy/get': {},
  'policy/set': { links: [], protectedAccountIds: [], blastRadiusThreshold: 10 },
  'audit/list': {},
  'findings/export-csv': {},
};

const ITH = { project: { id: '10001', key: 'ITH' } };

const points = pointsReport('authorisation');
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const callers = [
  ['a customer on the admin page', { accountId: DEMO_IDS.olivia, module: 'admin' as const }],
  [
    "another project's admin (CS admin on ITH)",
    { accountId: DEMO_IDS.dan, module: 'project' as const, extension: ITH },
  ],
  [
    "another space's admin (ENG admin on ITKB)",
    {
      accountId: DEMO_IDS.frank,
      module: 'space' as const,
      extension: { space: { id: DEMO_SPACES.itKb, key: 'ITKB' } },
    },
  ],
] as const;

it('has a payload for every resolver name', () => {
  expect(Object.keys(VALID_PAYLOADS).sort()).toEqual([...ALL_RESOLVER_NAMES].sort());
});

it.each(callers)('refuses %s on every resolver', async (_label, as) => {
  await takePoints(h);
  for (const name of ALL_RESOLVER_NAMES) {
    const answer = await callResolver(h, name, VALID_PAYLOADS[name], as);
    expect({ name, answer }).toEqual({
      name,
      answer: { ok: false, error: expect.objectContaining({ code: 'AUTH.FORBIDDEN' }) },
    });
  }
  const writes = (await (await fetch(`${h.site.url}/__local/write-log`)).json()) as { writes: unknown[] };
  expect(writes.writes).toEqual([]);
  points.record(`refusals: ${_label} (${ALL_RESOLVER_NAMES.length} resolvers)`, await takePoints(h));
});

it('lets the project admin in on their own project, scoped to their desk', async () => {
  const answer = await callResolver(
    h,
    'overview',
    {},
    { accountId: DEMO_IDS.carol, module: 'project', extension: ITH },
  );
  expect(answer).toMatchObject({
    ok: true,
    data: { scope: { type: 'desk', deskId: '1', projectKey: 'ITH' } },
  });
  const policy = await callResolver(
    h,
    'policy/get',
    {},
    { accountId: DEMO_IDS.carol, module: 'project', extension: ITH },
  );
  expect(policy).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
});

it('rejects identity or scope smuggled into a payload', async () => {
  const answer = await callResolver(
    h,
    'findings/list',
    { accountId: DEMO_IDS.alice, scope: 'site' },
    { accountId: DEMO_IDS.olivia, module: 'admin' },
  );
  expect(answer).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
});

it('names only the desks each admin may see (directory, from the snapshot a scan stores)', async () => {
  const asCarol = { accountId: DEMO_IDS.carol, module: 'project' as const, extension: ITH };
  const before = await callResolver(h, 'directory', {}, asCarol);
  expect(before).toEqual({ ok: true, data: { desks: [], spaces: [], groups: [], asOf: null } });
  await takePoints(h);
  const started = await callResolver(h, 'scan/start', {}, asSiteAdmin);
  expect(started).toMatchObject({ ok: true, data: { state: 'running' } });
  const site = await callResolver(h, 'directory', {}, asSiteAdmin);
  const carol = await callResolver(h, 'directory', {}, asCarol);
  points.record('scan/start + directory (site admin, project admin)', await takePoints(h));
  const desksOf = (answer: typeof site): string[] =>
    answer.ok ? (answer.data.desks as { id: string }[]).map((d) => d.id) : [];
  expect(desksOf(site).length).toBeGreaterThan(1);
  expect(desksOf(site)).toContain('1');
  expect(desksOf(carol)).toEqual(['1']);
  expect(carol).toMatchObject({ ok: true, data: { spaces: [], desks: [{ id: '1', projectKey: 'ITH' }] } });
});

it("tells the panel how long to wait when Atlassian rate-limits the caller's permission check", async () => {
  const faults = async (body: unknown): Promise<void> => {
    const res = await fetch(`${h.site.url}/__local/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  };
  await faults({
    script: [
      {
        match: { operationId: 'getMyPermissions' },
        action: { kind: 'status', status: 429, retryAfterSeconds: 30 },
      },
    ],
  });
  try {
    const answer = await callResolver(h, 'overview', {}, asSiteAdmin);
    expect(answer).toEqual({
      ok: false,
      error: { code: 'UPSTREAM.RATE_LIMITED', message: expect.any(String), retryAfter: 30 },
    });
  } finally {
    await faults({});
  }
});

it("refuses a project admin's apply of a group change before any write, and says a Jira admin is needed", async () => {
  const asDan = {
    accountId: DEMO_IDS.dan,
    module: 'project' as const,
    extension: { project: { id: '10003', key: 'CS' } },
  };
  await siteAction(h, 'raise-request', {
    deskId: DEMO_DESKS.support,
    reporter: DEMO_IDS.gracePortal,
    summary: 'Cannot log in to the portal',
  });
  await h.runtime.pumpFeed();
  await h.runtime.drain({ advanceClock: true });
  await takePoints(h);
  const list = await callResolver(h, 'findings/list', { limit: 100 }, asDan);
  const finding = list.ok
    ? (list.data.items as { id: string; code: string; evidence: { accountIds: string[] } }[]).find(
        (f) =>
          f.code === 'GUEST_WITHOUT_CUSTOMER_ROLE' && f.evidence.accountIds.includes(DEMO_IDS.graceGuest),
      )
    : undefined;
  expect(finding).toBeDefined();
  const preview = await callResolver(h, 'plan/preview', { findingIds: [finding?.id] }, asDan);
  expect(preview).toMatchObject({
    ok: true,
    data: {
      actions: [{ action: { type: 'addToGroup' }, viewerCannotApply: { reason: 'needs-site-admin' } }],
    },
  });
  const planId = preview.ok ? (preview.data.id as string) : '';
  const writeLog = async (): Promise<unknown[]> =>
    ((await (await fetch(`${h.site.url}/__local/write-log`)).json()) as { writes: unknown[] }).writes;
  const writesBefore = (await writeLog()).length;

  const refused = await callResolver(h, 'plan/apply', { planId }, asDan);
  expect(refused).toEqual({
    ok: false,
    error: {
      code: 'AUTH.FORBIDDEN',
      needs: 'site-admin',
      message: expect.stringContaining('Only a Jira admin can change group membership'),
    },
  });
  expect((await writeLog()).length).toBe(writesBefore);
  const audit = await callResolver(h, 'audit/list', { planId }, asSiteAdmin);
  expect(audit).toMatchObject({ ok: true, data: { items: [] } });
  points.record('project admin: preview + refused apply of a group change', await takePoints(h));

  // The same plan, applied by a Jira admin, goes through: the plan is not tied to who previewed it.
  const applied = await callResolver(h, 'plan/apply', { planId }, asSiteAdmin);
  expect(applied).toMatchObject({ ok: true, data: { status: 'applied', actionCount: 1 } });
  expect((await writeLog()).length).toBe(writesBefore + 1);
});
