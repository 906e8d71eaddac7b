/**
 * DUPLICATE_ACCOUNTS (high): ≥ 2 live, non-app accounts share one email key — typically a portal-only
 * customer plus an Atlassian account (atlassian-identity.md §1.3). "Live" excludes closed accounts and
 * deactivated portal-only accounts (a migrated portal-only account is deactivated, so migration clears the
 * finding); an inactive Atlassian account still counts, because it still captures help-center login (the
 * documented login loop). Fixes: safe pre-steps (Customer role, same desks as the portal-only twin), then the
 * guided "Migrate to Atlassian account".
 */
import type { Fix } from '../model';
import { isUnresolvedKey } from '../model/person';
import {
  changeFix,
  describeAccount,
  deskLabels,
  directCustomerDeskIds,
  guidedFix,
  hasCustomerRole,
  isLiveIdentity,
  makeFinding,
  type PersonRule,
  personSubject,
  siteIndex,
  sortedUnique,
} from './common';
import { migrateToAtlassianAccountStep, reviewAccountStep } from './guided-steps';

export const duplicateAccounts: PersonRule = (person, site) => {
  if (person.accounts.length < 2 || isUnresolvedKey(person.emailKey)) return [];
  const live = person.accounts.filter(isLiveIdentity);
  if (live.length < 2) return [];
  const index = siteIndex(site);

  const portalOnly = live.filter((a) => a.kind === 'customer');
  const atlassian = live.filter((a) => a.kind === 'atlassian');
  const activeTargets = atlassian.filter((a) => a.status === 'active');
  const twinDeskIds = sortedUnique(portalOnly.flatMap((p) => p.customerOfDeskIds));

  const fixes: Fix[] = [];
  if (portalOnly.length > 0) {
    for (const target of activeTargets) {
      if (!hasCustomerRole(target, index)) {
        fixes.push(
          changeFix({ type: 'addToGroup', accountId: target.accountId, groupId: site.customersGroup.id }),
        );
      }
      for (const deskId of twinDeskIds) {
        if (!target.customerOfDeskIds.includes(deskId)) {
          fixes.push(changeFix({ type: 'addCustomerToDesk', accountId: target.accountId, deskId }));
        }
      }
    }
  }
  if (atlassian.length > 0) {
    for (const p of portalOnly) fixes.push(guidedFix(migrateToAtlassianAccountStep(site, p)));
  }
  const reviewed = new Set<string>();
  for (const a of atlassian.filter((x) => x.status !== 'active')) {
    reviewed.add(a.accountId);
    fixes.push(
      guidedFix(
        reviewAccountStep(
          site,
          a,
          'Restore its site access with the Customer role, or the customer stays stuck in a login loop.',
        ),
      ),
    );
  }
  // No single obvious target: let the admin decide which account the person keeps.
  const ambiguous = [
    ...live.filter((a) => a.kind === 'unknown'),
    ...(atlassian.length > 1 ? atlassian : []),
    ...(atlassian.length === 0 && portalOnly.length > 1 ? portalOnly : []),
  ];
  for (const a of ambiguous) {
    if (reviewed.has(a.accountId)) continue;
    reviewed.add(a.accountId);
    fixes.push(
      guidedFix(
        reviewAccountStep(site, a, 'Decide which account this person keeps and close the other ones.'),
      ),
    );
  }

  const deskIds = sortedUnique(live.flatMap(directCustomerDeskIds));
  const spaceKeys = sortedUnique(live.flatMap((a) => a.guestSpaceKeys));
  const accountsText = live.map(describeAccount).join(', ');
  const deskText = deskIds.length > 0 ? ` They are customers of ${deskLabels(deskIds, index)}.` : '';
  return [
    makeFinding({
      code: 'DUPLICATE_ACCOUNTS',
      subject: personSubject(person),
      discriminators: [],
      title: `One email, ${live.length} accounts: help-center login and request history are split`,
      explanation:
        `${live.length} accounts on this site share the same email address: ${accountsText}.${deskText} ` +
        'When an Atlassian account exists for an email, help-center login goes through Atlassian account ' +
        'authentication, so the portal-only account can no longer be used to log in and the requests it ' +
        'raised are not visible to the Atlassian account. Atlassian documents this as "duplicate accounts"; ' +
        'the fix is to give the Atlassian account the Customer role and the same desks, then migrate the ' +
        'portal-only account to the Atlassian account in Atlassian Administration, which merges its requests.',
      evidence: {
        accountIds: live.map((a) => a.accountId),
        deskIds,
        spaceKeys,
        facts: live.map(
          (a) =>
            `${describeAccount(a)} is ${a.status}` +
            (a.customerOfDeskIds.length > 0
              ? `, on ${deskLabels(sortedUnique(a.customerOfDeskIds), index)}`
              : ''),
        ),
      },
      fixes,
      scope: { deskIds, spaceKeys },
    }),
  ];
};
