import type { Finding } from '../../../src/core/model/finding';
import { evaluatePerson } from '../../../src/core/rules/evaluate';
import { autoFixPlan, checkApproval, planFixes } from '../../../src/core/rules/planner';
import {
  aCustomer,
  aGuest,
  aLink,
  anAtlassianAccount,
  aPolicy,
  aSite,
  CUSTOMERS_GROUP,
  PARTNERS_GROUP,
  personOf,
} from '../../support/builders';

const opts = { planId: 'plan-1', now: 1_700_000_000_000 };

const inactiveMembers = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    personOf(
      anAtlassianAccount({
        accountId: `gone-${i}`,
        email: `gone${i}@example.com`,
        status: 'inactive',
        groupIds: [CUSTOMERS_GROUP.id],
      }),
    ),
  );

describe('planFixes', () => {
  const site = aSite({ policy: aPolicy({ links: [aLink({ groupIds: [PARTNERS_GROUP.id] })] }) });
  const person = personOf(aCustomer(), aGuest());
  const findings = evaluatePerson(person, site);

  it('dedupes actions across findings and orders safe adds, review removals, guided steps', () => {
    const plan = planFixes(findings, site, opts);
    expect(plan.actions.map((a) => a.key)).toEqual([
      `addToGroup:${CUSTOMERS_GROUP.id}:aa-ann-example-com`,
      `addToGroup:${PARTNERS_GROUP.id}:aa-ann-example-com`,
      'addCustomerToDesk:10:aa-ann-example-com',
      'guidedStep:migrate-to-atlassian-account:qm:ann-example-com',
    ]);
    const customerRole = plan.actions[0];
    expect(customerRole?.findingIds).toHaveLength(2); // DUPLICATE_ACCOUNTS + GUEST_WITHOUT_CUSTOMER_ROLE
    expect(plan.counts).toEqual({ safe: 3, review: 0, manual: 1 });
    expect(plan).toMatchObject({ id: 'plan-1', createdAt: opts.now, requiresConfirmation: false });
    expect(plan.findingIds).toEqual([...findings.map((f) => f.id)].sort());
  });

  it('is deterministic whatever the finding order', () => {
    expect(planFixes([...findings].reverse(), site, opts)).toEqual(planFixes(findings, site, opts));
  });

  it('plans only selected findings, and marks excluded safety classes not-selected', () => {
    const guestFinding = findings.find((f) => f.code === 'GUEST_WITHOUT_CUSTOMER_ROLE')!;
    const only = planFixes(findings, site, { ...opts, selectedFindingIds: [guestFinding.id] });
    expect(only.actions.map((a) => a.action.type)).toEqual(['addToGroup']);
    const safeOnly = planFixes(findings, site, { ...opts, include: ['safe'] });
    expect(safeOnly.actions.at(-1)?.skipped).toEqual({ reason: 'not-selected' });
    expect(safeOnly.counts.manual).toBe(0);
  });

  it('skips change actions on protected accounts but keeps guided steps', () => {
    const guarded = aSite({ policy: aPolicy({ protectedAccountIds: ['aa-ann-example-com'] }) });
    const plan = planFixes(evaluatePerson(person, guarded), guarded, opts);
    const changes = plan.actions.filter((a) => a.action.type !== 'guidedStep');
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((a) => a.skipped?.reason === 'protected-account')).toBe(true);
    expect(plan.actions.find((a) => a.action.type === 'guidedStep')?.skipped).toBeNull();
    expect(plan.counts.safe).toBe(0);
  });

  it('skips removals from desks that are not closed', () => {
    const finding: Finding = {
      ...findings[0]!,
      fixes: [
        {
          action: { type: 'removeCustomerFromDesk', accountId: 'x', deskId: '20' },
          safety: 'review',
          inverse: { type: 'addCustomerToDesk', accountId: 'x', deskId: '20' },
        },
      ],
    };
    expect(planFixes([finding], site, opts).actions[0]?.skipped).toEqual({ reason: 'desk-not-closed' });
  });

  it.each([
    [10, false],
    [11, true],
  ])(
    'blast radius: %i review removals against a threshold of 10 → requiresConfirmation %j',
    (n, expected) => {
      const s = aSite();
      const plan = planFixes(
        inactiveMembers(n).flatMap((p) => evaluatePerson(p, s)),
        s,
        opts,
      );
      expect(plan.counts.review).toBe(n);
      expect(plan.requiresConfirmation).toBe(expected);
      const approval = checkApproval(plan, { confirmed: false });
      expect(approval.ok).toBe(!expected);
      if (!approval.ok) {
        expect(approval.error).toMatchObject({
          code: 'PLAN.BLAST_RADIUS_EXCEEDED',
          reviewRemovals: 11,
          threshold: 10,
        });
      }
      expect(checkApproval(plan, { confirmed: true }).ok).toBe(true);
    },
  );
});

describe('autoFixPlan', () => {
  const guestCustomer = personOf(aGuest({ customerOfDeskIds: ['10'] }));
  const siteWith = (customerRole: boolean, linkedGroupAdd: boolean, protectedAccountIds: string[] = []) =>
    aSite({
      policy: aPolicy({
        protectedAccountIds,
        links: [aLink({ groupIds: [PARTNERS_GROUP.id], autoFix: { customerRole, linkedGroupAdd } })],
      }),
    });

  it.each([
    [false, false, []],
    [true, false, [`addToGroup:${CUSTOMERS_GROUP.id}:aa-ann-example-com`]],
    [false, true, [`addToGroup:${PARTNERS_GROUP.id}:aa-ann-example-com`]],
    [
      true,
      true,
      [
        `addToGroup:${CUSTOMERS_GROUP.id}:aa-ann-example-com`,
        `addToGroup:${PARTNERS_GROUP.id}:aa-ann-example-com`,
      ],
    ],
  ])('customerRole=%j linkedGroupAdd=%j → %j', (customerRole, linkedGroupAdd, keys) => {
    const site = siteWith(customerRole, linkedGroupAdd);
    const plan = autoFixPlan(evaluatePerson(guestCustomer, site), site, opts);
    expect(plan.actions.map((a) => a.key)).toEqual(keys);
    expect(plan.actions.every((a) => a.safety === 'safe' && a.skipped === null)).toBe(true);
  });

  it('never touches protected accounts, removals or guided steps', () => {
    const site = siteWith(true, true, ['aa-ann-example-com']);
    expect(autoFixPlan(evaluatePerson(guestCustomer, site), site, opts).actions).toEqual([]);
    const open = siteWith(true, true);
    const extra = personOf(
      anAtlassianAccount({ email: 'x@example.com', accountId: 'x', groupIds: [PARTNERS_GROUP.id] }),
    );
    const dup = personOf(aCustomer(), aGuest());
    const plan = autoFixPlan([...evaluatePerson(extra, open), ...evaluatePerson(dup, open)], open, opts);
    expect(plan.actions.map((a) => a.action.type)).toEqual(['addToGroup', 'addToGroup']);
  });
});
