/**
 * Account — one Atlassian record (product.md §2). The facts the rules need about it, already joined from
 * Jira, JSM and Confluence by the adapters. Raw API JSON never reaches the core (style.md rule 11).
 */
export const ACCOUNT_KINDS = ['atlassian', 'customer', 'app', 'unknown'] as const;
/** `customer` = portal-only JSM customer account (site-scoped, `qm:` ids); `atlassian` = global account. */
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const ACCOUNT_STATUSES = ['active', 'inactive', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Where the account's email came from: its visible profile, the asApp email API, or nowhere. */
export type EmailSource = 'profile' | 'email-api' | 'unresolved';

export interface Account {
  readonly accountId: string;
  readonly kind: AccountKind;
  readonly status: AccountStatus;
  /** Display name as the API showed it; may be empty when hidden by profile visibility. */
  readonly displayName: string;
  /** Raw email as read; null when it could not be read even with the email API (EMAIL_UNRESOLVED). */
  readonly email: string | null;
  readonly emailSource: EmailSource;
  /** Jira/site group ids the account is a member of (portal-only accounts never have groups). */
  readonly groupIds: readonly string[];
  /** Confluence guest (`isExternalCollaborator: true`). */
  readonly isGuest: boolean;
  /** Holds a licensed Confluence user role as well (unsupported together with guest: GUEST_ALSO_USER). */
  readonly hasConfluenceUserRole: boolean;
  /** Space keys a guest is assigned to (Atlassian allows at most one). */
  readonly guestSpaceKeys: readonly string[];
  /** Desk ids whose customer list holds this account. */
  readonly customerOfDeskIds: readonly string[];
  /** Desk ids on which this account reported at least one request. */
  readonly reporterOnDeskIds: readonly string[];
  /**
   * When the account was first seen on the site (epoch ms), from the site's data or the app's own first
   * observation; null when unknown. Used to tell which twin appeared later (UNEXPECTED_CUSTOMER).
   */
  readonly firstSeenAt: number | null;
}
