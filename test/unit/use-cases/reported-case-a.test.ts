import type { Finding } from '../../../src/core/model/finding';
import { applyPlan } from '../../../src/core/use-cases/plans/apply-plan';
import { previewPlan } from '../../../src/core/use-cases/plans/preview-plan';
import { undoChange } from '../../../src/core/use-cases/plans/undo-change';
import { reconcilePerson } from '../../../src/core/use-cases/reconcile/reconcile-person';
import { aLink, aPolicy, CUSTOMERS_GROUP } from '../../support/builders';
import {
  ADMIN,
  AUTO_ADMIN,
  CASE_A,
  makeWorld,
  seedCaseA,
  siteAdmin,
  type World,
  value,
} from '../../support/fakes';

const reconcileGuest = (world: World) =>
  reconcilePerson(world.deps, {
    target: { accountId: CASE_A.guest },
    reason: 'confluence-user-created',
    now: world.clock.t,
  });

const stored = (world: World): Finding[] => world.findings.all();
const codes = (findings: readonly Finding[]): string[] => findings.map((f) => f.code).sort();

describe('reported case (a): guest who is also a customer lacks the Customer role', () => {
  it('is found by reconcile-person, fixed by a previewed plan, and undone exactly', async () => {
    const world = makeWorld();
    seedCaseA(world);

    const reconciled = value(await reconcileGuest(world));
    expect(reconciled.personKey).toBe(CASE_A.email);
    expect(codes(reconciled.findings)).toEqual(['DUPLICATE_ACCOUNTS', 'GUEST_WITHOUT_CUSTOMER_ROLE']);
    // The hidden email was read through the app-only lookup; the twin was found by email on desk HELP.
    expect(world.site.callsOf('emailsByIds')).toHaveLength(1);
    expect(world.persons.all()[0]?.accounts.map((a) => a.accountId)).toEqual(
      [CASE_A.guest, CASE_A.portalOnly].sort(),
    );
    expect(world.audit.entries).toEqual([]); // auto-fix is off by default

    const finding = reconciled.findings.find((f) => f.code === 'GUEST_WITHOUT_CUSTOMER_ROLE') as Finding;
    const plan = value(
      await previewPlan(world.deps, { viewer: siteAdmin, findingIds: [finding.id], now: world.clock.t }),
    );
    expect(plan.actions.map((a) => [a.key, a.safety])).toEqual([
      [`addToGroup:${CUSTOMERS_GROUP.id}:${CASE_A.guest}`, 'safe'],
    ]);

    const applied = value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actorAccountId: ADMIN,
        confirmed: false,
        now: world.clock.t,
      }),
    );
    expect(applied.status).toBe('applied');
    expect(world.site.isMember(CUSTOMERS_GROUP.id, CASE_A.guest)).toBe(true);
    const [entry] = applied.applied;
    expect(entry).toMatchObject({
      outcome: 'applied',
      actor: { type: 'user', accountId: ADMIN },
      before: { member: false },
      after: { member: true },
      planId: plan.id,
    });
    expect(codes(stored(world))).toEqual(['DUPLICATE_ACCOUNTS']); // the finding cleared

    const undone = value(
      await undoChange(world.deps, {
        viewer: siteAdmin,
        target: { auditId: entry?.id ?? '' },
        actorAccountId: ADMIN,
        now: world.clock.t,
      }),
    );
    expect(undone.undone[0]).toMatchObject({
      outcome: 'undone',
      undoOf: entry?.id,
      before: { member: true },
      after: { member: false },
    });
    expect(world.site.isMember(CUSTOMERS_GROUP.id, CASE_A.guest)).toBe(false);
    expect(codes(stored(world))).toEqual(['DUPLICATE_ACCOUNTS', 'GUEST_WITHOUT_CUSTOMER_ROLE']);

    // A second undo and a second apply are refused.
    const again = await undoChange(world.deps, {
      viewer: siteAdmin,
      target: { auditId: entry?.id ?? '' },
      actorAccountId: ADMIN,
      now: world.clock.t,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'UNDO.NOT_POSSIBLE' } });
    const reapply = await applyPlan(world.deps, {
      viewer: siteAdmin,
      planId: plan.id,
      actorAccountId: ADMIN,
      confirmed: true,
      now: world.clock.t,
    });
    expect(reapply).toMatchObject({ ok: false, error: { code: 'PLAN.ALREADY_APPLIED', planId: plan.id } });
  });

  it('writes nothing for a step already in place, and audits it as already-in-place', async () => {
    const world = makeWorld();
    seedCaseA(world);
    const findings = value(await reconcileGuest(world)).findings;
    const id = findings.find((f) => f.code === 'GUEST_WITHOUT_CUSTOMER_ROLE')?.id ?? '';
    const plan = value(
      await previewPlan(world.deps, { viewer: siteAdmin, findingIds: [id], now: world.clock.t }),
    );
    world.site.groups.get(CUSTOMERS_GROUP.id)?.members.add(CASE_A.guest); // someone fixed it by hand meanwhile
    const out = value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actorAccountId: ADMIN,
        confirmed: false,
        now: world.clock.t,
      }),
    );
    expect(out.applied[0]).toMatchObject({
      outcome: 'already-in-place',
      before: { member: true },
      after: { member: true },
    });
    expect(world.site.callsOf('addMember')).toHaveLength(0);
    const undo = await undoChange(world.deps, {
      viewer: siteAdmin,
      target: { planId: plan.id },
      actorAccountId: ADMIN,
      now: world.clock.t,
    });
    expect(undo).toMatchObject({ ok: false, error: { code: 'UNDO.NOT_POSSIBLE' } });
  });

  it('stops at the first failing step and records exactly what ran and what did not', async () => {
    const world = makeWorld();
    seedCaseA(world);
    const findings = value(await reconcileGuest(world)).findings;
    const plan = value(
      await previewPlan(world.deps, {
        viewer: siteAdmin,
        findingIds: findings.map((f) => f.id),
        now: world.clock.t,
      }),
    );
    const changeKeys = plan.actions
      .filter((a) => a.action.type !== 'guidedStep' && a.skipped === null)
      .map((a) => a.key);
    expect(changeKeys).toEqual([
      `addToGroup:${CUSTOMERS_GROUP.id}:${CASE_A.guest}`,
      `addCustomerToDesk:10:${CASE_A.guest}`,
    ]);
    world.site.failWhen((op) =>
      op === 'addMember' ? { code: 'UPSTREAM.UNAVAILABLE', message: 'outage', operation: op } : null,
    );

    const out = value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actorAccountId: ADMIN,
        confirmed: false,
        now: world.clock.t,
      }),
    );
    expect(out.status).toBe('failed');
    expect(out.applied).toEqual([]);
    expect(out.failed).toMatchObject({ actionKey: changeKeys[0], error: { code: 'UPSTREAM.UNAVAILABLE' } });
    expect(out.notAttemptedActionKeys).toEqual([changeKeys[1]]);
    expect(world.audit.entries.map((e) => [e.outcome, e.errorCode])).toEqual([
      ['failed', 'UPSTREAM.UNAVAILABLE'],
    ]);
    expect(world.plans.applications.get(plan.id)).toMatchObject({
      status: 'failed',
      notAttemptedActionKeys: [changeKeys[1]],
    });
    expect(world.site.isCustomer('10', CASE_A.guest)).toBe(false);
    expect(out.guidedSteps.map((s) => s.action.type)).toEqual(['guidedStep']);
  });

  it('fails a later step after an earlier one applied, and undo by plan reverts only what applied', async () => {
    const world = makeWorld();
    seedCaseA(world);
    const findings = value(await reconcileGuest(world)).findings;
    const plan = value(
      await previewPlan(world.deps, {
        viewer: siteAdmin,
        findingIds: findings.map((f) => f.id),
        now: world.clock.t,
      }),
    );
    const heal = world.site.failWhen((op) =>
      op === 'addCustomers' ? { code: 'UPSTREAM.FORBIDDEN', message: 'no', operation: op } : null,
    );
    const out = value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actorAccountId: ADMIN,
        confirmed: false,
        now: world.clock.t,
      }),
    );
    heal();
    expect(out.applied.map((e) => e.outcome)).toEqual(['applied']);
    expect(out.failed?.error.code).toBe('UPSTREAM.FORBIDDEN');
    expect(world.audit.entries.map((e) => e.outcome)).toEqual(['applied', 'failed']);

    const undo = value(
      await undoChange(world.deps, {
        viewer: siteAdmin,
        target: { planId: plan.id },
        actorAccountId: ADMIN,
        now: world.clock.t,
      }),
    );
    expect(undo.undone).toHaveLength(1);
    expect(world.site.isMember(CUSTOMERS_GROUP.id, CASE_A.guest)).toBe(false);
  });

  it('refuses a stale plan whose findings changed since the preview', async () => {
    const world = makeWorld();
    seedCaseA(world);
    const findings = value(await reconcileGuest(world)).findings;
    const id = findings.find((f) => f.code === 'GUEST_WITHOUT_CUSTOMER_ROLE')?.id ?? '';
    const plan = value(
      await previewPlan(world.deps, { viewer: siteAdmin, findingIds: [id], now: world.clock.t }),
    );
    world.site.groups.get(CUSTOMERS_GROUP.id)?.members.add(CASE_A.guest);
    value(await reconcileGuest(world)); // the finding clears
    const out = await applyPlan(world.deps, {
      viewer: siteAdmin,
      planId: plan.id,
      actorAccountId: ADMIN,
      confirmed: false,
      now: world.clock.t,
    });
    expect(out).toMatchObject({ ok: false, error: { code: 'PLAN.STALE' } });
    expect(world.audit.entries).toEqual([]);
  });

  describe('auto-fix', () => {
    const autoPolicy = (overrides = {}) =>
      aPolicy({
        links: [aLink({ autoFix: { customerRole: true, linkedGroupAdd: false } })],
        autoFixActorAccountId: AUTO_ADMIN,
        ...overrides,
      });

    it('applies the safe Customer-role addition as the enabling admin, once, however often the job runs', async () => {
      const world = makeWorld({ policy: autoPolicy() });
      seedCaseA(world);
      const first = value(await reconcileGuest(world));
      expect(first.applied).toHaveLength(1);
      expect(first.applied[0]).toMatchObject({
        outcome: 'applied',
        actor: { type: 'auto', onBehalfOf: AUTO_ADMIN },
      });
      expect(codes(first.findings)).toEqual(['DUPLICATE_ACCOUNTS']);
      const state = () => ({
        persons: world.persons.all(),
        findings: world.findings.all(),
        audit: world.audit.entries.length,
      });
      const after1 = state();
      for (let i = 0; i < 3; i += 1) {
        const again = value(await reconcileGuest(world));
        expect(again.applied).toEqual([]);
      }
      expect(state()).toEqual(after1);
      expect(world.site.callsOf('addMember')).toHaveLength(1);
      // The auto plan is undoable by its plan id.
      const planId = first.applied[0]?.planId ?? '';
      value(
        await undoChange(world.deps, {
          viewer: siteAdmin,
          target: { planId },
          actorAccountId: ADMIN,
          now: world.clock.t,
        }),
      );
      expect(world.site.isMember(CUSTOMERS_GROUP.id, CASE_A.guest)).toBe(false);
    });

    it('never touches protected accounts and does nothing without an enabling admin', async () => {
      for (const policy of [
        autoPolicy({ protectedAccountIds: [CASE_A.guest] }),
        autoPolicy({ autoFixActorAccountId: null }),
      ]) {
        const world = makeWorld({ policy });
        seedCaseA(world);
        const out = value(await reconcileGuest(world));
        expect(out.applied).toEqual([]);
        expect(codes(out.findings)).toContain('GUEST_WITHOUT_CUSTOMER_ROLE');
        expect(world.site.callsOf('addMember')).toHaveLength(0);
      }
    });

    it('audits a refused automatic write as failed and leaves the finding in place', async () => {
      const world = makeWorld({ policy: autoPolicy() });
      seedCaseA(world);
      world.site.admins.delete(AUTO_ADMIN); // the enabling admin lost their rights
      const out = value(await reconcileGuest(world));
      expect(out.applied).toMatchObject([{ outcome: 'failed', errorCode: 'UPSTREAM.FORBIDDEN' }]);
      expect(codes(out.findings)).toContain('GUEST_WITHOUT_CUSTOMER_ROLE');
    });
  });
});
