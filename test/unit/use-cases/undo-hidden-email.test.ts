/**
 * Issue 15 case 3 on the fakes: undo of a desk-customer addition for an account whose email is hidden. JSM's
 * customer search matches visible emails only (the fake site now models that, as the emulated site does), so
 * a membership check by email read the customer as "not a member" and undo recorded "already in place" while
 * the customer stayed on the desk. The check now decides by account id. (Through the real handlers:
 * test/reliability/audit-truth.test.ts "case 3".)
 */
import { applyPlan } from '../../../src/core/use-cases/plans/apply-plan';
import { previewPlan } from '../../../src/core/use-cases/plans/preview-plan';
import { undoChange } from '../../../src/core/use-cases/plans/undo-change';
import { reconcilePerson } from '../../../src/core/use-cases/reconcile/reconcile-person';
import { ADMIN, CASE_A, makeWorld, seedCaseA, siteAdmin, value } from '../../support/fakes';

it('case 3: undo of a hidden-email desk customer — the customer is removed again', async () => {
  const world = makeWorld();
  seedCaseA(world); // the guest twin's email is hidden by profile visibility
  const { findings } = value(
    await reconcilePerson(world.deps, {
      target: { accountId: CASE_A.guest },
      reason: 'test',
      now: world.clock.t,
    }),
  );
  const plan = value(
    await previewPlan(world.deps, {
      viewer: siteAdmin,
      findingIds: findings.map((f) => f.id),
      now: world.clock.t,
    }),
  );
  const add = plan.actions.find((a) => a.action.type === 'addCustomerToDesk' && a.skipped === null);
  if (add === undefined || add.action.type !== 'addCustomerToDesk')
    throw new Error('no desk addition planned');
  const deskId = add.action.deskId;
  expect(world.site.isCustomer(deskId, CASE_A.guest)).toBe(false);
  const applied = value(
    await applyPlan(world.deps, {
      viewer: siteAdmin,
      planId: plan.id,
      actorAccountId: ADMIN,
      confirmed: true,
      skipActionKeys: plan.actions.filter((a) => a.key !== add.key).map((a) => a.key),
      now: world.clock.t,
    }),
  );
  expect(world.site.isCustomer(deskId, CASE_A.guest)).toBe(true);
  const undone = value(
    await undoChange(world.deps, {
      viewer: siteAdmin,
      target: { auditId: applied.applied[0]?.id ?? '' },
      actorAccountId: ADMIN,
      now: world.clock.t,
    }),
  );
  expect(undone.undone.map((e) => e.outcome)).toEqual(['undone']);
  expect(world.site.isCustomer(deskId, CASE_A.guest)).toBe(false);
});
