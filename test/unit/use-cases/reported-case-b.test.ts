import type { Finding } from '../../../src/core/model/finding';
import { applyPlan } from '../../../src/core/use-cases/plans/apply-plan';
import { confirmGuidedStep } from '../../../src/core/use-cases/plans/confirm-guided-step';
import { previewPlan } from '../../../src/core/use-cases/plans/preview-plan';
import { undoChange } from '../../../src/core/use-cases/plans/undo-change';
import { reconcilePerson } from '../../../src/core/use-cases/reconcile/reconcile-person';
import { scanStep } from '../../../src/core/use-cases/scan/scan-step';
import { startScan } from '../../../src/core/use-cases/scan/start-scan';
import { followUpSource } from '../../../src/core/use-cases/watch/follow-up-source';
import { watchTick } from '../../../src/core/use-cases/watch/watch-tick';
import { aPolicy, CUSTOMERS_GROUP } from '../../support/builders';
import {
  ADMIN,
  CASE_B,
  caseBWorld,
  makeWorld,
  signUpThroughKbLink,
  siteAdmin,
  type World,
  value,
} from '../../support/fakes';

const fullScan = async (world: World): Promise<void> => {
  value(await startScan(world.deps, { now: world.clock.t }));
  for (;;) {
    const r = value(
      await scanStep(world.deps, {
        now: world.clock.t,
        budgetPoints: 1e9,
        deadlineMs: Number.MAX_SAFE_INTEGER,
      }),
    );
    if (r.stoppedBecause === 'finished') return;
  }
};

/** One consumer pass: run every queued job through its use case. */
const consume = async (world: World): Promise<void> => {
  for (const { job } of world.queue.drain()) {
    if (job.type === 'watch-follow-up') {
      value(
        await followUpSource(world.deps, {
          source: job.source,
          observedTotal: job.observedTotal,
          now: world.clock.t,
        }),
      );
    } else if (job.type === 'reconcile-person') {
      value(
        await reconcilePerson(world.deps, {
          target: { accountId: job.accountId },
          reason: job.reason,
          now: world.clock.t,
          ...(job.hints !== undefined ? { hints: job.hints } : {}),
        }),
      );
    }
  }
};

const codesOf = (findings: readonly Finding[], emailKey: string): string[] =>
  findings
    .filter((f) => f.subject.type === 'person' && f.subject.emailKey === emailKey)
    .map((f) => f.code)
    .sort();

describe('reported case (b): a KB-link sign-up creates a second customer entry', () => {
  it('is caught by the watch with no event, reported with a guided migration, and confirmed by the admin', async () => {
    const world = caseBWorld();
    await fullScan(world);
    expect(world.findings.all().map((f) => f.code)).toEqual(['KB_SIGNUP_RISK']);

    // Idle: one page-size-1 total per watched list, nothing enqueued, nothing written.
    const calls = world.site.calls.length;
    const writes = world.crash.writes;
    const idle = value(await watchTick(world.deps, { now: world.clock.t }));
    expect(idle.changed).toEqual([]);
    expect(world.site.calls.slice(calls).map((c) => [c.op, c.limit])).toEqual(
      Array.from({ length: idle.sourcesChecked }, (_, i) => [i < 2 ? 'memberCount' : 'customerCount', 1]),
    );
    expect(idle.pointsUsed).toBeLessThanOrEqual(3 * idle.sourcesChecked);
    expect(world.crash.writes).toBe(writes);
    expect(world.queue.jobs).toEqual([]);

    world.clock.advance(10 * 60_000);
    signUpThroughKbLink(world);
    const tick = value(await watchTick(world.deps, { now: world.clock.t }));
    expect(tick.changed.map((c) => c.source).sort()).toEqual([`desk:30`, `group:${CUSTOMERS_GROUP.id}`]);
    await consume(world); // follow-ups → reconcile jobs for the one unknown account
    const reconcileJobs = world.queue.jobs.filter((j) => j.job.type === 'reconcile-person');
    expect(
      new Set(reconcileJobs.map((j) => (j.job.type === 'reconcile-person' ? j.job.accountId : ''))),
    ).toEqual(new Set([CASE_B.signUp]));
    await consume(world);

    const findings = world.findings.all();
    expect(codesOf(findings, CASE_B.email)).toEqual(['DUPLICATE_ACCOUNTS', 'UNEXPECTED_CUSTOMER']);
    const duplicate = findings.find((f) => f.code === 'DUPLICATE_ACCOUNTS') as Finding;
    expect(
      duplicate.fixes.some(
        (f) => f.action.type === 'guidedStep' && f.action.step === 'migrate-to-atlassian-account',
      ),
    ).toBe(true);

    // Repeated (at-least-once) deliveries change nothing.
    const snapshot = {
      persons: world.persons.all(),
      findings: world.findings.all(),
      audit: world.audit.entries.length,
    };
    for (let i = 0; i < 3; i += 1) {
      value(
        await reconcilePerson(world.deps, {
          target: { accountId: CASE_B.signUp },
          reason: 'watch-delta',
          now: world.clock.t,
        }),
      );
      value(
        await reconcilePerson(world.deps, {
          target: { accountId: CASE_B.portalOnly },
          reason: 'watch-delta',
          now: world.clock.t,
        }),
      );
    }
    expect({
      persons: world.persons.all(),
      findings: world.findings.all(),
      audit: world.audit.entries.length,
    }).toEqual(snapshot);

    // The admin previews, applies (nothing automatable), follows the guided migration and ticks it.
    const ids = findings.filter((f) => f.subject.type === 'person').map((f) => f.id);
    const plan = value(
      await previewPlan(world.deps, { viewer: siteAdmin, findingIds: ids, now: world.clock.t }),
    );
    const migrate = plan.actions.find(
      (a) => a.action.type === 'guidedStep' && a.action.step === 'migrate-to-atlassian-account',
    );
    expect(migrate).toBeDefined();
    const applied = value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actorAccountId: ADMIN,
        confirmed: false,
        now: world.clock.t,
      }),
    );
    expect(applied.guidedSteps.map((s) => s.key)).toContain(migrate?.key);
    const confirmed = value(
      await confirmGuidedStep(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actionKey: migrate?.key ?? '',
        actorAccountId: ADMIN,
        now: world.clock.t,
      }),
    );
    expect(confirmed).toMatchObject({
      outcome: 'confirmed',
      before: null,
      after: null,
      actor: { type: 'user', accountId: ADMIN },
    });
    const again = value(
      await confirmGuidedStep(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actionKey: migrate?.key ?? '',
        actorAccountId: ADMIN,
        now: world.clock.t,
      }),
    );
    expect(again.id).toBe(confirmed.id);
    const undo = await undoChange(world.deps, {
      viewer: siteAdmin,
      target: { auditId: confirmed.id },
      actorAccountId: ADMIN,
      now: world.clock.t,
    });
    expect(undo).toMatchObject({ ok: false, error: { code: 'UNDO.NOT_POSSIBLE' } });
    if (!undo.ok) expect(undo.error.message).toMatch(/Guided steps/);
  });

  it('reads only the newest page of an append-ordered desk list on a follow-up', async () => {
    const world = makeWorld();
    for (let i = 0; i < 60; i += 1) {
      world.site.addAccount(
        { accountId: `qm:c${String(i).padStart(2, '0')}`, kind: 'customer', email: `c${i}@client.example` },
        { desks: ['10'] },
      );
    }
    await fullScan(world);
    world.site.addAccount(
      { accountId: 'qm:new', kind: 'customer', email: 'new@client.example' },
      { desks: ['10'] },
    );
    const before = world.site.calls.length;
    const out = value(
      await followUpSource(world.deps, { source: 'desk:10', observedTotal: 61, now: world.clock.t }),
    );
    expect(out.pagesRead).toBe(1);
    expect(world.site.calls.slice(before).map((c) => [c.op, c.arg])).toEqual([['customersOfDesk', '10']]);
    expect(out.enqueued).toEqual(['qm:new']);
    expect(world.queue.jobs[0]?.job).toMatchObject({
      type: 'reconcile-person',
      accountId: 'qm:new',
      hints: { customerOfDeskIds: ['10'] },
    });
    expect(world.watch.marks.get('desk:10')?.total).toBe(61);
  });
});

describe('blast-radius guard', () => {
  it('refuses a plan with more removals than the threshold until the admin confirms it', async () => {
    const world = makeWorld({ policy: aPolicy({ blastRadiusThreshold: 2 }) });
    for (let i = 0; i < 4; i += 1) {
      world.site.addAccount(
        {
          accountId: `aa-left-${i}`,
          kind: 'atlassian',
          status: 'inactive',
          email: `left${i}@client.example`,
        },
        { groups: [CUSTOMERS_GROUP.id] },
      );
    }
    await fullScan(world);
    const ids = world.findings
      .all()
      .filter((f) => f.code === 'INACTIVE_WITH_ACCESS')
      .map((f) => f.id);
    expect(ids).toHaveLength(4);
    const plan = value(
      await previewPlan(world.deps, { viewer: siteAdmin, findingIds: ids, now: world.clock.t }),
    );
    expect(plan.requiresConfirmation).toBe(true);

    const refused = await applyPlan(world.deps, {
      viewer: siteAdmin,
      planId: plan.id,
      actorAccountId: ADMIN,
      confirmed: false,
      now: world.clock.t,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'PLAN.BLAST_RADIUS_EXCEEDED', reviewRemovals: 4, threshold: 2 },
    });
    expect(world.site.callsOf('removeMember')).toEqual([]);
    expect(world.audit.entries).toEqual([]);

    const applied = value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actorAccountId: ADMIN,
        confirmed: true,
        now: world.clock.t,
      }),
    );
    expect(applied.applied.map((e) => e.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(world.site.groups.get(CUSTOMERS_GROUP.id)?.members.size).toBe(0);
    expect(world.findings.all().filter((f) => f.code === 'INACTIVE_WITH_ACCESS')).toEqual([]);

    // Undo restores every membership, in reverse order.
    const undone = value(
      await undoChange(world.deps, {
        viewer: siteAdmin,
        target: { planId: plan.id },
        actorAccountId: ADMIN,
        now: world.clock.t,
      }),
    );
    expect(undone.undone.map((e) => e.undoOf)).toEqual([...applied.applied].reverse().map((e) => e.id));
    expect(world.site.groups.get(CUSTOMERS_GROUP.id)?.members.size).toBe(4);
  });

  it('lets the admin untick removals to stay under the threshold', async () => {
    const world = makeWorld({ policy: aPolicy({ blastRadiusThreshold: 2 }) });
    for (let i = 0; i < 3; i += 1) {
      world.site.addAccount(
        {
          accountId: `aa-left-${i}`,
          kind: 'atlassian',
          status: 'inactive',
          email: `left${i}@client.example`,
        },
        { groups: [CUSTOMERS_GROUP.id] },
      );
    }
    await fullScan(world);
    const ids = world.findings.all().map((f) => f.id);
    const plan = value(
      await previewPlan(world.deps, { viewer: siteAdmin, findingIds: ids, now: world.clock.t }),
    );
    const out = value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actorAccountId: ADMIN,
        confirmed: false,
        skipActionKeys: [plan.actions[0]?.key ?? ''],
        now: world.clock.t,
      }),
    );
    expect(out.applied).toHaveLength(2);
    expect(world.site.groups.get(CUSTOMERS_GROUP.id)?.members.size).toBe(1);
  });
});
