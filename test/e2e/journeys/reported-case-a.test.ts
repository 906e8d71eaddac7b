/**
 * Reported case (a): Grace's portal-only CS account has a Confluence guest twin without the Customer role, so
 * the guest cannot use the portal. A request she raises is the event: within one queue hop the app finds
 * GUEST_WITHOUT_CUSTOMER_ROLE (and DUPLICATE_ACCOUNTS); the site admin previews and applies the fix from the
 * admin page (the guest joins the customers group, written as the admin), then undoes it.
 */
import { DEMO_DESKS, DEMO_GROUP_IDS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
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

const points = pointsReport('reported-case-a');
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const findingsOf = async (accountId: string) => {
  const list = await callResolver(h, 'findings/list', { limit: 100 }, asSiteAdmin);
  if (!list.ok) throw new Error(list.error.code);
  return (list.data.items as { id: string; code: string; evidence: { accountIds: string[] } }[]).filter((f) =>
    f.evidence.accountIds.includes(accountId),
  );
};

const inCustomersGroup = async (): Promise<boolean> => {
  const res = await fetch(
    `${h.site.url}/rest/api/3/group/member?groupId=${DEMO_GROUP_IDS.customers}&maxResults=200&includeInactiveUsers=true`,
    { headers: { 'X-Local-Caller': `app:${'5d2c7a10-3b4e-4f6a-9c8d-000000000e2e'}` } },
  );
  const body = (await res.json()) as { values: { accountId: string }[] };
  return body.values.some((u) => u.accountId === DEMO_IDS.graceGuest);
};

it('finds the guest without the Customer role within one queue hop of the request event', async () => {
  await takePoints(h);
  await siteAction(h, 'raise-request', {
    deskId: DEMO_DESKS.support,
    reporter: DEMO_IDS.gracePortal,
    summary: 'Cannot log in to the portal',
  });
  const before = h.runtime.invocations.length;
  expect(await h.runtime.pumpFeed()).toBeGreaterThan(0);
  await h.runtime.drain({ advanceClock: true });
  const consumerRuns = h.runtime.invocations.slice(before).filter((r) => r.kind === 'consumer');
  expect(consumerRuns).toHaveLength(1);
  const codes = (await findingsOf(DEMO_IDS.graceGuest)).map((f) => f.code).sort();
  expect(codes).toEqual(expect.arrayContaining(['DUPLICATE_ACCOUNTS', 'GUEST_WITHOUT_CUSTOMER_ROLE']));
  points.record('event → reconcile (one queue hop)', await takePoints(h));
});

it('is fixed by one admin click, written as the admin, and undone', async () => {
  const finding = (await findingsOf(DEMO_IDS.graceGuest)).find(
    (f) => f.code === 'GUEST_WITHOUT_CUSTOMER_ROLE',
  );
  expect(finding).toBeDefined();
  const preview = await callResolver(h, 'plan/preview', { findingIds: [finding?.id] }, asSiteAdmin);
  expect(preview.ok).toBe(true);
  const planId = preview.ok ? (preview.data.id as string) : '';
  const applied = await callResolver(h, 'plan/apply', { planId }, asSiteAdmin);
  expect(applied).toMatchObject({ ok: true, data: { planId, actionCount: 1 } });
  expect(await inCustomersGroup()).toBe(true);
  const again = await callResolver(h, 'plan/apply', { planId }, asSiteAdmin);
  expect(again).toMatchObject({ ok: false, error: { code: 'PLAN.ALREADY_APPLIED' } });
  expect((await findingsOf(DEMO_IDS.graceGuest)).map((f) => f.code)).not.toContain(
    'GUEST_WITHOUT_CUSTOMER_ROLE',
  );
  points.record('preview + apply (admin click)', await takePoints(h));

  const audit = await callResolver(h, 'audit/list', { planId }, asSiteAdmin);
  expect(audit.ok).toBe(true);
  const entry = audit.ok
    ? (audit.data.items as { id: string; outcome: string; actor: unknown }[])[0]
    : undefined;
  expect(entry).toMatchObject({ outcome: 'applied', actor: { type: 'user', accountId: DEMO_IDS.alice } });
  const undo = await callResolver(h, 'audit/undo', { auditId: entry?.id }, asSiteAdmin);
  expect(undo).toMatchObject({ ok: true, data: { auditId: entry?.id, outcome: 'undone' } });
  expect(await inCustomersGroup()).toBe(false);
  points.record('undo', await takePoints(h));
});
