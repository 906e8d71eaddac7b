/**
 * Issue 16 item 8, one clock: offline, the app runs on the virtual clock the site and the schedules use
 * (forge-runtime `appTime: 'virtual'`, as `npm start` and the preview host run it), so every time a panel
 * shows — the overview's "as of", a finding's detected/updated times, the budget's reset — is that clock's,
 * not the machine's. The virtual clock starts on 2026-11-23 09:00 UTC, far from the wall clock.
 */
import { DEMO_DESKS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
import { asSiteAdmin, callResolver, siteAction, startHarness, type Harness } from './harness';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
let h: Harness;
const wallBefore = Date.now();
beforeAll(async () => {
  h = await startHarness({ appTime: 'virtual' });
});
let open = true;
afterAll(async () => {
  if (open) await h.close();
});

it('stamps the overview, the findings and the budget reset with the virtual time', async () => {
  expect(Math.abs(h.clock.now() - wallBefore)).toBeGreaterThan(24 * HOUR); // the two clocks differ by days
  const overview = await callResolver(h, 'overview', {}, asSiteAdmin);
  expect(overview).toMatchObject({ ok: true, data: { generatedAt: h.clock.now() } });

  await h.clock.advance(7 * 60_000);
  const raisedAt = h.clock.now();
  await siteAction(h, 'raise-request', {
    deskId: DEMO_DESKS.support,
    reporter: DEMO_IDS.gracePortal,
    summary: 'Cannot log in to the portal',
  });
  await h.runtime.pumpFeed();
  await h.runtime.drain({ advanceClock: true });
  const list = await callResolver(
    h,
    'findings/list',
    { filter: { search: 'grace' }, limit: 100 },
    asSiteAdmin,
  );
  if (!list.ok) throw new Error(list.error.code);
  const items = list.data.items as { detectedAt: number; updatedAt: number }[];
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    // Stored to the second (entity integers), within the virtual minutes the reconcile took.
    expect(item.detectedAt).toBeGreaterThanOrEqual(Math.floor(raisedAt / 1000) * 1000);
    expect(item.updatedAt).toBeLessThanOrEqual(h.clock.now());
  }

  const status = await callResolver(h, 'scan/status', {}, asSiteAdmin);
  if (!status.ok) throw new Error(status.error.code);
  const resetsAt = status.data.points.resetsAt as number | null;
  if (resetsAt !== null) {
    expect(resetsAt).toBeGreaterThan(h.clock.now());
    expect(resetsAt - h.clock.now()).toBeLessThanOrEqual(HOUR);
  }
});

it("gives back what Date.now was when a runtime closes: the open one's clock, then the machine's", async () => {
  const other = await startHarness({ appTime: 'virtual' });
  expect(Date.now()).toBe(other.clock.now());
  await other.close();
  expect(Date.now()).toBe(h.clock.now());
  await h.close();
  open = false;
  expect(Math.abs(Date.now() - new Date().getTime())).toBeLessThan(5_000);
  expect(Math.abs(Date.now() - h.clock.now())).toBeGreaterThan(24 * HOUR);
});
