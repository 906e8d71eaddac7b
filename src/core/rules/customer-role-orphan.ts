/**
 * CUSTOMER_ROLE_ORPHAN (low, informational): an active Atlassian account with the Customer role that is a
 * customer of no desk (no list, no requests, no portal-only twin on one). Holders of the role can still use
 * every open portal, so this is informational; the optional fix removes it from the site's customers group
 * (review). When the role comes from another mapped group only, no removal is offered.
 */
import type { Finding } from '../model';
import {
  changeFix,
  customerDeskIds,
  groupLabel,
  hasCustomerRole,
  makeFinding,
  type PersonRule,
  personSubject,
  siteIndex,
} from './common';

export const customerRoleOrphan: PersonRule = (person, site) => {
  const index = siteIndex(site);
  const findings: Finding[] = [];
  for (const account of person.accounts) {
    if (account.kind !== 'atlassian' || account.status !== 'active') continue;
    if (!hasCustomerRole(account, index)) continue;
    // Its own desks come first in customerDeskIds: any of them settles it without building the list.
    if (account.customerOfDeskIds.length > 0 || account.reporterOnDeskIds.length > 0) continue;
    if (customerDeskIds(person, account).length > 0) continue;
    const roleGroups = account.groupIds.filter((g) => index.customerRoleGroupIds.has(g));
    const inCustomersGroup = account.groupIds.includes(site.customersGroup.id);
    findings.push(
      makeFinding({
        code: 'CUSTOMER_ROLE_ORPHAN',
        subject: personSubject(person),
        discriminators: [account.accountId],
        title: 'Customer role held by an account that is a customer of no desk',
        explanation:
          `Atlassian account ${account.accountId} holds the Jira Service Management Customer role ` +
          `(through ${roleGroups.map((g) => groupLabel(g, site)).join(', ')}) but is on no desk's customer ` +
          'list and has raised no requests. This is informational: the role still lets it use open portals. ' +
          (inCustomersGroup
            ? 'If the person should not be a customer, an admin can remove it from the customers group after review.'
            : 'The role comes from a group mapped to it, so it is not removed here.'),
        evidence: {
          accountIds: [account.accountId],
          groupIds: roleGroups,
          facts: [`Atlassian account ${account.accountId} has the Customer role and no desk`],
        },
        fixes: inCustomersGroup
          ? [
              changeFix({
                type: 'removeFromGroup',
                accountId: account.accountId,
                groupId: site.customersGroup.id,
              }),
            ]
          : [],
        scope: { deskIds: [], spaceKeys: account.guestSpaceKeys },
      }),
    );
  }
  return findings;
};
