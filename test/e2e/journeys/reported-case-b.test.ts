/**
 * Reported case (b): Rachel, a portal-only CS customer the app already knows, signs up through a KB link and
 * gets a second, Atlassian account on the desk. The sign-up's events (Jira and Confluence user created) merge
 * into one deduplicated job, which finds DUPLICATE_ACCOUNTS and UNEXPECTED_CUSTOMER; the plan for them is a
 * guided migration (done by hand in Atlassian admin), not an automatic write.
 */
import { DEMO_ACTIONS, DEMO_DESKS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
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

const points = pointsReport('reported-case-b');
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

type Item = { id: string; code: string; evidence: { accountIds: string[] } };

const findingsAbout = async (accountId: string): Promise<Item[]> => {
  const list = await callResolver(h, 'findings/list', { limit: 100 }, asSiteAdmin);
  if (!list.ok) throw new Error(list.error.code);
  return (list.data.items as Item[]).filter((f) => f.evidence.accountIds.includes(accountId));
};

it('a KB-link sign-up creates DUPLICATE_ACCOUNTS + UNEXPECTED_CUSTOMER with a guided migration plan', async () => {
  // The app meets Rachel's portal-only account first (she raises a request).
  await siteAction(h, 'raise-request', {
    deskId: DEMO_DESKS.support,
    reporter: DEMO_IDS.rachel,
    summary: 'VPN',
  });
  await h.runtime.pumpFeed();
  await h.runtime.drain({ advanceClock: true });
  await takePoints(h);
  await h.clock.advance(60_000);

  const signup = await siteAction(h, 'kb-signup', DEMO_ACTIONS.kbSignup);
  const before = h.runtime.invocations.length;
  await h.runtime.pumpFeed();
  await h.runtime.drain({ advanceClock: true });
  const runs = h.runtime.invocations.slice(before);
  expect(runs.filter((r) => r.kind === 'consumer')).toHaveLength(1);
  expect(signup).toMatchObject({ ok: true });

  const codes = (await findingsAbout(DEMO_IDS.rachel)).map((f) => f.code).sort();
  expect(codes).toEqual(['DUPLICATE_ACCOUNTS', 'UNEXPECTED_CUSTOMER']);
  points.record('kb-signup events → one reconcile', await takePoints(h));

  const ids = (await findingsAbout(DEMO_IDS.rachel)).map((f) => f.id);
  const preview = await callResolver(h, 'plan/preview', { findingIds: ids }, asSiteAdmin);
  expect(preview.ok).toBe(true);
  const actions = preview.ok ? (preview.data.actions as { action: { type: string; step?: string } }[]) : [];
  expect(actions.some((a) => a.action.type === 'guidedStep')).toBe(true);
  points.record('plan preview', await takePoints(h));
});
