/**
 * Guided steps (product.md §2 "Action": no public API, a deep link and a checklist the admin confirms).
 * Wording refers to accounts by kind and id, never by email or name. Links come from ./deep-links.
 */
import type { Account, GuidedStep } from '../model';
import type { Desk, SiteContext, Space } from '../model/site';
import { describeAccount } from './common';
import {
  adminUserUrl,
  confluenceGlobalPermissionsUrl,
  customerAccessUrl,
  customerPermissionsUrl,
  knowledgeBaseSettingsUrl,
  portalOnlyCustomersUrl,
  projectCustomersUrl,
  spacePermissionsUrl,
} from './deep-links';

/** Migrate a portal-only customer into the person's Atlassian account (merges requests; atlassian-identity §1.4). */
export const migrateToAtlassianAccountStep = (site: SiteContext, portalOnly: Account): GuidedStep => ({
  type: 'guidedStep',
  step: 'migrate-to-atlassian-account',
  accountId: portalOnly.accountId,
  title: `Migrate ${describeAccount(portalOnly)} to its Atlassian account`,
  checklist: [
    `Open Portal-only customers in Atlassian Administration and find ${portalOnly.accountId}.`,
    'Choose "Migrate to Atlassian account" and confirm; its requests move to the Atlassian account.',
    'Tell the customer to log in to the help center with their Atlassian account from now on.',
  ],
  deepLink: portalOnlyCustomersUrl(site),
});

/** Review who may become a customer of a desk (per-project customer permissions). */
export const reviewCustomerPermissionsStep = (site: SiteContext, desk: Desk): GuidedStep => ({
  type: 'guidedStep',
  step: 'review-customer-permissions',
  accountId: null,
  target: desk.id,
  title: `Review who can become a customer of desk ${desk.projectKey}`,
  checklist: [
    `Open the customer permissions of project ${desk.projectKey}.`,
    'If customers should be added by your team only, choose "Customers my team adds".',
    `Check the site-wide customer access setting (${customerAccessUrl(site)}) if self sign-up should be off.`,
  ],
  deepLink: customerPermissionsUrl(site, desk.projectKey),
});

/** Remove a customer by hand from a desk that is not closed (the API refuses removals there). */
export const removeCustomerByHandStep = (site: SiteContext, account: Account, desk: Desk): GuidedStep => ({
  type: 'guidedStep',
  step: 'review-account',
  accountId: account.accountId,
  target: desk.id,
  title: `Review ${describeAccount(account)} on the customer list of desk ${desk.projectKey}`,
  checklist: [
    `Open the customers of project ${desk.projectKey} and find ${account.accountId}.`,
    'Remove it from the customer list if it should no longer raise requests there.',
  ],
  deepLink: projectCustomersUrl(site, desk.projectKey),
});

/** Review an account's product access and roles in Atlassian Administration. */
export const reviewAccountStep = (site: SiteContext, account: Account, why: string): GuidedStep => ({
  type: 'guidedStep',
  step: 'review-account',
  accountId: account.accountId,
  title: `Review ${describeAccount(account)} in Atlassian Administration`,
  checklist: [`Open the user ${account.accountId} in Atlassian Administration.`, why],
  deepLink: adminUserUrl(site, account.accountId),
});

/** Assign a space to a guest (no app-accessible API: atlassian-identity.md §1.5). */
export const assignGuestSpaceStep = (
  site: SiteContext,
  guest: Account,
  spaceKey: string | null,
): GuidedStep => ({
  type: 'guidedStep',
  step: 'assign-guest-space',
  accountId: guest.accountId,
  ...(spaceKey === null ? {} : { target: spaceKey }),
  title:
    spaceKey === null
      ? `Assign a space to guest ${guest.accountId}`
      : `Assign space ${spaceKey} to guest ${guest.accountId}`,
  checklist: [
    spaceKey === null
      ? 'Open Confluence global permissions, Guests tab, and assign the guest the one space they need.'
      : `Open the permissions of space ${spaceKey} and add ${guest.accountId} under Guest users.`,
    'Guests can have exactly one assigned space.',
  ],
  deepLink: spaceKey === null ? confluenceGlobalPermissionsUrl(site) : spacePermissionsUrl(site, spaceKey),
});

/** Remove the licensed Confluence user role from a guest (or stop treating it as a guest). */
export const removeConfluenceUserRoleStep = (site: SiteContext, guest: Account): GuidedStep => ({
  type: 'guidedStep',
  step: 'remove-confluence-user-role',
  accountId: guest.accountId,
  title: `Give guest ${guest.accountId} a single Confluence role`,
  checklist: [
    `Open the user ${guest.accountId} in Atlassian Administration, Confluence product access.`,
    'Keep either the Guest role or the User role, not both; a former paid user cannot become a guest.',
  ],
  deepLink: adminUserUrl(site, guest.accountId),
});

/** Make a linked KB space safe to share with portal-only customers. */
export const reviewKbSpaceAccessStep = (site: SiteContext, space: Space, desk: Desk | null): GuidedStep => ({
  type: 'guidedStep',
  step: 'review-kb-space-access',
  accountId: null,
  target: space.key,
  title: `Stop KB links of space ${space.key} from pushing customers into account sign-up`,
  checklist: [
    'Share help-center article links with customers, never /wiki/ page links.',
    `Or set "Who can view" of space ${space.key} to "Anyone" in the desk's knowledge base settings.`,
    'Restrict customer self sign-up if new accounts should not be created this way.',
  ],
  deepLink:
    desk === null ? spacePermissionsUrl(site, space.key) : knowledgeBaseSettingsUrl(site, desk.projectKey),
});
