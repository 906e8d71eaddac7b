/** The site-level things the rules reason about: desks, spaces, groups, Links and policy (product.md §2). */

/** JSM desk access as far as it is knowable (atlassian-identity.md §6): removals only work on closed desks. */
export type DeskAccess = 'closed' | 'open' | 'public' | 'unknown';

export interface Desk {
  readonly id: string;
  readonly projectId: string;
  readonly projectKey: string;
  readonly name: string;
  readonly access: DeskAccess;
}

export interface Space {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** `read space` granted to anonymous users (KB "Anyone"). */
  readonly anonymousRead: boolean;
  /** `read space` granted to unlicensed JSM users (KB "All logged-in users"). */
  readonly unlicensedRead: boolean;
}

export interface Group {
  readonly id: string;
  readonly name: string;
}

/**
 * Link — a policy entry tying a desk to its knowledge-base space(s) and optional guest/space group(s),
 * with allowed customer email domains and its auto-fix switches.
 */
export interface Link {
  readonly id: string;
  readonly deskId: string;
  readonly spaceKeys: readonly string[];
  /** Groups whose membership should equal "customers of the desk who are guests of a linked space". */
  readonly groupIds: readonly string[];
  /** Lower-case domains; empty = no domain restriction. */
  readonly allowedDomains: readonly string[];
  readonly autoFix: {
    /** Automatically give the Customer role to guests who are customers of this desk (safe action). */
    readonly customerRole: boolean;
    /** Automatically add missing members to the Link's groups (safe action). */
    readonly linkedGroupAdd: boolean;
  };
}

export interface Policy {
  readonly schemaVersion: 1;
  readonly links: readonly Link[];
  /** Account ids that never get automatic actions (and whose removals are never planned). */
  readonly protectedAccountIds: readonly string[];
  /** A plan with more `review` removals than this is refused unless explicitly confirmed. */
  readonly blastRadiusThreshold: number;
  /** Account id of the admin who switched auto-fix on; automatic writes run as this admin. */
  readonly autoFixActorAccountId: string | null;
}

/** Everything site-wide a rule may need besides the persons themselves. */
export interface SiteContext {
  /** The site's customers group (`jira-servicemanagement-customers-<site>`), granting the Customer role. */
  readonly customersGroup: Group;
  /**
   * Other groups the site maps to the JSM Customer application role, if any (product.md §2 "Customer role").
   * Membership of any of them, or of `customersGroup`, counts as holding the Customer role.
   */
  readonly customerRoleGroupIds?: readonly string[];
  readonly desks: readonly Desk[];
  readonly spaces: readonly Space[];
  readonly groups: readonly Group[];
  readonly policy: Policy;
  /** Base URL of the site, e.g. https://acme.atlassian.net, for deep links in guided steps. */
  readonly siteUrl: string;
  /** Cloud id, for admin.atlassian.com deep links. */
  readonly cloudId: string;
}
