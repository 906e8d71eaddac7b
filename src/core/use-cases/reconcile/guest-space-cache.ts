/**
 * Decisions over the guest → space cache (ports/guest-spaces.ts): which spaces a reconcile must read live
 * for its guests' assigned space, and what each guest's spaces are then.
 *
 * An entry is usable when it was observed at or after the cache was built (older ones may predate changes
 * the cache has forgotten) and is not older than the freshness bound. A guest without a usable entry became
 * a guest after the build, so any space it was assigned since raised the space-permissions event. Either
 * way the guest's spaces can only differ from what the cache says in spaces whose permissions changed since
 * `since` (the entry's observation, else the build): those, and only those, are read live. The whole site is
 * walked as before when the cache was never built, is past the bound, or too many spaces changed.
 *
 * Assumes the space-permissions event fires for guest assignments (forge-platform.md VERIFY); the
 * freshness bound caps how long a missed event can leave a guest's space stale.
 */
import type { GuestSpaceCache, GuestSpaceEntry, SpacePermissionChange } from '../../ports';
import { byString, sortedUnique } from '../../rules/common';

const DAY_MS = 24 * 60 * 60 * 1000;

export const GUEST_SPACE_CACHE = {
  /** An entry (or the build, for guests without one) older than this is not trusted: walk every space. */
  freshForMs: 7 * DAY_MS,
  /** More changed spaces than this to read: walk every space instead. */
  maxSpaceReads: 5,
} as const;

export type GuestSpaceCacheLimits = { readonly freshForMs: number; readonly maxSpaceReads: number };

export type GuestSpaceRead =
  | { readonly kind: 'walk'; readonly reason: 'never-built' | 'stale' | 'many-changes' }
  /** Read only these spaces (possibly none); the rest of each guest's spaces comes from its entry. */
  | { readonly kind: 'spaces'; readonly spaceKeys: readonly string[] };

export interface GuestSpaceCacheState {
  readonly builtAt: number | null;
  readonly entries: ReadonlyMap<string, GuestSpaceEntry>;
  readonly changes: readonly SpacePermissionChange[];
}

/** The entry when it can be trusted up to the changes since its observation; null otherwise. */
export const usableEntry = (
  entry: GuestSpaceEntry | undefined,
  builtAt: number | null,
): GuestSpaceEntry | null =>
  entry === undefined || builtAt === null || entry.observedAt < builtAt ? null : entry;

/**
 * Changed spaces, the latest change first (ties by key), each once. A guest has one space at a time and the
 * read stops once every guest of the batch has one, so the space that changed last, usually the one a new
 * guest was just assigned to, is read first; the answer does not depend on the order.
 */
const latestFirst = (changes: readonly SpacePermissionChange[]): string[] => {
  const at = new Map<string, number>();
  for (const c of changes) at.set(c.spaceKey, Math.max(at.get(c.spaceKey) ?? c.at, c.at));
  return [...at.entries()].sort(([ka, ta], [kb, tb]) => tb - ta || byString(ka, kb)).map(([k]) => k);
};

/** Which spaces to read live for these accounts' guest spaces, in the order to read them. */
export const planGuestSpaceRead = (
  accountIds: readonly string[],
  state: GuestSpaceCacheState,
  now: number,
  limits: GuestSpaceCacheLimits = GUEST_SPACE_CACHE,
): GuestSpaceRead => {
  const { builtAt } = state;
  if (builtAt === null) return { kind: 'walk', reason: 'never-built' };
  if (accountIds.length === 0) return { kind: 'spaces', spaceKeys: [] };
  const since = Math.min(
    ...accountIds.map((id) => usableEntry(state.entries.get(id), builtAt)?.observedAt ?? builtAt),
  );
  if (now - since > limits.freshForMs) return { kind: 'walk', reason: 'stale' };
  const spaceKeys = latestFirst(state.changes.filter((c) => c.at >= since));
  return spaceKeys.length > limits.maxSpaceReads
    ? { kind: 'walk', reason: 'many-changes' }
    : { kind: 'spaces', spaceKeys };
};

/**
 * A guest's spaces: what the live read found, plus (when only changed spaces were read) the entry's spaces
 * outside them.
 */
export const guestSpaceKeysOf = (
  accountId: string,
  state: GuestSpaceCacheState,
  read: GuestSpaceRead,
  live: readonly string[],
): string[] => {
  if (read.kind === 'walk') return sortedUnique(live);
  const cached = usableEntry(state.entries.get(accountId), state.builtAt)?.spaceKeys ?? [];
  return sortedUnique([...cached.filter((k) => !read.spaceKeys.includes(k)), ...live]);
};

/**
 * A space's permissions changed (the permissions event, or its refresh job): guests' entries observed before
 * `at` are read again in that space before use.
 */
export const noteSpacePermissionsChanged = (
  deps: { readonly guestSpaces: GuestSpaceCache },
  change: SpacePermissionChange,
): Promise<void> => deps.guestSpaces.noteChange(change);
