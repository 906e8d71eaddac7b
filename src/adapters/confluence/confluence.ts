/**
 * The {@link Confluence} port. Guest facts: `isExternalCollaborator` from v2 `users-bulk` (portal-only
 * customers are not Confluence users and are left out); for guests only (where GUEST_ALSO_USER matters) the
 * licensed role is read from v1 group memberships (`confluence-users-*`) and the assigned space from the v2
 * permission assignments of the site's spaces (guests look like users there), or of the named spaces only
 * (`onlySpaceKeys`). Non-guests report
 * `hasUserRole: false` and no guest space: reading them would cost a call per account.
 * KB flags come from v1 `getSpace?expand=permissions` (v2 does not show JSM unlicensed access).
 */
import type { Space } from '../../core/model/site';
import type { Confluence, ConfluenceUserFacts } from '../../core/ports/confluence';
import { chunks, confluenceV1Next, confluenceV2Cursor } from '../http/pagination';
import type { RestClient } from '../http/request';
import { getSpace, getSpacePermissionsAssignments, getSpaces } from './spaces';
import { createBulkUserLookup, getGroupMembershipsForUser, USERS_BULK_MAX } from './users';
import { isSpaceAdmin } from './authorisation';

export interface ConfluenceAdapterDeps {
  readonly client: RestClient;
  /** A client acting as the given account (space-admin checks answer for their caller). */
  readonly clientAs: (accountId: string) => RestClient;
}

const LICENSED_GROUP_PREFIX = 'confluence-users-';

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
  // spaces' permission assignments stops once every guest asked about has its space.
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
      for (const key of [...ids.keys()].sort()) {
        const known = ids.get(key) as { id: string };
        if (await readSpace({ id: known.id, key })) return out;
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
      const facts: ConfluenceUserFacts[] = [];
      for (const u of users)
        facts.push({
          accountId: u.accountId,
          isGuest: u.isGuest,
          hasUserRole: u.isGuest ? await holdsUserRole(u.accountId) : false,
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
        const space = await getSpace(client, key);
        const reads = (space.permissions ?? []).filter(
          (p) => p.operation.operation === 'read' && p.operation.targetType === 'space',
        );
        out.push({
          id: known.id,
          key: space.key,
          name: space.name,
          anonymousRead: reads.some((p) => p.anonymousAccess),
          unlicensedRead: reads.some((p) => p.unlicensedAccess),
        });
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
