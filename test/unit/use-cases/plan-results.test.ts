/**
 * What the panels are told after an apply and in the audit log: apply-plan's per-step outcomes and overall
 * outcome (applied / partially-applied / failed / nothing-to-apply), list-audit's `undoable` and `undoneBy`,
 * and list-findings' total.
 */
import type { Viewer } from '../../../src/core/model/viewer';
import { applyPlan } from '../../../src/core/use-cases/plans/apply-plan';
import { confirmGuidedStep } from '../../../src/core/use-cases/plans/confirm-guided-step';
import { previewPlan } from '../../../src/core/use-cases/plans/preview-plan';
import { undoChange } from '../../../src/core/use-cases/plans/undo-change';
import { type AuditItem, listAudit } from '../../../src/core/use-cases/queries/list-audit';
import { listFindings } from '../../../src/core/use-cases/queries/list-findings';
import { reconcilePerson } from '../../../src/core/use-cases/reconcile/reconcile-person';
import { CUSTOMERS_GROUP } from '../../support/builders';
import {
  ADMIN,
  CASE_A,
  helpAdmin,
  makeWorld,
  otherSpaceAdmin,
  seedCaseA,
  siteAdmin,
  type World,
  value,
} from '../../support/fakes';

/** Case (a) reconciled, and a plan for every one of its findings (two change steps and guided steps). */
const planned = async (): Promise<{
  world: World;
  planId: string;
  changeKeys: string[];
  guided: string[];
}> => {
  const world = makeWorld();
  seedCaseA(world);
  const findings = value(
    await reconcilePerson(world.deps, {
      target: { accountId: CASE_A.guest },
      reason: 'test',
      now: world.clock.t,
    }),
  ).findings;
  const plan = value(
    await previewPlan(world.deps, {
      viewer: siteAdmin,
      findingIds: findings.map((f) => f.id),
      now: world.clock.t,
    }),
  );
  const live = plan.actions.filter((a) => a.skipped === null);
  return {
    world,
    planId: plan.id,
    changeKeys: live.filter((a) => a.action.type !== 'guidedStep').map((a) => a.key),
    guided: live.filter((a) => a.action.type === 'guidedStep').map((a) => a.key),
  };
};

const apply = (world: World, planId: string, skipActionKeys: readonly string[] = []) =>
  applyPlan(world.deps, {
    viewer: siteAdmin,
    planId,
    actorAccountId: ADMIN,
    confirmed: false,
    skipActionKeys,
    now: world.clock.t,
  });

const audit = async (world: World, planId: string, limit = 100, viewer: Viewer = siteAdmin) => {
  const items: AuditItem[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: readonly AuditItem[]; nextCursor: string | null } = value(
      await listAudit(world.deps, { viewer, planId, page: { cursor, limit }, now: 0 }),
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
};

describe('apply-plan reports what happened to every step', () => {
  it('applied: every change step ran, in plan order, each with its audit entry', async () => {
    const { world, planId, changeKeys } = await planned();
    expect(changeKeys).toHaveLength(2);
    const out = value(await apply(world, planId));
    expect(out.outcome).toBe('applied');
    expect(out.steps).toEqual(
      changeKeys.map((actionKey, i) => ({
        actionKey,
        outcome: 'applied',
        auditId: out.applied[i]?.id,
        errorCode: null,
      })),
    );
  });

  it('partially-applied: the first step ran, the second failed, nothing after it was attempted', async () => {
    const { world, planId, changeKeys } = await planned();
    world.site.failWhen((op) =>
      op === 'addCustomers' ? { code: 'UPSTREAM.FORBIDDEN', message: 'no', operation: op } : null,
    );
    const out = value(await apply(world, planId));
    expect(out.outcome).toBe('partially-applied');
    expect(out.steps.map((s) => [s.actionKey, s.outcome, s.errorCode])).toEqual([
      [changeKeys[0], 'applied', null],
      [changeKeys[1], 'failed', 'UPSTREAM.FORBIDDEN'],
    ]);
    expect(out.steps[1]?.auditId).toBe(out.failed?.auditId);
    expect(world.audit.entries.find((e) => e.id === out.steps[1]?.auditId)?.outcome).toBe('failed');
  });

  it('failed: the first step failed, the rest are not attempted and have no audit entry', async () => {
    const { world, planId, changeKeys } = await planned();
    world.site.failWhen((op) =>
      op === 'addMember' ? { code: 'UPSTREAM.UNAVAILABLE', message: 'outage', operation: op } : null,
    );
    const out = value(await apply(world, planId));
    expect(out.outcome).toBe('failed');
    expect(out.steps.map((s) => [s.outcome, s.auditId === null])).toEqual([
      ['failed', false],
      ['not-attempted', true],
    ]);
    expect(out.steps.map((s) => s.actionKey)).toEqual(changeKeys);
  });

  it('already-in-place is reported per step; nothing-to-apply when every change step is unticked', async () => {
    const first = await planned();
    first.world.site.groups.get(CUSTOMERS_GROUP.id)?.members.add(CASE_A.guest);
    const out = value(await apply(first.world, first.planId, first.changeKeys.slice(1)));
    expect(out.outcome).toBe('applied');
    expect(out.steps.map((s) => s.outcome)).toEqual(['already-in-place']);

    const second = await planned();
    const none = value(await apply(second.world, second.planId, second.changeKeys));
    expect(none.outcome).toBe('nothing-to-apply');
    expect(none.steps).toEqual([]);
    expect(second.world.audit.entries).toEqual([]);
  });
});

describe('list-audit says what can still be undone', () => {
  it('an applied change is undoable until undone; then it names its undo, found on any page', async () => {
    const { world, planId, guided } = await planned();
    const out = value(await apply(world, planId));
    value(
      await confirmGuidedStep(world.deps, {
        viewer: siteAdmin,
        planId,
        actionKey: guided[0] ?? '',
        actorAccountId: ADMIN,
        now: world.clock.t,
      }),
    );
    const before = await audit(world, planId);
    expect(before.map((e) => [e.outcome, e.undoable, e.undoneBy])).toEqual(
      expect.arrayContaining([
        ['applied', true, null],
        ['applied', true, null],
        ['confirmed', false, null],
      ]),
    );
    const target = out.applied[0]?.id ?? '';
    const undo = value(
      await undoChange(world.deps, {
        viewer: siteAdmin,
        target: { auditId: target },
        actorAccountId: ADMIN,
        now: world.clock.t,
      }),
    );
    const undoId = undo.undone[0]?.id;
    for (const limit of [100, 1]) {
      const after = await audit(world, planId, limit);
      expect(after.find((e) => e.id === target)).toMatchObject({ undoable: false, undoneBy: undoId });
      expect(after.find((e) => e.id === undoId)).toMatchObject({ undoable: false, undoneBy: null });
      expect(after.find((e) => e.id === out.applied[1]?.id)).toMatchObject({
        undoable: true,
        undoneBy: null,
      });
    }
  });

  it('failed and already-in-place entries are never undoable', async () => {
    const { world, planId } = await planned();
    world.site.groups.get(CUSTOMERS_GROUP.id)?.members.add(CASE_A.guest);
    world.site.failWhen((op) =>
      op === 'addCustomers' ? { code: 'UPSTREAM.FORBIDDEN', message: 'no', operation: op } : null,
    );
    value(await apply(world, planId));
    expect((await audit(world, planId)).map((e) => [e.outcome, e.undoable]).sort()).toEqual([
      ['already-in-place', false],
      ['failed', false],
    ]);
  });
});

describe('list-findings total', () => {
  it('counts every matching finding in scope, whatever the page size', async () => {
    const { world } = await planned();
    const all = world.findings.all().length;
    expect(all).toBeGreaterThan(1);
    const first = value(
      await listFindings(world.deps, { viewer: siteAdmin, page: { cursor: null, limit: 1 } }),
    );
    expect(first.items).toHaveLength(1);
    expect(first.total).toBe(all);
    const second = value(
      await listFindings(world.deps, { viewer: siteAdmin, page: { cursor: first.nextCursor, limit: 1 } }),
    );
    expect(second.total).toBe(all);
    const filtered = value(
      await listFindings(world.deps, {
        viewer: siteAdmin,
        filter: { codes: ['GUEST_WITHOUT_CUSTOMER_ROLE'] },
        page: { cursor: null, limit: 100 },
      }),
    );
    expect(filtered.total).toBe(filtered.items.length);
    expect(filtered.total).toBe(
      world.findings.all().filter((f) => f.code === 'GUEST_WITHOUT_CUSTOMER_ROLE').length,
    );
    const helpView = value(
      await listFindings(world.deps, { viewer: helpAdmin, page: { cursor: null, limit: 100 } }),
    );
    expect(helpView.total).toBe(helpView.items.length);
    const outside = value(
      await listFindings(world.deps, { viewer: otherSpaceAdmin, page: { cursor: null, limit: 100 } }),
    );
    expect(outside).toEqual({
      items: [],
      nextCursor: null,
      total: 0,
      totalIsLowerBound: false,
      searchIsPartial: false,
      subjectNames: new Map(),
    });
  });
});
