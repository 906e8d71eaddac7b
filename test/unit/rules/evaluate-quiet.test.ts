/**
 * The evaluation pre-filter (`isQuiet`, rules/evaluate.ts) skips persons no rule can fire on. It must be
 * conservative: whenever it says "quiet", every person rule returns nothing. Checked on generated persons that
 * mix every fact a rule reads (kind, status, guest flags, Customer-role, Link and other groups, desks on the
 * list or reported on, in or outside the allowed domains, twins), and on plain persons that must be quiet so
 * the filter is not vacuous.
 */
import fc from 'fast-check';

import type { Account } from '../../../src/core/model/account';
import { groupIntoPersons } from '../../../src/core/model/group-into-persons';
import { siteIndex } from '../../../src/core/rules/common';
import { evaluatePerson, isQuiet, PERSON_RULES } from '../../../src/core/rules/evaluate';
import {
  aCustomer,
  aLink,
  anAppAccount,
  anAtlassianAccount,
  aPolicy,
  aSite,
  CUSTOMERS_GROUP,
  GUESTS_GROUP,
  PARTNERS_GROUP,
  personOf,
} from '../../support/builders';

const OTHER_ROLE_GROUP = 'grp-other-role';

const site = aSite({
  customerRoleGroupIds: [OTHER_ROLE_GROUP],
  policy: aPolicy({
    links: [
      aLink({ groupIds: [PARTNERS_GROUP.id], allowedDomains: ['partner.example'] }),
      aLink({ id: 'link-open', deskId: '20', spaceKeys: ['KB'], groupIds: [], allowedDomains: [] }),
    ],
  }),
});
const index = siteIndex(site);

const account = fc.record({
  kind: fc.constantFrom<Account['kind']>('atlassian', 'customer', 'app', 'unknown'),
  status: fc.constantFrom<Account['status']>('active', 'inactive', 'closed'),
  email: fc.constantFrom(
    'ann@partner.example',
    'ann@sub.partner.example',
    'ann@elsewhere.example',
    'ann+x@partner.example',
    'not-an-email',
    null,
  ),
  groupIds: fc.subarray([CUSTOMERS_GROUP.id, GUESTS_GROUP.id, PARTNERS_GROUP.id, OTHER_ROLE_GROUP, 'grp-x']),
  isGuest: fc.boolean(),
  hasConfluenceUserRole: fc.boolean(),
  guestSpaceKeys: fc.subarray(['KB', 'OTHER']),
  customerOfDeskIds: fc.subarray(['10', '20', '99']),
  reporterOnDeskIds: fc.subarray(['10', '20', '99']),
  firstSeenAt: fc.constantFrom(null, 1_000, 2_000),
});

type Facts = typeof account extends fc.Arbitrary<infer T> ? T : never;

const accountsOf = (facts: readonly Facts[]): Account[] =>
  facts.map((f, i) => ({
    ...f,
    accountId: `${f.kind === 'customer' ? 'qm:' : 'a-'}${i}`,
    displayName: 'Some Body',
    emailSource: f.email === null ? 'unresolved' : 'profile',
  }));

describe('isQuiet (evaluation pre-filter)', () => {
  it('property: a quiet person gets no finding from any person rule', () => {
    let quiet = 0;
    fc.assert(
      fc.property(fc.array(account, { minLength: 1, maxLength: 3 }), (facts) => {
        for (const person of groupIntoPersons(accountsOf(facts))) {
          if (!isQuiet(person, index)) continue;
          quiet += 1;
          for (const rule of PERSON_RULES) expect(rule(person, site)).toEqual([]);
        }
      }),
      { numRuns: 3000, seed: 7 },
    );
    expect(quiet).toBeGreaterThan(100);
  });

  it('property: evaluatePerson is every rule in catalogue order, quiet or not', () => {
    fc.assert(
      fc.property(fc.array(account, { minLength: 1, maxLength: 3 }), (facts) => {
        for (const person of groupIntoPersons(accountsOf(facts))) {
          expect(evaluatePerson(person, site)).toEqual(PERSON_RULES.flatMap((rule) => rule(person, site)));
        }
      }),
      { numRuns: 1000, seed: 11 },
    );
  });

  it('is quiet for the everyday persons: a customer on an allowed domain, an Atlassian account with no access, an app', () => {
    expect(isQuiet(personOf(aCustomer({ email: 'ann@partner.example' })), index)).toBe(true);
    expect(isQuiet(personOf(aCustomer({ email: 'ann@x.example', customerOfDeskIds: ['20'] })), index)).toBe(
      true,
    );
    expect(isQuiet(personOf(anAtlassianAccount({ email: 'bob@x.example' })), index)).toBe(true);
    expect(isQuiet(personOf(anAppAccount({ email: 'bot@x.example', emailSource: 'profile' })), index)).toBe(
      true,
    );
  });

  it('is not quiet where a rule may fire', () => {
    const cases: Account[][] = [
      [aCustomer({ email: 'ann@elsewhere.example' })], // outside the allowed domains
      [aCustomer({ email: 'ann@partner.example' }), anAtlassianAccount({ email: 'ann@partner.example' })], // twins
      [anAtlassianAccount({ email: 'bob@x.example', groupIds: [CUSTOMERS_GROUP.id] })], // role, no desk
      [anAtlassianAccount({ email: 'bob@x.example', groupIds: [PARTNERS_GROUP.id] })], // Link group
      [anAtlassianAccount({ email: 'bob@x.example', isGuest: true })], // guest
      [anAtlassianAccount({ email: 'bob@x.example', status: 'inactive' })], // not active
      [anAtlassianAccount({ email: null, emailSource: 'unresolved' })], // unresolved key
    ];
    for (const accounts of cases) expect(isQuiet(personOf(...accounts), index)).toBe(false);
  });
});
