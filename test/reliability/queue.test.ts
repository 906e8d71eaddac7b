/**
 * Issue 8 item 3: queue semantics on the emulated demo site with every auto-fix on (so events cause writes),
 * driven by live events and an admin plan (RELIABILITY_LONG=1 adds a full scan to the chaos flow).
 * - Seeded chaos (duplicate deliveries of queue events, product events and schedule fires; reordered queue
 *   events) plus scripted retries (the first write requests answer 503, the first queue pushes see 500s): the
 *   findings, memberships and effective writes equal the calm run, and no write is sent again after it
 *   succeeded.
 * - A race on one person: a live event about the person and a scan start at once, then an admin applying a
 *   plan for the same person while the queue runs the event's reconcile job and the scan's chunks. One effective write per change, no failed or conflicting audit entry, the same
 *   memberships as doing the three one after the other.
 */
import { DEMO_POLICY } from '../e2e/journeys/demo-policy';
import { asSiteAdmin, callResolver, type Harness, siteAction } from '../e2e/journeys/harness';
import { DEMO_ACTIONS, DEMO_IDS } from '../../local/atlassian-site/scenarios/demo';
import type { ChaosOptions } from '../../local/forge-runtime';
import {
  allFindings,
  applyAllFindings,
  appWriteRequests,
  appWrites,
  auditTrail,
  clickUntilOk,
  findingSignatures,
  LONG,
  report,
  savePolicy,
  setFaults,
  settle,
  siteMemberships,
  startPartA,
} from './support/part-a';

jest.setTimeout(LONG ? 1_800_000 : 300_000);

const AUTO_ALL = {
  ...DEMO_POLICY,
  links: DEMO_POLICY.links.map((l) => ({ ...l, autoFix: { customerRole: true, linkedGroupAdd: true } })),
};

interface Outcome {
  findings: string[];
  memberships: string[];
  writes: string[];
  duplicates: string[];
  deliveries: number;
  duplicated: number;
}

function resentAfterSuccess(h: Harness): string[] {
  const done = new Set<string>();
  const dups: string[] = [];
  for (const r of appWriteRequests(h.site)) {
    const key = `${r.method} ${r.path} ${r.bodyDigest}`;
    if (done.has(key)) dups.push(`${key} → ${String(r.outcome)}`);
    if (typeof r.outcome === 'number' && r.outcome < 300) done.add(key);
  }
  return dups;
}

/** Reported case (a)'s guest twin and a linked-group drift: auto-fix adds a desk customer and a group member. */
const PEOPLE = [DEMO_IDS.graceGuest, DEMO_IDS.heidi];

const userEvent = (h: Harness, accountId: string) =>
  h.runtime.deliverProductEvent({ eventType: 'avi:jira:updated:user', payload: { user: { accountId } } });

/**
 * The flow: auto-fix policy, the demo's live sign-up and guest invite through the change feed, a user event
 * per person above, then one plan for every finding left. RELIABILITY_LONG=1 adds a full scan first.
 */
async function flow(chaos: ChaosOptions | null): Promise<Outcome> {
  const h = await startPartA(chaos === null ? {} : { chaos });
  try {
    await savePolicy(h, AUTO_ALL);
    if (chaos !== null)
      await setFaults(h.site, {
        seed: chaos.seed,
        script: [
          {
            match: { method: 'POST', pathPrefix: '/rest/api/3/group/user' },
            nth: [1, 2],
            action: { kind: 'status', status: 503 },
          },
        ],
      });
    if (LONG) {
      await clickUntilOk(h, 'scan/start', {});
      await settle(h);
    }
    await siteAction(h, 'kb-signup', DEMO_ACTIONS.kbSignup);
    await siteAction(h, 'invite-guest', DEMO_ACTIONS.inviteGuest);
    await h.runtime.pumpFeed();
    for (const accountId of PEOPLE) await userEvent(h, accountId);
    await settle(h, 3);
    await applyAllFindings(h);
    await settle(h, 3);
    const records = h.runtime.queue.all() as unknown as readonly { deliveries: number }[];
    const deliveries = records.reduce((n, r) => n + r.deliveries, 0);
    return {
      findings: await findingSignatures(h),
      memberships: siteMemberships(h.site),
      writes: appWrites(h.site),
      duplicates: resentAfterSuccess(h),
      deliveries,
      duplicated: deliveries - records.length,
    };
  } finally {
    await h.close();
  }
}

describe('duplicate and reordered deliveries, retries', () => {
  let calm: Outcome;
  beforeAll(async () => {
    calm = await flow(null);
    report(
      `queue calm: ${calm.findings.length} findings, ${calm.writes.length} writes, ${calm.deliveries} deliveries`,
    );
  });

  it('the calm run writes', () => {
    expect(calm.writes.length).toBeGreaterThan(0);
    expect(calm.duplicates).toEqual([]);
  });

  const seeds = LONG ? [1, 2, 3, 4, 5] : [1, 2];
  it.each(seeds)('chaos seed %i: same outcome, no write resent after success', async (seed) => {
    const chaotic = await flow({ seed, duplicateRate: 0.5, reorder: true });
    report(
      `queue chaos seed ${seed}: ${chaotic.deliveries} deliveries (${chaotic.duplicated} beyond one per event), ` +
        `${chaotic.writes.length} writes`,
    );
    expect(chaotic.findings).toEqual(calm.findings);
    expect(chaotic.memberships).toEqual(calm.memberships);
    expect(chaotic.writes).toEqual(calm.writes);
    expect(chaotic.duplicates).toEqual([]);
  });
});

describe('an event, a scan and an admin click racing on one person', () => {
  /** A site where one person was reconciled (by a user event) and has a finding whose plan adds safely. */
  async function prepared(): Promise<{ h: Harness; findingId: string; accountId: string }> {
    const h = await startPartA();
    await savePolicy(h, DEMO_POLICY);
    for (const accountId of PEOPLE) await userEvent(h, accountId);
    await settle(h, 3);
    for (const f of await allFindings(h)) {
      const plan = await callResolver(h, 'plan/preview', { findingIds: [f.id] }, asSiteAdmin);
      if (!plan.ok) continue;
      const add = (
        plan.data.actions as { safety: string; skipped: unknown; action: { accountId: string } }[]
      ).find((a) => a.safety === 'safe' && a.skipped === null);
      if (add !== undefined) return { h, findingId: f.id, accountId: add.action.accountId };
    }
    await h.close();
    throw new Error('no finding with a safe addition on the demo site');
  }

  /** Admin click: preview then apply (confirming), repeated after a refusal as the admin would. */
  const click = async (h: Harness, findingId: string): Promise<void> => {
    const plan = await callResolver(h, 'plan/preview', { findingIds: [findingId] }, asSiteAdmin);
    if (plan.ok) await callResolver(h, 'plan/apply', { planId: plan.data.id, confirm: true }, asSiteAdmin);
  };
  const event = userEvent;

  it('idempotent outcome: one write per change, no failed entry, same state as in sequence', async () => {
    const seq = await prepared();
    let sequential: string[];
    try {
      await savePolicy(seq.h, AUTO_ALL);
      await event(seq.h, seq.accountId);
      await settle(seq.h);
      await clickUntilOk(seq.h, 'scan/start', {});
      await settle(seq.h);
      await click(seq.h, seq.findingId);
      await settle(seq.h);
      sequential = siteMemberships(seq.h.site);
    } finally {
      await seq.h.close();
    }

    const race = await prepared();
    try {
      await savePolicy(race.h, AUTO_ALL);
      // The event's trigger and the scan start at once; then the admin's click runs while the queue works
      // off the reconcile job and the scan's chunks (one drainer: the runtime's drain is not re-entrant).
      await Promise.all([event(race.h, race.accountId), callResolver(race.h, 'scan/start', {}, asSiteAdmin)]);
      await Promise.all([settle(race.h), click(race.h, race.findingId)]);
      await settle(race.h);
      const writes = appWrites(race.h.site);
      const audit = await auditTrail(race.h);
      report(
        `queue race: ${writes.length} effective writes, ${audit.length} audit entries ` +
          `(${audit.filter((a) => a.outcome === 'already-in-place').length} already-in-place)`,
      );
      expect(new Set(writes).size).toBe(writes.length);
      expect(resentAfterSuccess(race.h)).toEqual([]);
      expect(audit.filter((a) => a.outcome === 'failed')).toEqual([]);
      expect(siteMemberships(race.h.site)).toEqual(sequential);
    } finally {
      await race.h.close();
    }
  });
});
