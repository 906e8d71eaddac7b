/**
 * The site's guest → space map as the app last read it live (a cache, never the truth for a write: plans
 * re-read memberships live before writing, and guest spaces only shape findings). Built by the scan's guests
 * phase, refreshed by every live read, and kept honest by the space-permissions event: a space whose
 * permissions changed after a guest's entry was observed is read again before the entry is used.
 */

/** One guest's assigned spaces, as read live at `observedAt` (taken before the read). */
export interface GuestSpaceEntry {
  readonly accountId: string;
  readonly spaceKeys: readonly string[];
  readonly observedAt: number;
}

/** A space whose permissions changed, at the latest moment the app heard of it. */
export interface SpacePermissionChange {
  readonly spaceKey: string;
  readonly at: number;
}

export interface GuestSpaceCache {
  /** The stored entries of these accounts (absent ones left out). @throws StoreError when the read fails. */
  entries(accountIds: readonly string[]): Promise<GuestSpaceEntry[]>;
  /** Replace these accounts' entries. @throws StoreError when the write fails. */
  put(entries: readonly GuestSpaceEntry[]): Promise<void>;
  /**
   * Since when every guest of the site has an entry (the start of the last scan whose guests phase
   * completed); null before the first. @throws StoreError when the read fails.
   */
  builtAt(): Promise<number | null>;
  /**
   * Every guest has an entry observed at or after `asOf`: builtAt becomes `asOf` (it never moves back), and
   * changes before it are forgotten (no usable entry is older). @throws StoreError when the write fails.
   */
  markBuilt(asOf: number): Promise<void>;
  /** The spaces whose permissions changed since builtAt, in key order. @throws StoreError */
  changes(): Promise<SpacePermissionChange[]>;
  /** Record a change; a space keeps its latest `at`. @throws StoreError when the write fails. */
  noteChange(change: SpacePermissionChange): Promise<void>;
}
