import { evaluatePerson, evaluateSite } from '../../../src/core/rules/evaluate';
import { planFixes } from '../../../src/core/rules/planner';
import { applyPlan, simulateMigration } from '../../../src/core/rules/simulate';
import { codesOf, CUSTOMERS_GROUP } from '../../support/builders';
import { reportedCaseA, reportedCaseB } from '../../support/reported-cases';

const opts = { planId: 'plan-case', now: 1_750_000_000_000 };

describe('reported case (a): guest who is also a customer lost portal access', () => {
  it('finds DUPLICATE_ACCOUNTS and GUEST_WITHOUT_CUSTOMER_ROLE, nothing else', () => {
    const { person, site } = reportedCaseA();
    expect(codesOf(evaluatePerson(person, site))).toEqual([
      'DUPLICATE_ACCOUNTS',
      'GUEST_WITHOUT_CUSTOMER_ROLE',
    ]);
  });

  it('plans the Customer role, the desk, then the guided migration', () => {
    const { person, site, portalOnly, atlassian } = reportedCaseA();
    const plan = planFixes(evaluatePerson(person, site), site, opts);
    expect(plan.actions.map((a) => [a.action.type, a.safety, a.skipped])).toEqual([
      ['addToGroup', 'safe', null],
      ['addCustomerToDesk', 'safe', null],
      ['guidedStep', 'manual', null],
    ]);
    expect(plan.actions[0]?.action).toEqual({
      type: 'addToGroup',
      accountId: atlassian.accountId,
      groupId: CUSTOMERS_GROUP.id,
    });
    expect(plan.actions[1]?.action).toEqual({
      type: 'addCustomerToDesk',
      accountId: atlassian.accountId,
      deskId: '10',
    });
    expect(plan.actions[2]?.action).toMatchObject({
      step: 'migrate-to-atlassian-account',
      accountId: portalOnly.accountId,
    });
  });

  it('omits the desk step when the guest is already on the desk', () => {
    const { person, site } = reportedCaseA({ guestOnDesk: true });
    const plan = planFixes(evaluatePerson(person, site), site, opts);
    expect(plan.actions.map((a) => a.action.type)).toEqual(['addToGroup', 'guidedStep']);
  });

  it('safe steps clear the role finding; the migration clears the duplicate', () => {
    const { person, site, portalOnly, atlassian } = reportedCaseA();
    const plan = planFixes(evaluatePerson(person, site), site, opts);
    const [afterSafe] = applyPlan([person], plan);
    expect(codesOf(evaluatePerson(afterSafe!, site))).toEqual(['DUPLICATE_ACCOUNTS']);
    const migrated = simulateMigration(
      afterSafe!,
      portalOnly.accountId,
      atlassian.accountId,
      CUSTOMERS_GROUP.id,
    );
    expect(evaluatePerson(migrated, site)).toEqual([]);
  });
});

describe('reported case (b): KB link sign-up created a second customer entry', () => {
  it('finds DUPLICATE_ACCOUNTS and UNEXPECTED_CUSTOMER for the person, and KB_SIGNUP_RISK for the space', () => {
    const { person, site } = reportedCaseB();
    expect(codesOf(evaluatePerson(person, site))).toEqual(['DUPLICATE_ACCOUNTS', 'UNEXPECTED_CUSTOMER']);
    expect(codesOf(evaluateSite([person], site))).toEqual([
      'DUPLICATE_ACCOUNTS',
      'UNEXPECTED_CUSTOMER',
      'KB_SIGNUP_RISK',
    ]);
  });

  it('plans a guided migration (and customer-permission review), no automatic change on a public desk', () => {
    const { person, site, portalOnly } = reportedCaseB();
    const plan = planFixes(evaluatePerson(person, site), site, opts);
    expect(plan.counts).toEqual({ safe: 0, review: 0, manual: 2 });
    expect(plan.actions.map((a) => a.action)).toEqual([
      expect.objectContaining({ step: 'migrate-to-atlassian-account', accountId: portalOnly.accountId }),
      expect.objectContaining({
        step: 'review-customer-permissions',
        deepLink:
          'https://acme.atlassian.net/jira/servicedesk/projects/SUPPORT/settings/customer-permissions',
      }),
    ]);
    expect(plan.actions[0]?.findingIds).toHaveLength(2);
  });

  it('offers a review removal when the desk is closed', () => {
    const { person, site } = reportedCaseB({ deskAccess: 'closed' });
    const plan = planFixes(evaluatePerson(person, site), site, opts);
    expect(plan.actions.map((a) => [a.action.type, a.safety])).toEqual([
      ['removeCustomerFromDesk', 'review'],
      ['guidedStep', 'manual'],
    ]);
  });

  it('does not raise KB_SIGNUP_RISK once the space allows anonymous read', () => {
    const { person, site } = reportedCaseB();
    const anyone = { ...site, spaces: site.spaces.map((s) => ({ ...s, anonymousRead: true })) };
    expect(codesOf(evaluateSite([person], anyone))).not.toContain('KB_SIGNUP_RISK');
  });

  it('the migration clears the person findings', () => {
    const { person, site, portalOnly, atlassian } = reportedCaseB();
    const migrated = simulateMigration(person, portalOnly.accountId, atlassian.accountId, CUSTOMERS_GROUP.id);
    expect(evaluatePerson(migrated, site)).toEqual([]);
  });
});
