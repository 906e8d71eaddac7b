/**
 * LINKED_GROUP_DRIFT (medium): for a Link (desk ↔ space(s) ↔ group(s)), a customer of the desk who is a guest
 * of a linked space is missing from a Link group (fix: add, safe), or a Link group member is neither a guest
 * of a linked space nor a customer of the desk (fix: remove, review). A group named by several Links keeps a
 * member that qualifies for any of them. Only active Atlassian accounts are considered: portal-only accounts
 * cannot be in groups, and inactive members are INACTIVE_WITH_ACCESS's business. One finding per person and
 * Link.
 */
import type { Account, Finding, Fix, Person } from '../model';
import type { Link } from '../model/site';
import {
  changeFix,
  customerDeskIds,
  deskLabel,
  groupLabel,
  isGuestOfSpace,
  makeFinding,
  type PersonRule,
  personSubject,
  siteIndex,
  type SiteIndex,
} from './common';

const qualifiesFor = (
  link: Link,
  account: Account,
  desks: readonly string[],
): { customer: boolean; guest: boolean } => ({
  customer: desks.includes(link.deskId),
  guest: link.spaceKeys.some((k) => isGuestOfSpace(account, k)),
});

const isRelevant = (account: Account, index: SiteIndex): boolean =>
  account.kind === 'atlassian' &&
  account.status === 'active' &&
  (account.groupIds.some((g) => index.linkGroupIds.has(g)) ||
    (account.isGuest && account.guestSpaceKeys.length > 0));

const positionsCache = new WeakMap<readonly Link[], ReadonlyMap<Link, readonly number[]>>();

/** Where each Link sits in the policy's list (a Link object listed twice keeps both places). Memoised. */
const linkPositions = (links: readonly Link[]): ReadonlyMap<Link, readonly number[]> => {
  const cached = positionsCache.get(links);
  if (cached !== undefined) return cached;
  const map = new Map<Link, number[]>();
  links.forEach((l, i) => {
    const list = map.get(l);
    if (list === undefined) map.set(l, [i]);
    else list.push(i);
  });
  positionsCache.set(links, map);
  return map;
};

export const linkedGroupDrift: PersonRule = (person: Person, site) => {
  const index = siteIndex(site);
  if (index.linkGroupIds.size === 0) return [];
  const accounts = person.accounts.filter((a) => isRelevant(a, index));
  if (accounts.length === 0) return [];
  const desksOf = new Map(accounts.map((a) => [a.accountId, customerDeskIds(person, a)]));

  // Only Links that can yield a fix for some account: one naming a group it is in (removal) or one of a desk
  // it is a customer of (addition). Visited in policy order, so the output equals a walk over every Link.
  const positions = linkPositions(index.links);
  const candidates: number[] = [];
  const seen = new Set<Link>();
  const consider = (links: readonly Link[] | undefined): void => {
    if (links === undefined) return;
    for (const l of links) {
      if (seen.has(l)) continue;
      seen.add(l);
      for (const p of positions.get(l) ?? []) candidates.push(p);
    }
  };
  for (const account of accounts) {
    for (const g of account.groupIds) consider(index.linksByGroup.get(g));
    for (const d of desksOf.get(account.accountId) ?? []) consider(index.linksByDesk.get(d));
  }
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => a - b);

  const findings: Finding[] = [];
  for (const position of candidates) {
    const link = index.links[position] as Link;
    if (link.groupIds.length === 0) continue;
    const fixes: Fix[] = [];
    const facts: string[] = [];
    const accountIds: string[] = [];
    const groupIds: string[] = [];
    for (const account of accounts) {
      const desks = desksOf.get(account.accountId) ?? [];
      const q = qualifiesFor(link, account, desks);
      for (const groupId of new Set(link.groupIds)) {
        const member = account.groupIds.includes(groupId);
        if (!member && q.customer && q.guest) {
          fixes.push(changeFix({ type: 'addToGroup', accountId: account.accountId, groupId }));
          facts.push(
            `Atlassian account ${account.accountId} is a customer of ${deskLabel(link.deskId, index)} and a ` +
              `guest of a linked space, but not in ${groupLabel(groupId, site)}`,
          );
          accountIds.push(account.accountId);
          groupIds.push(groupId);
        } else if (member) {
          const keptByAnyLink = (index.linksByGroup.get(groupId) ?? []).some((l) => {
            const ql = qualifiesFor(l, account, desks);
            return ql.customer || ql.guest;
          });
          if (!keptByAnyLink) {
            fixes.push(changeFix({ type: 'removeFromGroup', accountId: account.accountId, groupId }));
            facts.push(
              `Atlassian account ${account.accountId} is in ${groupLabel(groupId, site)} but is neither a ` +
                `customer of ${deskLabel(link.deskId, index)} nor a guest of a linked space`,
            );
            accountIds.push(account.accountId);
            groupIds.push(groupId);
          }
        }
      }
    }
    if (fixes.length === 0) continue;
    const adds = fixes.filter((f) => f.action.type === 'addToGroup').length;
    const removes = fixes.length - adds;
    findings.push(
      makeFinding({
        code: 'LINKED_GROUP_DRIFT',
        subject: personSubject(person),
        discriminators: [link.id],
        title: `Linked group membership out of step with ${deskLabel(link.deskId, index)} and its spaces`,
        explanation:
          `The Link between ${deskLabel(link.deskId, index)} and space(s) ${link.spaceKeys.join(', ')} keeps its ` +
          'group(s) equal to "customers of the desk who are guests of a linked space". ' +
          (adds > 0 ? `${adds} membership(s) are missing for this person's account(s). ` : '') +
          (removes > 0
            ? `${removes} membership(s) are held by account(s) that are neither customers of the desk nor ` +
              'guests of a linked space. '
            : '') +
          'Missing memberships can be added safely; removals need an admin to review them, and every change ' +
          'can be undone.',
        evidence: {
          accountIds,
          groupIds,
          deskIds: [link.deskId],
          spaceKeys: link.spaceKeys,
          facts,
        },
        fixes,
        scope: { deskIds: [link.deskId], spaceKeys: link.spaceKeys },
      }),
    );
  }
  return findings;
};
