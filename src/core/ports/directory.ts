import type { AccountKind, AccountStatus } from '../model/account';

/** An account's profile as the directory knows it (no memberships: those come from the other ports). */
export interface DirectoryProfile {
  readonly accountId: string;
  readonly kind: AccountKind;
  readonly status: AccountStatus;
  readonly displayName: string;
  /** The email the profile shows; null when hidden by profile visibility. */
  readonly visibleEmail: string | null;
}

/**
 * The site's user directory: who exists, their emails, and group membership (the Customer role lives in a
 * group). Adapters translate to the Jira platform user and group operations.
 */
export interface Directory {
  /**
   * Profiles of the given accounts; unknown ids are left out (no error).
   * @throws UpstreamError when the directory cannot be read (rate limit, outage, permission).
   */
  accountsByIds(accountIds: readonly string[]): Promise<DirectoryProfile[]>;
  /**
   * Emails of the given accounts, read as the app regardless of profile visibility. An account whose email
   * cannot be read even so maps to null.
   * @throws UpstreamError when the email lookup fails as a whole.
   */
  emailsByIds(accountIds: readonly string[]): Promise<ReadonlyMap<string, string | null>>;
  /**
   * Accounts whose email equals the given one (the adapter searches by email and keeps exact matches of the
   * email key only), portal-only customers included where the directory returns them.
   * @throws UpstreamError when the search fails.
   */
  accountIdsForEmail(email: string): Promise<string[]>;
  /**
   * Group ids the account is a member of.
   * @throws UpstreamError when the account's groups cannot be read.
   */
  groupsOfAccount(accountId: string): Promise<string[]>;
  /**
   * One page of a group's members (account ids, inactive members included).
   * @throws UpstreamError when the group cannot be read.
   */
  membersOfGroup(groupId: string, page: PageRequest): Promise<Page<string>>;
  /**
   * Total members of a group, as cheaply as the directory allows (the watch's change signal). `knownTotal`
   * is the total the caller saw last: an adapter may read the page that starts there, which holds no member
   * when nothing was added, so an unchanged group costs a single base point.
   * @throws UpstreamError when the group cannot be read.
   */
  memberCount(groupId: string, knownTotal?: number): Promise<number>;
  /**
   * Make the account a member of the group. Idempotent: already a member is success.
   * @throws UpstreamError (forbidden when the acting user may not manage groups).
   */
  addMember(groupId: string, accountId: string): Promise<void>;
  /**
   * Remove the account from the group. Idempotent: not a member is success.
   * @throws UpstreamError (forbidden when the acting user may not manage groups).
   */
  removeMember(groupId: string, accountId: string): Promise<void>;
}

/** Where to continue a listing: an opaque cursor from the previous page, or null for the first page. */
export interface PageRequest {
  readonly cursor: string | null;
  /** Upper bound the caller wants; adapters cap it at the largest page the source allows. */
  readonly limit: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
  /** Index of the first item in the whole list, when the source pages by offset (lets a reader count). */
  readonly offset?: number;
}
