/**
 * A guest invitation raises no product event. The five-minute watch sees the guest group's total change,
 * follows it up, and reconciles the new guest: Noah's portal-only account gets its guest twin's findings.
 */
import { DEMO_POLICY } from './demo-policy';
import { DEMO_ACTIONS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
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

const points = pointsReport('watch-guest-invite');
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

it('catches a guest invitation that raises no event on the next watch tick', async () => {
  // The app knows the site (a full scan, which also sets the watch's watermarks).
  await callResolver(h, 'policy/set', DEMO_POLICY, asSiteAdmin);
  await callResolver(h, 'scan/start', {}, asSiteAdmin);
  await h.runtime.drain({ advanceClock: true });
  await takePoints(h);
  await h.runtime.tick(5 * 60_000);
  await h.runtime.drain({ advanceClock: true });
  points.record('idle watch tick', await takePoints(h));

  const invited = await siteAction(h, 'invite-guest', DEMO_ACTIONS.inviteGuest);
  expect(invited).toMatchObject({ ok: true, events: [] });
  expect(await h.runtime.pumpFeed()).toBe(0);

  await h.runtime.tick(5 * 60_000);
  await h.runtime.drain({ advanceClock: true });
  const list = await callResolver(h, 'findings/list', { limit: 100 }, asSiteAdmin);
  expect(list.ok).toBe(true);
  const aboutNoah = list.ok
    ? (list.data.items as { code: string; evidence: { accountIds: string[] } }[]).filter((f) =>
        f.evidence.accountIds.includes(DEMO_IDS.noah),
      )
    : [];
  expect(aboutNoah.map((f) => f.code)).toContain('DUPLICATE_ACCOUNTS');
  points.record('watch tick → follow-up → reconcile', await takePoints(h));
});
