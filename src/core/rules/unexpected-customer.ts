/**
 * UNEXPECTED_CUSTOMER (medium): a live account that is a customer of a desk (on its list, or reporter of its
 * requests on a desk that is not closed: a closed desk admits only its list) and either
 *  - its email domain is outside the allowed domains of the desk's Link(s) (exact domain or a subdomain of
 *    one; no restriction when no Link of the desk lists domains), or
 *  - it is an Atlassian account (not a guest: guests are invited on purpose) first seen after an active
 *    portal-only account with the same email — the KB-link sign-up of reported case (b).
 * One finding per account and desk. Fixes: `removeCustomerFromDesk` (review) on closed desks only (the API
 * refuses removals elsewhere); for an outside domain on another desk, a by-hand removal step; for a sign-up
 * twin, the guided migration of the older portal-only account (the person keeps one account); on desks that
 * are not closed, the desk's customer permissions.
 */
import type { Account, Finding, Fix } from '../model';
import { emailDomain } from '../model/email-key';
import { isUnresolvedKey, type Person } from '../model/person';
import {
  changeFix,
  describeAccount,
  deskLabel,
  directCustomerDeskIds,
  guidedFix,
  isLiveIdentity,
  makeFinding,
  type PersonRule,
  personSubject,
  portalOnlyTwins,
  siteIndex,
  type DeskDomains,
  type SiteIndex,
} from './common';
import {
  migrateToAtlassianAccountStep,
  removeCustomerByHandStep,
  reviewCustomerPermissionsStep,
} from './guided-steps';

/** `domain` equals an allowed domain or is a subdomain of one. */
export const isDomainAllowed = (domain: string, allowed: readonly string[]): boolean =>
  allowed.some((d) => {
    const a = d.trim().normalize('NFKC').toLowerCase();
    return domain === a || domain.endsWith(`.${a}`);
  });

const allowedDomainsOf = (deskId: string, index: SiteIndex): string[] =>
  (index.linksByDesk.get(deskId) ?? []).flatMap((l) => l.allowedDomains);

const deskDomainsOf = (deskId: string, index: SiteIndex): DeskDomains | null => {
  const memo = index.deskDomainsMemo;
  let entry = memo.get(deskId);
  if (entry === undefined) {
    const allowed = allowedDomainsOf(deskId, index);
    const exact = allowed.map((d) => d.trim().normalize('NFKC').toLowerCase());
    entry = allowed.length === 0 ? null : { exact, dotted: exact.map((a) => `.${a}`) };
    memo.set(deskId, entry);
  }
  return entry;
};

/** `domain` is restricted on the desk and not allowed there (same answer as isDomainAllowed). */
export const isOutsideDomains = (deskId: string, domain: string, index: SiteIndex): boolean => {
  const desk = deskDomainsOf(deskId, index);
  if (desk === null) return false;
  const { exact, dotted } = desk;
  for (let i = 0; i < exact.length; i += 1) {
    if (domain === exact[i] || domain.endsWith(dotted[i] as string)) return false;
  }
  return true;
};

/** Some desk of these lists is outside its allowed domains (a superset of the desks the rule reports). */
const anyDeskOutside = (account: Account, domain: string, index: SiteIndex): boolean => {
  const listed = account.customerOfDeskIds;
  for (let i = 0; i < listed.length; i += 1)
    if (isOutsideDomains(listed[i] as string, domain, index)) return true;
  const reported = account.reporterOnDeskIds;
  for (let i = 0; i < reported.length; i += 1) {
    if (isOutsideDomains(reported[i] as string, domain, index)) return true;
  }
  return false;
};

/**
 * The portal-only twin this Atlassian account appeared after, if any. When the order is known, the twin must be
 * strictly older. When it is not (either time unknown, or one scan saw both for the first time at once), Atlassian's
 * own definition of duplicate accounts decides: the Atlassian account is the one added after the portal-only
 * account (atlassian-identity.md §1.3: JSM does not create a portal-only account for an email that already has an
 * Atlassian account), so it is taken as the later one.
 */
const appearedAfterTwin = (person: Person, account: Account): Account | null => {
  if (account.kind !== 'atlassian' || account.isGuest) return null;
  const seen = account.firstSeenAt;
  return (
    portalOnlyTwins(person, account).find(
      (t) => seen === null || t.firstSeenAt === null || t.firstSeenAt <= seen,
    ) ?? null
  );
};

export const unexpectedCustomer: PersonRule = (person, site) => {
  const index = siteIndex(site);
  const domain = isUnresolvedKey(person.emailKey) ? null : emailDomain(person.emailKey);
  const findings: Finding[] = [];
  for (const account of person.accounts) {
    if (!isLiveIdentity(account) || account.status !== 'active') continue;
    if (account.customerOfDeskIds.length === 0 && account.reporterOnDeskIds.length === 0) continue;
    const olderTwin = appearedAfterTwin(person, account);
    // Nothing to report unless a desk is outside its domains or the account is a sign-up twin.
    if (olderTwin === null && (domain === null || !anyDeskOutside(account, domain, index))) continue;
    // On a closed desk only the list grants access: a past reporter removed from it is no longer a customer.
    const deskIds = directCustomerDeskIds(account).filter(
      (d) => account.customerOfDeskIds.includes(d) || index.deskById.get(d)?.access !== 'closed',
    );
    if (deskIds.length === 0) continue;
    for (const deskId of deskIds) {
      const outsideDomains = domain !== null && isOutsideDomains(deskId, domain, index);
      if (!outsideDomains && olderTwin === null) continue;

      const desk = index.deskById.get(deskId);
      const onList = account.customerOfDeskIds.includes(deskId);
      const closed = desk?.access === 'closed';
      const fixes: Fix[] = [];
      if (onList && closed) {
        fixes.push(changeFix({ type: 'removeCustomerFromDesk', accountId: account.accountId, deskId }));
      }
      if (outsideDomains && onList && !closed && desk !== undefined) {
        fixes.push(guidedFix(removeCustomerByHandStep(site, account, desk)));
      }
      if (olderTwin !== null) fixes.push(guidedFix(migrateToAtlassianAccountStep(site, olderTwin)));
      if (desk !== undefined && !closed) fixes.push(guidedFix(reviewCustomerPermissionsStep(site, desk)));

      const facts: string[] = [];
      const reasons: string[] = [];
      if (outsideDomains) {
        facts.push(`the email domain is not among the allowed domains of ${deskLabel(deskId, index)}`);
        reasons.push(`its email domain is outside the domains allowed for ${deskLabel(deskId, index)}`);
      }
      if (olderTwin !== null) {
        facts.push(`${describeAccount(account)} was first seen after ${describeAccount(olderTwin)}`);
        reasons.push(
          `it appeared after ${describeAccount(olderTwin)} with the same email already existed, which is what ` +
            'happens when a customer opens a knowledge-base link in Confluence and signs up for a new account',
        );
      }
      findings.push(
        makeFinding({
          code: 'UNEXPECTED_CUSTOMER',
          subject: personSubject(person),
          discriminators: [deskId, account.accountId],
          title: `Unexpected customer on ${deskLabel(deskId, index)}`,
          explanation:
            `${describeAccount(account)} is a customer of ${deskLabel(deskId, index)}` +
            `${onList ? ' (on its customer list)' : ' (it raised requests there)'}, but ${reasons.join(', and ')}. ` +
            (olderTwin === null
              ? ''
              : 'Migrating the older portal-only account into this one leaves the person a single account. ') +
            (closed
              ? 'The desk is closed, so the account can be removed from its customer list after review. '
              : 'The desk lets customers in on their own, so its customer permissions decide whether this can ' +
                'happen again. ') +
            'Check with the requester before removing anything.',
          evidence: {
            accountIds: [account.accountId, ...(olderTwin === null ? [] : [olderTwin.accountId])],
            deskIds: [deskId],
            facts,
          },
          fixes,
          scope: { deskIds: [deskId], spaceKeys: [] },
        }),
      );
    }
  }
  return findings;
};
