/**
 * Every URL the app hands an admin, in one place. None of these pages has a public API behind it; they are
 * where a guided step is done by hand (atlassian-identity.md §1.4, §3, §6).
 *
 * VERIFY: every pattern below was taken from Atlassian's docs and public screenshots, not from a live site.
 * Check each on a development site (docs/core.md §5 lists them) before release.
 */
import type { SiteContext } from '../model/site';

const ADMIN_HUB = 'https://admin.atlassian.com';

type LinkSite = Pick<SiteContext, 'siteUrl' | 'cloudId'>;

const base = (site: LinkSite): string => site.siteUrl.replace(/\/+$/, '');
const seg = encodeURIComponent;

/** VERIFY: admin.atlassian.com → Products → site → JSM → Portal-only customers ("Migrate to Atlassian account"). */
export const portalOnlyCustomersUrl = (site: LinkSite): string =>
  `${ADMIN_HUB}/s/${seg(site.cloudId)}/jira-service-desk/portal-only-customers`;

/** VERIFY: admin.atlassian.com → Directory → Users → one user (product roles, site access). */
export const adminUserUrl = (site: LinkSite, accountId: string): string =>
  `${ADMIN_HUB}/s/${seg(site.cloudId)}/users/${seg(accountId)}`;

/** VERIFY: Confluence space settings → Permissions (includes the Guest users section). */
export const spacePermissionsUrl = (site: LinkSite, spaceKey: string): string =>
  `${base(site)}/wiki/spaces/${seg(spaceKey)}/settings/permissions`;

/** VERIFY: Confluence administration → Global permissions (Guests tab: assign a space to a guest). */
export const confluenceGlobalPermissionsUrl = (site: LinkSite): string =>
  `${base(site)}/wiki/admin/permissions/global`;

/** VERIFY: JSM project settings → Customer permissions ("Customers my team adds" vs "Anyone …"). */
export const customerPermissionsUrl = (site: LinkSite, projectKey: string): string =>
  `${base(site)}/jira/servicedesk/projects/${seg(projectKey)}/settings/customer-permissions`;

/** VERIFY: JSM project → Customers list (remove a customer by hand on desks that are not closed). */
export const projectCustomersUrl = (site: LinkSite, projectKey: string): string =>
  `${base(site)}/jira/servicedesk/projects/${seg(projectKey)}/customers`;

/** VERIFY: JSM project settings → Knowledge base ("Who can view" per linked space). */
export const knowledgeBaseSettingsUrl = (site: LinkSite, projectKey: string): string =>
  `${base(site)}/jira/servicedesk/projects/${seg(projectKey)}/settings/knowledge-base`;

/** VERIFY: Jira settings → Products → JSM → Customer access (site-wide self sign-up). */
export const customerAccessUrl = (site: LinkSite): string =>
  `${base(site)}/jira/settings/products/jsm-customer-access`;
