import type { Space } from '../model/site';

/** What Confluence knows about a user: guest flag, licensed role, assigned guest space. */
export interface ConfluenceUserFacts {
  readonly accountId: string;
  readonly isGuest: boolean;
  readonly hasUserRole: boolean;
  readonly guestSpaceKeys: readonly string[];
}

/** Which spaces {@link Confluence.usersFacts} reads for the guests' assigned space. */
export interface UsersFactsOptions {
  /**
   * Read only these spaces' permission assignments (none when empty); a guest assigned elsewhere reports no
   * space. Absent: every space of the site is read until each guest's space is found.
   */
  readonly onlySpaceKeys?: readonly string[];
}

/** Confluence guests, spaces and their knowledge-base access flags. */
export interface Confluence {
  /**
   * Guest flag, roles and assigned space of the given users (bulk); unknown ids are left out.
   * @throws UpstreamError when the users cannot be read.
   */
  usersFacts(accountIds: readonly string[], options?: UsersFactsOptions): Promise<ConfluenceUserFacts[]>;
  /**
   * The given spaces with their anonymous and logged-in ("unlicensed JSM") read flags; unknown keys are left out.
   * @throws UpstreamError when the spaces cannot be read.
   */
  spacesWithKbAccess(spaceKeys: readonly string[]): Promise<Space[]>;
  /**
   * Whether the account is an admin of the space (authorises the space-settings panel).
   * @throws UpstreamError when the permission cannot be checked.
   */
  isSpaceAdmin(spaceKey: string, accountId: string): Promise<boolean>;
}
