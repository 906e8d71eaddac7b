/**
 * Entry points that run the whole catalogue. Person rules run per person (linear); the two cross-cutting
 * rules run once per site: POSSIBLE_DUPLICATE buckets persons by variant key, KB_SIGNUP_RISK looks at linked
 * spaces. Output order is deterministic: persons in the given order, rules in catalogue order, then the
 * site-level findings.
 */
import type { Account, Finding } from '../model';
import { groupIntoPersons } from '../model/group-into-persons';
import type { Person } from '../model/person';
import type { SiteContext } from '../model/site';
import type { PersonRule } from './common';
import { customerRoleOrphan } from './customer-role-orphan';
import { duplicateAccounts } from './duplicate-accounts';
import { emailUnresolved } from './email-unresolved';
import { guestAlsoUser } from './guest-also-user';
import { guestWithoutCustomerRole } from './guest-without-customer-role';
import { guestWithoutSpace } from './guest-without-space';
import { inactiveWithAccess } from './inactive-with-access';
import { kbSignupRisk } from './kb-signup-risk';
import { linkedGroupDrift } from './linked-group-drift';
import { possibleDuplicates } from './possible-duplicate';
import { unexpectedCustomer } from './unexpected-customer';

/** The person-level rules, in catalogue order. */
export const PERSON_RULES: readonly PersonRule[] = [
  duplicateAccounts,
  guestWithoutCustomerRole,
  linkedGroupDrift,
  unexpectedCustomer,
  guestAlsoUser,
  guestWithoutSpace,
  inactiveWithAccess,
  customerRoleOrphan,
  emailUnresolved,
];

/** Every person-level finding for one person. */
export const evaluatePerson = (person: Person, site: SiteContext): Finding[] => {
  const findings: Finding[] = [];
  for (const rule of PERSON_RULES) {
    const found = rule(person, site);
    for (const f of found) findings.push(f);
  }
  return findings;
};

/** Every finding for the site: all persons, then POSSIBLE_DUPLICATE, then KB_SIGNUP_RISK. */
export const evaluateSite = (persons: readonly Person[], site: SiteContext): Finding[] => {
  const findings: Finding[] = [];
  for (const person of persons) {
    for (const rule of PERSON_RULES) {
      const found = rule(person, site);
      for (const f of found) findings.push(f);
    }
  }
  for (const f of possibleDuplicates(persons, site)) findings.push(f);
  for (const f of kbSignupRisk(site)) findings.push(f);
  return findings;
};

/** Convenience: group raw accounts into persons, then evaluate the site. */
export const evaluateAccounts = (accounts: readonly Account[], site: SiteContext): Finding[] =>
  evaluateSite(groupIntoPersons(accounts), site);
