/**
 * INACTIVE_WITH_ACCESS (low): an inactive or closed account still in a Customer-role group, a Link group or
 * on a desk's customer list. Fixes: `removeFromGroup` (review) per group; `removeCustomerFromDesk` (review)
 * on closed desks; a by-hand removal step on other desks (the API refuses removals there).
 */
import type { Finding, Fix } from '../model';
import {
  changeFix,
  describeAccount,
  deskLabels,
  groupLabel,
  guidedFix,
  makeFinding,
  type PersonRule,
  personSubject,
  siteIndex,
  sortedUnique,
} from './common';
import { removeCustomerByHandStep } from './guided-steps';

export const inactiveWithAccess: PersonRule = (person, site) => {
  const index = siteIndex(site);
  const findings: Finding[] = [];
  for (const account of person.accounts) {
    if (account.kind === 'app' || account.status === 'active') continue;
    const groupIds = sortedUnique(
      account.groupIds.filter((g) => index.customerRoleGroupIds.has(g) || index.linkGroupIds.has(g)),
    );
    const deskIds = sortedUnique(account.customerOfDeskIds);
    if (groupIds.length === 0 && deskIds.length === 0) continue;

    const fixes: Fix[] = groupIds.map((groupId) =>
      changeFix({ type: 'removeFromGroup', accountId: account.accountId, groupId }),
    );
    for (const deskId of deskIds) {
      const desk = index.deskById.get(deskId);
      if (desk?.access === 'closed') {
        fixes.push(changeFix({ type: 'removeCustomerFromDesk', accountId: account.accountId, deskId }));
      } else if (desk !== undefined) {
        fixes.push(guidedFix(removeCustomerByHandStep(site, account, desk)));
      }
    }
    const where = [
      ...groupIds.map((g) => groupLabel(g, site)),
      ...(deskIds.length > 0 ? [`the customer list of ${deskLabels(deskIds, index)}`] : []),
    ];
    findings.push(
      makeFinding({
        code: 'INACTIVE_WITH_ACCESS',
        subject: personSubject(person),
        discriminators: [account.accountId],
        title: `${account.status === 'closed' ? 'Closed' : 'Inactive'} account still holds access`,
        explanation:
          `${describeAccount(account)} is ${account.status}, yet it is still in ${where.join(', ')}. Leftover ` +
          'memberships of accounts nobody uses make access reviews harder and come back to life if the ' +
          'account is reactivated. Removing them needs an admin to review the change; each removal can be ' +
          'undone.',
        evidence: {
          accountIds: [account.accountId],
          groupIds,
          deskIds,
          facts: [`${describeAccount(account)} is ${account.status}`, ...where.map((w) => `still in ${w}`)],
        },
        fixes,
        scope: { deskIds, spaceKeys: account.guestSpaceKeys },
      }),
    );
  }
  return findings;
};
