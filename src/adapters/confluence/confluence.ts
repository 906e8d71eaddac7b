/**
 * The {@link Confluence} port. Guest facts: `isExternalCollaborator` from v2 `users-bulk` (portal-only
 * customers are not Confluence users and are left out); for guests only (where GUEST_ALSO_USER matters) the
 * licensed role (membership of a `confluence-users-*` group) and the assigned space from the v2 permission
 * assignments of the site's spaces (guests look like users there), or of the named spaces only
 * (`onlySpaceKeys`). The licensed role is read whichever way costs fewer points for the batch: the licensed
 * groups' member lists once (Jira group picker + `group/member`, inactive users included) when they are
 * smaller than the per-guest reads would be, else each guest's v1 group memberships. Both read the same
 * memberships. Non-guests report `hasUserRole: false` and no guest space: reading them would cost a call
 * per account.
 * KB flags come from the v2 permission assignments' role principals (spaces.ts; v1 getSpace is removed, 410).
 */
import type { Space } from '../../core/model/site';
import type { Confluence, ConfluenceUserFacts } from '../../core/ports/confluence';
import { findGroups, GROUP_MEMBER_MAX, getUsersFromGroup, groupMemberTotal } from '../jira/groups';
import { chunks, confluenceV1Next, confluenceV2Cursor, jiraNext } from '../http/pagination';
import type { RestClient } from '../http/request';
import { ANONYMOUS_ROLE_ID, getSpacePermissionsAssignments, getSpaces } from './spaces';
import { createBulkUserLookup, getGroupMembershipsForUser, USERS_BULK_MAX } from './users';
import { isSpaceAdmin } from './authorisation';

export interface ConfluenceAdapterDeps {
  readonly client: RestClient;
  /** A client acting as the given account (space-admin checks answer for their caller). */
  readonly clientAs: (accountId: string) => RestClient;
}

const LICENSED_GROUP_PREFIX = 'confluence-users-';
/** Group picker page: the licensed groups are listed only when the picker shows all of them. */
const LICENSED_PICKER_MAX = 50;
/**
 * Below this many guests the per-guest reads are kept without probing the licensed groups (the probe, a
 * picker call and one total per group, costs about what a few guests' reads do).
 */
export const LICENSED_LIST_MIN_GUESTS = 10;
/** The least one guest's v1 memberships read costs: the base point and its guest group (2). */
const MEMBEROF_MIN_POINTS = 3;

/** Points to list `n` members at the Jira page size (base per page + 2 per member). */
const listPoints = (n: number): number => Math.max(1, Math.ceil(n / GROUP_MEMBER_MAX)) + 2 * n;

export function createConfluenceAdapter(deps: ConfluenceAdapterDeps): Confluence {
  const { client } = deps;

  const spaceIdsByKey = async (
    keys: readonly string[],
  ): Promise<Map<string, { id: string; name: string }>> => {
    const out = new Map<string, { id: string; name: string }>();
    for (const batch of chunks([...new Set(keys)], 250)) {
      let cursor: string | null = null;
      do {
        const { page, nextLink } = await getSpaces(client, { keys: batch }, cursor);
        for (const s of page.results) out.set(s.key, { id: s.id, name: s.name ?? s.key });
        cursor = confluenceV2Cursor(nextLink);
      } while (cursor !== null);
    }
    return out;
  };

  // A guest "can only have access to one space at a time" (atlassian-identity.md §1.5): the walk over the
  // spaces' permission assignments stops once every guest asked about has its space. `onlySpaceKeys`
  // limits the walk to those spaces (the core's guest → space cache names the ones that changed).
  const guestSpaces = async (
    guestIds: ReadonlySet<string>,
    onlySpaceKeys: readonly string[] | undefined,
  ): Promise<Map<string, string[]>> => {
    const out = new Map<string, string[]>();
    const allFound = (): boolean => out.size >= guestIds.size;
    /** Reads one space's assignments; true when every guest has its space. */
    const readSpace = async (space: { id: string; key: string }): Promise<boolean> => {
      let cursor: string | null = null;
      do {
        const assignments = await getSpacePermissionsAssignments(client, space.id, cursor);
        for (const a of assignments.page.results) {
          if (a.principal.type !== 'user' || !guestIds.has(a.principal.id)) continue;
          if (a.operation.key !== 'read' || a.operation.targetType !== 'space') continue;
          const keys = out.get(a.principal.id) ?? [];
          if (!keys.includes(space.key)) keys.push(space.key);
          out.set(a.principal.id, keys);
        }
        cursor = allFound() ? null : confluenceV2Cursor(assignments.nextLink);
      } while (cursor !== null);
      return allFound();
    };
    if (onlySpaceKeys !== undefined) {
      if (onlySpaceKeys.length === 0) return out;
      const ids = await spaceIdsByKey(onlySpaceKeys);
      // In the caller's order (the core names the latest-changed space first): the walk stops at the space
      // that holds the last guest, so the order changes the cost only.
      for (const key of new Set(onlySpaceKeys)) {
        const known = ids.get(key);
        if (known !== undefined && (await readSpace({ id: known.id, key }))) return out;
      }
      return out;
    }
    let spacesCursor: string | null = null;
    do {
      const { page, nextLink } = await getSpaces(client, {}, spacesCursor);
      for (const space of page.results) if (await readSpace(space)) return out;
      spacesCursor = confluenceV2Cursor(nextLink);
    } while (spacesCursor !== null);
    return out;
  };

  /**
   * Members of every `confluence-users-*` group, when listing them costs fewer points than reading each of
   * `guestCount` guests' memberships would at the least; null when the per-guest reads are cheaper or the
   * licensed groups cannot all be listed (picker truncated, a group without id).
   */
  const licensedMembersIfCheaper = async (guestCount: number): Promise<ReadonlySet<string> | null> => {
    if (guestCount < LICENSED_LIST_MIN_GUESTS) return null;
    const found = await findGroups(client, LICENSED_GROUP_PREFIX, LICENSED_PICKER_MAX);
    const complete =
      found.total !== undefined
        ? found.total <= found.groups.length
        : found.groups.length < LICENSED_PICKER_MAX;
    if (!complete) return null;
    const ids: string[] = [];
    for (const g of found.groups) {
      if (!g.name.startsWith(LICENSED_GROUP_PREFIX)) continue;
      if (typeof g.groupId !== 'string') return null;
      ids.push(g.groupId);
    }
    let cost = 0;
    for (const id of ids) cost += listPoints(await groupMemberTotal(client, id));
    if (cost >= guestCount * MEMBEROF_MIN_POINTS) return null;
    const members = new Set<string>();
    for (const id of ids) {
      let startAt = 0;
      for (;;) {
        const page = await getUsersFromGroup(client, id, startAt, GROUP_MEMBER_MAX);
        for (const u of page.values) members.add(u.accountId);
        const next = jiraNext(startAt, page.values.length, GROUP_MEMBER_MAX, page);
        if (next === null) break;
        startAt = Number(next);
      }
    }
    return members;
  };

  const holdsUserRole = async (accountId: string): Promise<boolean> => {
    let start = 0;
    for (;;) {
      const page = await getGroupMembershipsForUser(client, accountId, start);
      if (page.results.some((g) => g.name.startsWith(LICENSED_GROUP_PREFIX))) return true;
      const next = confluenceV1Next(start, page.results.length, page);
      if (next === null) return false;
      start = Number(next);
    }
  };

  return {
    async usersFacts(accountIds, options) {
      const users: { accountId: string; isGuest: boolean }[] = [];
      for (const batch of chunks([...new Set(accountIds)], USERS_BULK_MAX)) {
        const found = await createBulkUserLookup(client, batch);
        for (const u of found.results)
          if (u.accountType !== 'customer')
            users.push({ accountId: u.accountId, isGuest: u.isExternalCollaborator === true });
      }
      const guests = new Set(users.filter((u) => u.isGuest).map((u) => u.accountId));
      const spaces =
        guests.size > 0 ? await guestSpaces(guests, options?.onlySpaceKeys) : new Map<string, string[]>();
      const licensed = await licensedMembersIfCheaper(guests.size);
      const facts: ConfluenceUserFacts[] = [];
      for (const u of users)
        facts.push({
          accountId: u.accountId,
          isGuest: u.isGuest,
          hasUserRole: !u.isGuest
            ? false
            : licensed !== null
              ? licensed.has(u.accountId)
              : await holdsUserRole(u.accountId),
          guestSpaceKeys: [...(spaces.get(u.accountId) ?? [])].sort(),
        });
      return facts;
    },

    async spacesWithKbAccess(spaceKeys): Promise<Space[]> {
      const ids = await spaceIdsByKey(spaceKeys);
      const out: Space[] = [];
      for (const key of spaceKeys) {
        const known = ids.get(key);
        if (known === undefined) continue;
        let anonymousRead = false;
        let unlicensedRead = false;
        let cursor: string | null = null;
        do {
          const { page, nextLink } = await getSpacePermissionsAssignments(client, known.id, cursor);
          for (const a of page.results) {
            if (a.principal.type !== 'role') continue;
            if (a.operation.key !== 'read' || a.operation.targetType !== 'space') continue;
            if (a.principal.id === ANONYMOUS_ROLE_ID) anonymousRead = true;
            else unlicensedRead = true;
          }
          cursor = confluenceV2Cursor(nextLink);
        } while (cursor !== null);
        out.push({ id: known.id, key, name: known.name, anonymousRead, unlicensedRead });
      }
      return out;
    },

    async isSpaceAdmin(spaceKey, accountId) {
      const known = (await spaceIdsByKey([spaceKey])).get(spaceKey);
      if (known === undefined) return false;
      return isSpaceAdmin(deps.clientAs(accountId), known.id);
    },
  };
}
