import { groupIntoPersons } from '../../../src/core/model/group-into-persons';
import { duplicateAccounts } from '../../../src/core/rules/duplicate-accounts';
import { applyToPerson, simulateMigration } from '../../../src/core/rules/simulate';
import {
  aCustomer,
  aGuest,
  anAppAccount,
  anAtlassianAccount,
  aSite,
  changeActionsOf,
  CUSTOMERS_GROUP,
  personOf,
} from '../../support/builders';

const site = aSite();

describe('DUPLICATE_ACCOUNTS', () => {
  it.each([
    ['portal-only + Atlassian account', [aCustomer(), anAtlassianAccount()]],
    ['portal-only + guest', [aCustomer(), aGuest()]],
    [
      'portal-only + inactive Atlassian account (login loop)',
      [aCustomer(), anAtlassianAccount({ status: 'inactive' })],
    ],
    [
      'two Atlassian accounts',
      [anAtlassianAccount({ accountId: 'a-1' }), anAtlassianAccount({ accountId: 'a-2' })],
    ],
    ['portal-only + unknown', [aCustomer(), anAtlassianAccount({ accountId: 'u-1', kind: 'unknown' })]],
  ])('fires for %s', (_label, accounts) => {
    const findings = duplicateAccounts(personOf(...accounts), site);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('high');
    expect(findings[0]?.fixes.length).toBeGreaterThan(0);
  });

  it.each([
    ['a single account', [aCustomer()]],
    [
      'an app account beside a human',
      [aCustomer(), anAppAccount({ email: 'ann@example.com', emailSource: 'profile' })],
    ],
    ['a closed twin', [aCustomer(), anAtlassianAccount({ status: 'closed' })]],
    ['a deactivated (migrated) portal-only twin', [aCustomer({ status: 'inactive' }), anAtlassianAccount()]],
  ])('does not fire for %s', (_label, accounts) => {
    expect(duplicateAccounts(personOf(...accounts), site)).toEqual([]);
  });

  it('does not fire across different emails (they are different persons)', () => {
    const persons = groupIntoPersons([aCustomer(), anAtlassianAccount({ email: 'bob@example.com' })]);
    expect(persons).toHaveLength(2);
    expect(persons.flatMap((p) => duplicateAccounts(p, site))).toEqual([]);
  });

  it('offers safe pre-steps (Customer role, twin desks) before the guided migration', () => {
    const portalOnly = aCustomer({ customerOfDeskIds: ['10', '20'] });
    const atlassian = anAtlassianAccount({ customerOfDeskIds: ['20'] });
    const [finding] = duplicateAccounts(personOf(portalOnly, atlassian), site);
    expect(finding?.fixes.map((f) => [f.action.type, f.safety])).toEqual([
      ['addToGroup', 'safe'],
      ['addCustomerToDesk', 'safe'],
      ['guidedStep', 'manual'],
    ]);
    expect(changeActionsOf(finding!)).toEqual([
      { type: 'addToGroup', accountId: atlassian.accountId, groupId: CUSTOMERS_GROUP.id },
      { type: 'addCustomerToDesk', accountId: atlassian.accountId, deskId: '10' },
    ]);
    const migrate = finding?.fixes[2]?.action;
    expect(migrate).toMatchObject({
      step: 'migrate-to-atlassian-account',
      accountId: portalOnly.accountId,
      deepLink: 'https://admin.atlassian.com/s/cloud-acme/jira-service-desk/portal-only-customers',
    });
  });

  it('fix clears it: pre-steps then the migration the guide describes', () => {
    const portalOnly = aCustomer({ reporterOnDeskIds: ['10'] });
    const atlassian = aGuest();
    const person = personOf(portalOnly, atlassian);
    const [finding] = duplicateAccounts(person, site);
    const prepared = applyToPerson(person, changeActionsOf(finding!));
    expect(duplicateAccounts(prepared, site)).toHaveLength(1); // pre-steps alone do not merge accounts
    const migrated = simulateMigration(
      prepared,
      portalOnly.accountId,
      atlassian.accountId,
      CUSTOMERS_GROUP.id,
    );
    expect(duplicateAccounts(migrated, site)).toEqual([]);
  });

  it('keeps emails and display names out of every text', () => {
    const [finding] = duplicateAccounts(personOf(aCustomer(), aGuest()), site);
    const text = JSON.stringify([finding?.title, finding?.explanation, finding?.evidence.facts]);
    expect(text).not.toMatch(/@|Ann Example/);
  });
});
