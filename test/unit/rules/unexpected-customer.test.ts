import type { Account } from '../../../src/core/model/account';
import { isDomainAllowed, unexpectedCustomer } from '../../../src/core/rules/unexpected-customer';
import { applyToPerson, simulateMigration } from '../../../src/core/rules/simulate';
import {
  aCustomer,
  aGuest,
  aLink,
  anAtlassianAccount,
  aPolicy,
  aSite,
  changeActionsOf,
  CUSTOMERS_GROUP,
  personOf,
} from '../../support/builders';

const restricted = aSite({
  policy: aPolicy({
    links: [
      aLink({ allowedDomains: ['partner.example'] }),
      aLink({ id: 'l-open', deskId: '20', allowedDomains: ['partner.example'] }),
    ],
  }),
});
const site = aSite();

describe('UNEXPECTED_CUSTOMER', () => {
  it.each<[string, Account[], typeof site]>([
    [
      'a customer on a list with an outside domain',
      [aCustomer({ email: 'eve@elsewhere.example' })],
      restricted,
    ],
    [
      'a reporter with an outside domain',
      [anAtlassianAccount({ email: 'eve@elsewhere.example', reporterOnDeskIds: ['20'] })],
      restricted,
    ],
    [
      'an Atlassian account first seen after its portal-only twin, on a list',
      [aCustomer({ firstSeenAt: 1 }), anAtlassianAccount({ customerOfDeskIds: ['10'], firstSeenAt: 2 })],
      site,
    ],
    [
      // Atlassian's definition of duplicates: the Atlassian account is the one added after the portal-only one.
      'unknown first-seen times (the documented order decides)',
      [
        aCustomer({ firstSeenAt: null }),
        anAtlassianAccount({ customerOfDeskIds: ['10'], firstSeenAt: null }),
      ],
      site,
    ],
    [
      'both twins first seen by the same scan (a tie: the documented order decides)',
      [aCustomer({ firstSeenAt: 7 }), anAtlassianAccount({ customerOfDeskIds: ['10'], firstSeenAt: 7 })],
      site,
    ],
  ])('fires for %s', (_label, accounts, s) => {
    const findings = unexpectedCustomer(personOf(...accounts), s);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('medium');
  });

  it.each<[string, Account[], typeof site]>([
    ['an allowed domain', [aCustomer({ email: 'eve@partner.example' })], restricted],
    ['a subdomain of an allowed domain', [aCustomer({ email: 'eve@eu.partner.example' })], restricted],
    ['no domain restriction', [aCustomer({ email: 'eve@elsewhere.example' })], site],
    [
      'an Atlassian account older than its twin',
      [aCustomer({ firstSeenAt: 5 }), anAtlassianAccount({ customerOfDeskIds: ['10'], firstSeenAt: 2 })],
      site,
    ],
    [
      'a later guest (invited on purpose: reported case (a))',
      [aCustomer({ firstSeenAt: 1 }), aGuest({ customerOfDeskIds: ['10'], firstSeenAt: 2 })],
      site,
    ],
    [
      'a later Atlassian account on no desk',
      [aCustomer({ firstSeenAt: 1 }), anAtlassianAccount({ firstSeenAt: 2 })],
      site,
    ],
  ])('does not fire for %s', (_label, accounts, s) => {
    expect(unexpectedCustomer(personOf(...accounts), s)).toEqual([]);
  });

  it('offers removeCustomerFromDesk (review) on a closed desk only', () => {
    const person = personOf(aCustomer({ email: 'eve@elsewhere.example', customerOfDeskIds: ['10', '20'] }));
    const findings = unexpectedCustomer(person, restricted);
    const byDesk = Object.fromEntries(
      findings.map((f) => [f.evidence.deskIds[0], f.fixes.map((x) => [x.action.type, x.safety])]),
    );
    expect(byDesk).toEqual({
      '10': [['removeCustomerFromDesk', 'review']],
      '20': [
        ['guidedStep', 'manual'],
        ['guidedStep', 'manual'],
      ],
    });
    const openSteps = findings.find((f) => f.evidence.deskIds[0] === '20')?.fixes.map((f) => f.action);
    expect(openSteps?.[1]).toMatchObject({
      step: 'review-customer-permissions',
      deepLink: 'https://acme.atlassian.net/jira/servicedesk/projects/OPEN/settings/customer-permissions',
    });
  });

  it('fix clears it: removal from a closed desk', () => {
    const person = personOf(aCustomer({ email: 'eve@elsewhere.example' }));
    const [finding] = unexpectedCustomer(person, restricted);
    expect(unexpectedCustomer(applyToPerson(person, changeActionsOf(finding!)), restricted)).toEqual([]);
  });

  it('fix clears it: the guided migration of the older portal-only twin', () => {
    const portalOnly = aCustomer({ firstSeenAt: 1, customerOfDeskIds: ['20'] });
    const later = anAtlassianAccount({
      customerOfDeskIds: ['20'],
      groupIds: [CUSTOMERS_GROUP.id],
      firstSeenAt: 2,
    });
    const person = personOf(portalOnly, later);
    const [finding] = unexpectedCustomer(person, site);
    expect(
      finding?.fixes.map((f) => (f.action.type === 'guidedStep' ? f.action.step : f.action.type)),
    ).toEqual(['migrate-to-atlassian-account', 'review-customer-permissions']);
    const migrated = simulateMigration(person, portalOnly.accountId, later.accountId, CUSTOMERS_GROUP.id);
    expect(unexpectedCustomer(migrated, site)).toEqual([]);
  });

  it.each([
    ['partner.example', ['partner.example'], true],
    ['eu.partner.example', ['Partner.Example'], true],
    ['notpartner.example', ['partner.example'], false],
    ['partner.example.evil', ['partner.example'], false],
  ])('isDomainAllowed(%j, %j) is %j', (domain, allowed, expected) => {
    expect(isDomainAllowed(domain, allowed)).toBe(expected);
  });
});
