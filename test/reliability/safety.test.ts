/**
 * Issue 8 item 7: safety on the emulated demo site, through the real handlers.
 * - With every auto-fix switch on, the automatic paths (scan, live events, watch) only ever add: no removal,
 *   no account change, no DELETE request, and every automatic audit entry is an addition.
 * - The blast-radius guard refuses a plan with more removals than the threshold unless confirmed, and the
 *   refusal writes nothing.
 * - Undo restores the exact prior state: a seeded fast-check property over random subsets of the findings
 *   (preview → apply → undo every applied entry → the site's memberships equal the snapshot), on the demo
 *   site with its desks closed (the only desks Jira lets a customer be removed from) and every other
 *   account's email hidden.
 */
import fc from 'fast-check';
import { DEMO_IDS, demoScenario } from '../../local/atlassian-site/scenarios/demo';
import type { SiteSeed } from '../../local/atlassian-site/seed';
import { DEMO_POLICY } from '../e2e/journeys/demo-policy';
import { asSiteAdmin, callResolver, type Harness } from '../e2e/journeys/harness';
import {
  allFindings,
  appWriteRequests,
  auditTrail,
  clickUntilOk,
  eventFlow,
  LONG,
  report,
  savePolicy,
  settle,
  siteMemberships,
  startPartA,
} from './support/part-a';

jest.setTimeout(LONG ? 1_800_000 : 300_000);

const AUTO_ALL = {
  ...DEMO_POLICY,
  links: DEMO_POLICY.links.map((l) => ({ ...l, autoFix: { customerRole: true, linkedGroupAdd: true } })),
};

describe('automatic paths never remove', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startPartA();
  });
  afterAll(() => h.close());

  it('scan, live events and the watch with every auto-fix on: additions only', async () => {
    await savePolicy(h, AUTO_ALL);
    await clickUntilOk(h, 'scan/start', {});
    await settle(h);
    await eventFlow(h);
    // User events about reported case (a)'s guest twin and a linked-group drift: auto-fix adds for them.
    for (const accountId of [DEMO_IDS.graceGuest, DEMO_IDS.heidi])
      await h.runtime.deliverProductEvent({
        eventType: 'avi:jira:updated:user',
        payload: { user: { accountId } },
      });
    await settle(h);
    await h.runtime.tick(60 * 60_000); // a virtual hour of watch ticks and the hourly scan schedule
    await settle(h);
    const requests = appWriteRequests(h.site);
    const writes = h.site.state.writeLog.filter((w) => w.source.startsWith('rest:'));
    const auto = (await auditTrail(h)).filter(
      (r) => (r as unknown as { actor: { type: string } }).actor.type !== 'user',
    );
    report(
      `safety auto-fix: ${writes.length} automatic writes (${writes.map((w) => w.kind).join(', ') || 'none'}), ` +
        `${requests.length} write requests, ${auto.length} automatic audit entries`,
    );
    expect(requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(writes.filter((w) => !w.kind.endsWith('.add'))).toEqual([]);
    expect(auto.filter((r) => !r.action.type.startsWith('add'))).toEqual([]);
    // Every automatic write was audited as an automatic addition.
    expect(writes.length).toBeGreaterThan(0);
    expect(auto.filter((r) => r.outcome === 'applied').length).toBe(writes.length);
  });
});

/**
 * The demo site with every desk closed. Jira refuses to remove a customer from an open or public desk (400,
 * docs: atlassian-identity.md), so an added customer role there cannot be undone at all; that case is kept
 * in test/reliability/_pending/undo-open-desk.pending.ts. Here undo is checked where the platform allows it.
 */
function closedDesks(): SiteSeed {
  const seed = demoScenario();
  return {
    ...seed,
    // Every other account's email is hidden by profile visibility, so undo meets desk customers whose email
    // JSM's customer search does not match (issue 15 case 3: undo once skipped them as "not a member").
    accounts: seed.accounts.map((a, i) => (i % 2 === 0 ? { ...a, emailVisible: false } : a)),
    desks: seed.desks.map((d) => ({ ...d, access: 'closed' as const })),
  };
}

describe('blast-radius guard and undo (desks closed)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startPartA({ seed: closedDesks() });
    await savePolicy(h, { ...DEMO_POLICY, protectedAccountIds: [DEMO_IDS.alice], blastRadiusThreshold: 0 });
    await clickUntilOk(h, 'scan/start', {});
    await settle(h);
  });
  afterAll(() => h.close());

  it('refuses an oversized plan without confirmation, and writes nothing', async () => {
    const ids = (await allFindings(h)).map((f) => f.id);
    const plan = await callResolver(h, 'plan/preview', { findingIds: ids }, asSiteAdmin);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.data.counts.review).toBeGreaterThan(0);
    expect(plan.data.requiresConfirmation).toBe(true);
    const before = h.site.requests.entries.length;
    const refused = await callResolver(h, 'plan/apply', { planId: plan.data.id }, asSiteAdmin);
    expect(refused).toMatchObject({ ok: false, error: { code: 'PLAN.BLAST_RADIUS_EXCEEDED' } });
    expect(h.site.requests.entries.slice(before).filter((r) => !r.read)).toEqual([]);
    report(`safety blast radius: plan with ${plan.data.counts.review} removals over threshold 0 refused`);
  });

  it('undo restores the exact prior state (fast-check, seeded)', async () => {
    const runs = LONG ? 30 : 8;
    let appliedTotal = 0;
    let undoneTotal = 0;
    const findingIds = (await allFindings(h)).map((f) => f.id).sort();
    expect(findingIds.length).toBeGreaterThan(1);
    await fc.assert(
      fc.asyncProperty(fc.subarray(findingIds, { minLength: 1 }), async (subset) => {
        await h.runtime.tick(60_000); // an admin's pace: burst buckets refill between clicks
        const live = new Set((await allFindings(h)).map((f) => f.id));
        const chosen = subset.filter((id) => live.has(id));
        fc.pre(chosen.length > 0);
        const snapshot = siteMemberships(h.site);
        const plan = await callResolver(h, 'plan/preview', { findingIds: chosen }, asSiteAdmin);
        if (!plan.ok) throw new Error(`preview: ${plan.error.code}`);
        const applied = await callResolver(
          h,
          'plan/apply',
          { planId: plan.data.id, confirm: true },
          asSiteAdmin,
        );
        if (!applied.ok && applied.error.code !== 'PLAN.NOTHING_TO_APPLY')
          throw new Error(`apply: ${applied.error.code}`);
        const entries = (await auditTrail(h)).filter(
          (r) => r.planId === plan.data.id && r.outcome === 'applied' && r.undoOf === null,
        );
        appliedTotal += entries.length;
        // Undo newest first, one click per entry, as the audit tab offers it.
        for (const entry of entries.reverse()) {
          await h.runtime.tick(5_000);
          const undone = await callResolver(h, 'audit/undo', { auditId: entry.id }, asSiteAdmin);
          if (!undone.ok) throw new Error(`undo of ${entry.action.type}: ${undone.error.code}`);
          undoneTotal += 1;
          // A second undo of the same entry is refused.
          const again = await callResolver(h, 'audit/undo', { auditId: entry.id }, asSiteAdmin);
          expect(again.ok).toBe(false);
        }
        expect(siteMemberships(h.site)).toEqual(snapshot);
      }),
      { seed: 7_2026, numRuns: runs },
    );
    report(
      `safety undo: ${runs} seeded runs, ${appliedTotal} applied changes, ${undoneTotal} undone, state restored each time`,
    );
    expect(appliedTotal).toBeGreaterThan(0);
  });
});
