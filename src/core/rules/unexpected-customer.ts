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

/** Per site index: desk → (email domain → outside the desk's allowed domains). Memoised, pure. */
const outsideCache = new WeakMap<SiteIndex, Map<string, Map<string, boolean>>>();

/** `domain` is restricted on the desk and not allowed there (same answer as isDomainAllowed, cached). */
const isOutsideDomains = (deskId: string, domain: string, index: SiteIndex): boolean => {
  let byDesk = outsideCache.get(index);
  if (byDesk === undefined) outsideCache.set(index, (byDesk = new Map<string, Map<string, boolean>>()));
  let byDomain = byDesk.get(deskId);
  if (byDomain === undefined) byDesk.set(deskId, (byDomain = new Map<string, boolean>()));
  let outside = byDomain.get(domain);
  if (outside === undefined) {
    const allowed = allowedDomainsOf(deskId, index);
    outside = allowed.length > 0 && !isDomainAllowed(domain, allowed);
    byDomain.set(domain, outside);
  }
  return outside;
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
    // On a closed desk only the list grants access: a past reporter removed from it is no longer a customer.
    const deskIds = directCustomerDeskIds(account).filter(
      (d) => account.customerOfDeskIds.includes(d) || index.deskById.get(d)?.access !== 'closed',
    );
    if (deskIds.length === 0) continue;
    const olderTwin = appearedAfterTwin(person, account);
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
