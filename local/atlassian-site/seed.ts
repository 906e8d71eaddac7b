/**
 * SiteSeed — the plain-data description of an emulated site. The demo scenario (scenarios/demo.ts) and the
 * synthetic generator (scenarios/synthetic.ts) both produce one; the site's state loads it. Keeping this a
 * dumb data shape is what lets a 100k-account site load in seconds and a test build a tiny site by hand.
 */

export type SeedAccountType = 'atlassian' | 'customer' | 'app' | 'unknown';
export type SeedAccountStatus = 'active' | 'inactive' | 'closed';

export interface SeedAccount {
  /** Atlassian accounts: 24-hex or `557058:<uuid>`; portal-only customers: `qm:<uuid>:<hex>`. */
  accountId: string;
  accountType: SeedAccountType;
  displayName: string;
  /** The real email; null only for accounts that truly have none (app accounts, broken records). */
  email: string | null;
  /** Profile visibility: false = email is null in search/profile results, readable only via /user/email as app. */
  emailVisible: boolean;
  status: SeedAccountStatus;
  /** ISO-8601 creation time on this site. */
  createdAt: string;
  /** Confluence guest (isExternalCollaborator). Only for atlassian accounts. */
  isGuest?: boolean;
  /** Holds the licensed Confluence user role. */
  confluenceUser?: boolean;
  /** Member of site-admins: may write groups. */
  siteAdmin?: boolean;
  /** Jira admin (global ADMINISTER permission). */
  jiraAdmin?: boolean;
  timeZone?: string;
  locale?: string;
}

export interface SeedGroup {
  groupId: string;
  name: string;
  members: string[];
}

export type SeedDeskAccess = 'closed' | 'open' | 'public';

export interface SeedDesk {
  /** Service desk id (JSM), distinct from the project id. */
  id: string;
  projectId: string;
  projectKey: string;
  projectName: string;
  access: SeedDeskAccess;
  /** Account ids on the desk's customer list. */
  customers: string[];
  /** Account ids holding ADMINISTER_PROJECTS on the project. */
  admins: string[];
  agents: string[];
}

export interface SeedSpace {
  id: string;
  key: string;
  name: string;
  /** KB "Anyone": read space granted to anonymous users. */
  anonymousRead: boolean;
  /** KB "All logged-in users": read space granted to unlicensed JSM users. */
  unlicensedRead: boolean;
  /** Account ids with the space `administer` operation. */
  admins: string[];
  /** Guests assigned to this space (a guest has at most one). */
  guests: string[];
  /** Groups with read access (group ids). */
  readGroups: string[];
  /** The desk this space is the knowledge base of, if linked. */
  linkedDeskId?: string;
}

export interface SeedRequest {
  issueId: string;
  issueKey: string;
  deskId: string;
  reporter: string;
  createdAt: string;
  summary: string;
}

export interface SeedOrganization {
  id: string;
  name: string;
  members: string[];
  deskIds: string[];
}

export interface SiteSeed {
  /** Site name: `acme` for acme.atlassian.net; names the default groups (jira-servicemanagement-customers-acme). */
  siteName: string;
  cloudId: string;
  /** The app's own account (accountType app) — its caller identity when it calls asApp. */
  appAccountId: string;
  accounts: SeedAccount[];
  groups: SeedGroup[];
  desks: SeedDesk[];
  spaces: SeedSpace[];
  requests: SeedRequest[];
  organizations: SeedOrganization[];
  /**
   * API tokens of Atlassian accounts, for Basic auth (email:token) as a real site accepts it (api-tokens.ts).
   * Optional: a seed without tokens accepts no Basic auth.
   */
  apiTokens?: SeedApiToken[];
}

/** An Atlassian account's API token (id.atlassian.com "API tokens"), stored as the site would check it. */
export interface SeedApiToken {
  accountId: string;
  token: string;
}
