/**
 * Entry points that run the whole catalogue. Person rules run per person (linear); the two cross-cutting
 * rules run once per site: POSSIBLE_DUPLICATE buckets persons by variant key, KB_SIGNUP_RISK looks at linked
 * spaces. Output order is deterministic: persons in the given order, rules in catalogue order, then the
 * site-level findings.
 *
 * Most persons of a site are one active account that no rule can fire on. `isQuiet` recognises them with a
 * few field reads (no closure, no array) so the catalogue only runs where a finding is possible; it is
 * conservative (it never skips a person a rule would report) and test/unit/rules/evaluate-quiet.test.ts
 * checks that against every rule.
 */
import type { Account, Finding } from '../model';
import { emailDomain } from '../model/email-key';
import { groupIntoPersons } from '../model/group-into-persons';
import { isUnresolvedKey, type Person } from '../model/person';
import type { SiteContext } from '../model/site';
import { type PersonRule, siteIndex, type SiteIndex } from './common';
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
import { isOutsideDomains, unexpectedCustomer } from './unexpected-customer';

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

const hasAnyOf = (ids: readonly string[], set: ReadonlySet<string>): boolean => {
  for (let i = 0; i < ids.length; i += 1) if (set.has(ids[i] as string)) return true;
  return false;
};

const anyOutside = (deskIds: readonly string[], domain: string, index: SiteIndex): boolean => {
  for (let i = 0; i < deskIds.length; i += 1) {
    if (isOutsideDomains(deskIds[i] as string, domain, index)) return true;
  }
  return false;
};

/**
 * True only when no person rule can yield a finding for this person (false = "run the catalogue"). Quiet:
 * exactly one account, under a resolved email key, and either an app account (every rule ignores those) or
 * an active non-guest account that is in no Link group (LINKED_GROUP_DRIFT), has no desk outside the desk's
 * allowed domains (UNEXPECTED_CUSTOMER; a single account has no twin), and is not an Atlassian account holding
 * the Customer role with no desk at all (CUSTOMER_ROLE_ORPHAN). DUPLICATE_ACCOUNTS needs two accounts, the
 * guest rules a guest, INACTIVE_WITH_ACCESS an account that is not active, EMAIL_UNRESOLVED an unresolved key.
 */
export const isQuiet = (person: Person, index: SiteIndex): boolean => {
  if (person.accounts.length !== 1) return false;
  const key = person.emailKey;
  if (isUnresolvedKey(key)) return false;
  const a = person.accounts[0] as Account;
  if (a.kind === 'app') return true;
  if (a.status !== 'active' || a.isGuest) return false;
  const groups = a.groupIds;
  if (groups.length > 0 && hasAnyOf(groups, index.linkGroupIds)) return false;
  const listed = a.customerOfDeskIds;
  const reported = a.reporterOnDeskIds;
  if (listed.length === 0 && reported.length === 0) {
    return !(a.kind === 'atlassian' && groups.length > 0 && hasAnyOf(groups, index.customerRoleGroupIds));
  }
  const domain = emailDomain(key);
  return !anyOutside(listed, domain, index) && !anyOutside(reported, domain, index);
};

const pushPersonFindings = (
  findings: Finding[],
  person: Person,
  site: SiteContext,
  index: SiteIndex,
): void => {
  if (isQuiet(person, index)) return;
  for (let r = 0; r < PERSON_RULES.length; r += 1) {
    const found = (PERSON_RULES[r] as PersonRule)(person, site);
    for (let i = 0; i < found.length; i += 1) findings.push(found[i] as Finding);
  }
};

/** Every person-level finding for one person. */
export const evaluatePerson = (person: Person, site: SiteContext): Finding[] => {
  const findings: Finding[] = [];
  pushPersonFindings(findings, person, site, siteIndex(site));
  return findings;
};

/**
 * Every finding about these persons: person rules (persons in the given order), then POSSIBLE_DUPLICATE
 * among them. Complete when the persons are whole POSSIBLE_DUPLICATE buckets (all persons whose keys fold to
 * one variant), as the whole site or a scan chunk is; KB_SIGNUP_RISK (site-level) is not included.
 */
export const evaluatePersons = (persons: readonly Person[], site: SiteContext): Finding[] => {
  const index = siteIndex(site);
  const findings: Finding[] = [];
  for (let p = 0; p < persons.length; p += 1) {
    pushPersonFindings(findings, persons[p] as Person, site, index);
  }
  for (const f of possibleDuplicates(persons, site)) findings.push(f);
  return findings;
};

/** Every finding for the site: all persons, then POSSIBLE_DUPLICATE, then KB_SIGNUP_RISK. */
export const evaluateSite = (persons: readonly Person[], site: SiteContext): Finding[] => {
  const findings = evaluatePersons(persons, site);
  for (const f of kbSignupRisk(site)) findings.push(f);
  return findings;
};

/** Convenience: group raw accounts into persons, then evaluate the site. */
export const evaluateAccounts = (accounts: readonly Account[], site: SiteContext): Finding[] =>
  evaluateSite(groupIntoPersons(accounts), site);
