/**
 * What a viewer may apply themselves (writes run as them): the table of viewer role × action kind, then the
 * use cases on reported case (a): the preview marks the customers-group step for project and space admins,
 * plan/apply and audit/undo refuse it before any read or write, and leaving it out is honoured.
 */
import type { Action } from '../../../src/core/model/action';
import type { Viewer, ViewerBlockReason } from '../../../src/core/model/viewer';
import { applyPlan } from '../../../src/core/use-cases/plans/apply-plan';
import { previewPlan } from '../../../src/core/use-cases/plans/preview-plan';
import { undoChange } from '../../../src/core/use-cases/plans/undo-change';
import { cannotApplyError, viewerCannotApply } from '../../../src/core/use-cases/plans/viewer-capability';
import { reconcilePerson } from '../../../src/core/use-cases/reconcile/reconcile-person';
import { CUSTOMERS_GROUP } from '../../support/builders';
import {
  ADMIN,
  CASE_A,
  helpAdmin,
  kbAdmin,
  makeWorld,
  openAdmin,
  seedCaseA,
  siteAdmin,
  type World,
  value,
} from '../../support/fakes';

const ACTIONS: Readonly<Record<string, Action>> = {
  addToGroup: { type: 'addToGroup', accountId: 'aa-1', groupId: 'g-1' },
  removeFromGroup: { type: 'removeFromGroup', accountId: 'aa-1', groupId: 'g-1' },
  'addCustomerToDesk (desk 10)': { type: 'addCustomerToDesk', accountId: 'aa-1', deskId: '10' },
  'removeCustomerFromDesk (desk 10)': { type: 'removeCustomerFromDesk', accountId: 'aa-1', deskId: '10' },
  guidedStep: {
    type: 'guidedStep',
    step: 'migrate-to-atlassian-account',
    accountId: 'qm:1',
    title: 'Migrate',
    checklist: ['Do it'],
    deepLink: 'https://admin.atlassian.com/s/c/jira-service-desk/portal-only-customers',
  },
};

const VIEWERS: Readonly<Record<string, Viewer>> = {
  'site admin': siteAdmin,
  'project admin of desk 10': helpAdmin,
  'project admin of desk 20': openAdmin,
  'space admin of KB': kbAdmin,
};

type Row = [viewer: string, action: string, expected: ViewerBlockReason | null];
const TABLE: Row[] = [
  ['site admin', 'addToGroup', null],
  ['site admin', 'removeFromGroup', null],
  ['site admin', 'addCustomerToDesk (desk 10)', null],
  ['site admin', 'removeCustomerFromDesk (desk 10)', null],
  ['site admin', 'guidedStep', null],
  ['project admin of desk 10', 'addToGroup', 'needs-site-admin'],
  ['project admin of desk 10', 'removeFromGroup', 'needs-site-admin'],
  ['project admin of desk 10', 'addCustomerToDesk (desk 10)', null],
  ['project admin of desk 10', 'removeCustomerFromDesk (desk 10)', null],
  ['project admin of desk 10', 'guidedStep', null],
  ['project admin of desk 20', 'addCustomerToDesk (desk 10)', 'needs-desk-admin'],
  ['project admin of desk 20', 'removeCustomerFromDesk (desk 10)', 'needs-desk-admin'],
  ['project admin of desk 20', 'addToGroup', 'needs-site-admin'],
  ['space admin of KB', 'addToGroup', 'needs-site-admin'],
  ['space admin of KB', 'removeFromGroup', 'needs-site-admin'],
  ['space admin of KB', 'addCustomerToDesk (desk 10)', 'needs-desk-admin'],
  ['space admin of KB', 'removeCustomerFromDesk (desk 10)', 'needs-desk-admin'],
  ['space admin of KB', 'guidedStep', null],
];

describe('viewerCannotApply (viewer role × action kind)', () => {
  it.each(TABLE)('%s, %s → %s', (viewer, action, expected) => {
    expect(viewerCannotApply(VIEWERS[viewer] as Viewer, ACTIONS[action] as Action)).toBe(expected);
  });

  it('names the site-admin right when a group step is among the refused ones', () => {
    expect(cannotApplyError(['needs-desk-admin', 'needs-site-admin'])).toMatchObject({
      code: 'AUTH.FORBIDDEN',
      required: 'site-admin',
      message: expect.stringContaining('Only a Jira admin can change group membership (1 step)'),
    });
    expect(cannotApplyError(['needs-desk-admin', 'needs-desk-admin'])).toMatchObject({
      code: 'AUTH.FORBIDDEN',
      required: 'desk-admin',
      message: expect.stringContaining('(2 steps)'),
    });
  });
});

const GROUP_STEP = `addToGroup:${CUSTOMERS_GROUP.id}:${CASE_A.guest}`;

/** Case (a) reconciled: the guest finding's fix is one step, adding the guest to the customers group. */
const caseA = async (): Promise<{ world: World; findingId: string }> => {
  const world = makeWorld();
  seedCaseA(world);
  const { findings } = value(
    await reconcilePerson(world.deps, {
      target: { accountId: CASE_A.guest },
      reason: 'test',
      now: world.clock.t,
    }),
  );
  const finding = findings.find((f) => f.code === 'GUEST_WITHOUT_CUSTOMER_ROLE');
  if (finding === undefined) throw new Error('case (a) not found');
  return { world, findingId: finding.id };
};

describe('plans as a project or space admin (reported case a)', () => {
  it.each([
    ['site admin', siteAdmin, []],
    ['project admin of HELP', helpAdmin, [[GROUP_STEP, 'needs-site-admin']]],
    ['space admin of KB', kbAdmin, [[GROUP_STEP, 'needs-site-admin']]],
  ] as const)('preview as %s marks what the viewer cannot apply', async (_name, viewer, expected) => {
    const { world, findingId } = await caseA();
    const plan = value(
      await previewPlan(world.deps, { viewer, findingIds: [findingId], now: world.clock.t }),
    );
    expect(plan.actions.map((a) => [a.key, a.safety])).toEqual([[GROUP_STEP, 'safe']]);
    expect([...plan.blocked]).toEqual(expected);
    // The stored plan is the same for every viewer (a Jira admin can apply the one a project admin previewed).
    expect(await world.plans.get(plan.id)).not.toHaveProperty('blocked');
  });

  it.each([
    ['project admin of HELP', helpAdmin],
    ['space admin of KB', kbAdmin],
  ] as const)(
    'apply as %s is refused before any read or write; the plan stays appliable',
    async (_name, viewer) => {
      const { world, findingId } = await caseA();
      const plan = value(
        await previewPlan(world.deps, { viewer, findingIds: [findingId], now: world.clock.t }),
      );
      const calls = world.site.calls.length;
      const budgetBefore = (await world.budget.status()).used;
      const refused = await applyPlan(world.deps, {
        viewer,
        planId: plan.id,
        actorAccountId: ADMIN,
        confirmed: false,
        now: world.clock.t,
      });
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'AUTH.FORBIDDEN',
          required: 'site-admin',
          message: expect.stringContaining('Only a Jira admin can change group membership'),
        },
      });
      expect(world.site.isMember(CUSTOMERS_GROUP.id, CASE_A.guest)).toBe(false);
      expect(world.audit.entries).toEqual([]);
      expect(world.site.calls.length).toBe(calls);
      expect((await world.budget.status()).used).toBe(budgetBefore);
      expect(await world.plans.getApplication(plan.id)).toBeNull();

      // Leaving the step out is an apply with nothing to do, not a refusal.
      const skipped = value(
        await applyPlan(world.deps, {
          viewer,
          planId: plan.id,
          actorAccountId: ADMIN,
          confirmed: false,
          skipActionKeys: [GROUP_STEP],
          now: world.clock.t,
        }),
      );
      expect(skipped).toMatchObject({ status: 'applied', outcome: 'nothing-to-apply', steps: [] });
      expect(world.audit.entries).toEqual([]);
    },
  );

  it('a Jira admin applies the same plan; the project admin cannot undo the group change', async () => {
    const { world, findingId } = await caseA();
    const plan = value(
      await previewPlan(world.deps, { viewer: helpAdmin, findingIds: [findingId], now: world.clock.t }),
    );
    const applied = value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actorAccountId: ADMIN,
        confirmed: false,
        now: world.clock.t,
      }),
    );
    expect(applied.outcome).toBe('applied');
    expect(world.site.isMember(CUSTOMERS_GROUP.id, CASE_A.guest)).toBe(true);
    const auditId = applied.applied[0]?.id ?? '';
    const entries = world.audit.entries.length;

    const refused = await undoChange(world.deps, {
      viewer: helpAdmin,
      target: { auditId },
      actorAccountId: ADMIN,
      now: world.clock.t,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN', required: 'site-admin' } });
    expect(world.site.isMember(CUSTOMERS_GROUP.id, CASE_A.guest)).toBe(true);
    expect(world.audit.entries).toHaveLength(entries);

    const undone = value(
      await undoChange(world.deps, {
        viewer: siteAdmin,
        target: { auditId },
        actorAccountId: ADMIN,
        now: world.clock.t,
      }),
    );
    expect(undone.undone.map((e) => e.outcome)).toEqual(['undone']);
    expect(world.site.isMember(CUSTOMERS_GROUP.id, CASE_A.guest)).toBe(false);
  });

  it('a write refused upstream is reported as made by the user; a failed read as made by the app', async () => {
    const { world, findingId } = await caseA();
    const plan = value(
      await previewPlan(world.deps, { viewer: siteAdmin, findingIds: [findingId], now: world.clock.t }),
    );
    // The fake site refuses membership writes by anyone outside its admins, as Atlassian does.
    const failed = value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actorAccountId: 'not-a-site-admin',
        confirmed: false,
        now: world.clock.t,
      }),
    );
    expect(failed.failed).toMatchObject({ error: { code: 'UPSTREAM.FORBIDDEN' }, madeAs: 'user' });

    const again = value(
      await previewPlan(world.deps, { viewer: siteAdmin, findingIds: [findingId], now: world.clock.t }),
    );
    world.site.failWhen((op) =>
      op === 'groupsOfAccount'
        ? { code: 'UPSTREAM.FORBIDDEN', message: 'groupsOfAccount: 403', operation: op }
        : null,
    );
    const readFailed = value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: again.id,
        actorAccountId: ADMIN,
        confirmed: false,
        now: world.clock.t,
      }),
    );
    expect(readFailed.failed).toMatchObject({ error: { code: 'UPSTREAM.FORBIDDEN' }, madeAs: 'app' });
  });
});
