/**
 * The points the app books against its installation budget (KVS `budget:points`, what production steers
 * by) equal the points the site metered, flow by flow, through the real handlers in the local runtime
 * (issue 15: production books in the core's meter, so that is the path to prove, not an adapter-level one).
 */
import { DEMO_DESKS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
import { DEMO_POLICY } from './demo-policy';
import {
  asSiteAdmin,
  callResolver,
  pointsReport,
  siteAction,
  startHarness,
  takePoints,
  type Harness,
} from './harness';

jest.setTimeout(180_000);

interface BudgetRecord {
  readonly windowStart: number;
  readonly used: number;
  readonly reserved: number;
}

const budgetOf = (h: Harness): BudgetRecord | null =>
  (h.runtime.kvs.get('budget:points') as BudgetRecord) ?? null;

/** Points booked since `before` (the app's budget windows are wall-clock hours: a new window starts at 0). */
const bookedSince = (before: BudgetRecord | null, after: BudgetRecord | null): number => {
  if (after === null) return 0;
  return before === null || before.windowStart !== after.windowStart ? after.used : after.used - before.used;
};

const points = pointsReport('points-booked');
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await takePoints(h);
});
afterAll(() => h.close());

const flows: [string, () => Promise<void>][] = [
  [
    'policy saved from the admin page',
    async () => {
      expect(await callResolver(h, 'policy/set', DEMO_POLICY, asSiteAdmin)).toMatchObject({ ok: true });
    },
  ],
  [
    'full scan started from the admin page and run',
    async () => {
      expect(await callResolver(h, 'scan/start', {}, asSiteAdmin)).toMatchObject({ ok: true });
      await h.runtime.drain();
    },
  ],
  [
    'request raised → event → reconcile',
    async () => {
      await siteAction(h, 'raise-request', {
        deskId: DEMO_DESKS.support,
        reporter: DEMO_IDS.rachel,
        summary: 'VPN',
      });
      await h.runtime.pumpFeed();
      await h.runtime.drain();
    },
  ],
  [
    'findings listed on the admin page',
    async () => {
      expect(await callResolver(h, 'findings/list', { limit: 10 }, asSiteAdmin)).toMatchObject({ ok: true });
    },
  ],
  [
    'ten minutes of schedules (watch ticks)',
    async () => {
      await h.runtime.tick(10 * 60_000);
    },
  ],
];

it.each(flows)('%s: points booked = points metered', async (flow, run) => {
  const before = budgetOf(h);
  await run();
  const after = budgetOf(h);
  const metered = await takePoints(h);
  expect(metered).toBeGreaterThan(0);
  expect(after?.reserved).toBe(0);
  expect(bookedSince(before, after)).toBe(metered);
  points.record(flow, metered);
});
