/**
 * GUEST_WITHOUT_CUSTOMER_ROLE (high): an active Atlassian account that is a Confluence guest and a customer
 * of at least one desk (on its list, reporter on it, or twin of an active portal-only customer of it) but
 * lacks the Customer role — it cannot use the help center (reported case (a)). Fix: add it to the site's
 * customers group (safe).
 */
import {
  changeFix,
  customerDeskIds,
  deskLabels,
  groupLabel,
  hasCustomerRole,
  makeFinding,
  type PersonRule,
  personSubject,
  portalOnlyTwins,
  siteIndex,
} from './common';

export const guestWithoutCustomerRole: PersonRule = (person, site) => {
  const index = siteIndex(site);
  const findings = [];
  for (const account of person.accounts) {
    if (account.kind !== 'atlassian' || account.status !== 'active' || !account.isGuest) continue;
    if (hasCustomerRole(account, index)) continue;
    const deskIds = customerDeskIds(person, account);
    if (deskIds.length === 0) continue;
    const viaTwin = portalOnlyTwins(person, account).length > 0;
    findings.push(
      makeFinding({
        code: 'GUEST_WITHOUT_CUSTOMER_ROLE',
        subject: personSubject(person),
        discriminators: [account.accountId],
        title: 'Guest cannot use the help center: no Customer role',
        explanation:
          `Atlassian account ${account.accountId} is a Confluence guest and a customer of ` +
          `${deskLabels(deskIds, index)}${viaTwin ? ' (through its portal-only twin account)' : ''}, but it is ` +
          `not in ${groupLabel(site.customersGroup.id, site)}, so it does not hold the Jira Service ` +
          'Management Customer role. Inviting someone as a guest does not grant that role, and help-center ' +
          'login for this email goes through the Atlassian account, so the person cannot reach the portal. ' +
          'Adding the account to the customers group grants the role; it is additive and can be undone.',
        evidence: {
          accountIds: [account.accountId],
          groupIds: [site.customersGroup.id],
          deskIds,
          spaceKeys: account.guestSpaceKeys,
          facts: [
            `Atlassian account ${account.accountId} is a Confluence guest`,
            `it is a customer of ${deskLabels(deskIds, index)}`,
            `it is not a member of ${groupLabel(site.customersGroup.id, site)}`,
          ],
        },
        fixes: [
          changeFix({ type: 'addToGroup', accountId: account.accountId, groupId: site.customersGroup.id }),
        ],
        scope: { deskIds, spaceKeys: account.guestSpaceKeys },
      }),
    );
  }
  return findings;
};
