/**
 * The {@link Directory} port over the Jira platform user and group operations. Raw JSON stops here: every
 * answer is mapped to {@link DirectoryProfile}s, ids and counts. Reads run as the client's caller; emails
 * are read with a separate app client (`/user/email/bulk` is asApp-only for Forge). Closed accounts look
 * like inactive ones in Jira (`active: false`), so inactive profiles are confirmed with Confluence v2
 * `users-bulk` (`accountStatus`), one cheap POST per 250.
 */
import type { AccountKind, AccountStatus } from '../../core/model/account';
import { toEmailKey } from '../../core/model/email-key';
import type { Directory, DirectoryProfile, Page, PageRequest } from '../../core/ports/directory';
import { UpstreamError } from '../../core/ports/errors';
import { createBulkUserLookup, USERS_BULK_MAX } from '../confluence/users';
import { chunks, jiraNext, offsetOf } from '../http/pagination';
import { httpStatusOf, type RestClient } from '../http/request';
import { addUserToGroup, bulkGetGroups, getUsersFromGroup, removeUserFromGroup } from './groups';
import {
  bulkGetUsers,
  EMAIL_BULK_MAX,
  findUsers,
  FIND_USERS_MAX,
  getUserEmailBulk,
  getUserGroups,
  USER_BULK_MAX,
} from './users';

export interface JiraDirectoryDeps {
  /** Reads and writes run as this client's caller. */
  readonly client: RestClient;
  /** The app's client, for the email lookup (asApp only). */
  readonly appClient: RestClient;
}

const sameEmailKey = (a: string | undefined, b: string): boolean => {
  if (a === undefined) return false;
  const key = toEmailKey(a);
  return key !== null && key === toEmailKey(b);
};

/** `findUsers` only ever returns the first 1000 matches. */
const FIND_USERS_WINDOW = 1000;

export function createJiraDirectory(deps: JiraDirectoryDeps): Directory {
  const { client, appClient } = deps;

  const closedAmong = async (accountIds: readonly string[]): Promise<Map<string, AccountStatus>> => {
    const statuses = new Map<string, AccountStatus>();
    for (const batch of chunks(accountIds, USERS_BULK_MAX)) {
      const found = await createBulkUserLookup(client, batch);
      for (const user of found.results)
        if (user.accountStatus === 'closed' || user.accountStatus === 'inactive')
          statuses.set(user.accountId, user.accountStatus);
    }
    return statuses;
  };

  const directory: Directory = {
    async accountsByIds(accountIds) {
      const ids = [...new Set(accountIds)];
      const raw: {
        accountId: string;
        kind: AccountKind;
        active: boolean;
        displayName: string;
        email: string | null;
      }[] = [];
      for (const batch of chunks(ids, USER_BULK_MAX)) {
        let startAt = 0;
        for (;;) {
          const page = await bulkGetUsers(client, batch, startAt);
          for (const user of page.values)
            raw.push({
              accountId: user.accountId,
              kind: user.accountType,
              active: user.active !== false,
              displayName: user.displayName ?? '',
              email: user.emailAddress ?? null,
            });
          const next = jiraNext(startAt, page.values.length, USER_BULK_MAX, page);
          if (next === null) break;
          startAt = Number(next);
        }
      }
      const inactive = raw.filter((r) => !r.active).map((r) => r.accountId);
      const statuses = inactive.length > 0 ? await closedAmong(inactive) : new Map<string, AccountStatus>();
      return raw.map((r): DirectoryProfile => ({
        accountId: r.accountId,
        kind: r.kind,
        status: r.active ? 'active' : (statuses.get(r.accountId) ?? 'inactive'),
        displayName: r.displayName,
        visibleEmail: r.email,
      }));
    },

    async emailsByIds(accountIds) {
      const ids = [...new Set(accountIds)];
      const out = new Map<string, string | null>();
      for (const batch of chunks(ids, EMAIL_BULK_MAX)) {
        const found = await getUserEmailBulk(appClient, batch);
        const byId = new Map(found.map((f) => [f.accountId, f.email ?? null]));
        for (const id of batch) if (byId.has(id)) out.set(id, byId.get(id) ?? null);
      }
      return out;
    },

    async accountIdsForEmail(email) {
      const matches = new Set<string>();
      for (let startAt = 0; startAt < FIND_USERS_WINDOW; startAt += FIND_USERS_MAX) {
        const users = await findUsers(client, email.trim(), startAt);
        for (const user of users) if (sameEmailKey(user.emailAddress, email)) matches.add(user.accountId);
        if (users.length < FIND_USERS_MAX) break;
      }
      return [...matches].sort();
    },

    async groupsOfAccount(accountId) {
      const groups = await getUserGroups(client, accountId);
      return groups
        .map((g) => g.groupId)
        .filter((id): id is string => typeof id === 'string')
        .sort();
    },

    async membersOfGroup(groupId: string, request: PageRequest): Promise<Page<string>> {
      const startAt = offsetOf(request.cursor, 'getUsersFromGroup');
      const page = await getUsersFromGroup(client, groupId, startAt, request.limit);
      const asked = Math.min(Math.max(1, request.limit), 50);
      return {
        items: page.values.map((u) => u.accountId),
        nextCursor: jiraNext(startAt, page.values.length, asked, page),
      };
    },

    async memberCount(groupId) {
      const page = await getUsersFromGroup(client, groupId, 0, 1);
      if (page.total === undefined)
        throw new UpstreamError({
          code: 'UPSTREAM.UNEXPECTED_RESPONSE',
          message: 'getUsersFromGroup: no total in the page',
          operation: 'getUsersFromGroup',
        });
      return page.total;
    },

    async addMember(groupId, accountId) {
      try {
        await addUserToGroup(client, groupId, accountId);
      } catch (e) {
        // 400 "already a member" is success (the port is idempotent); any other 400 stays an error.
        if (httpStatusOf(e) !== 400 || !(await directory.groupsOfAccount(accountId)).includes(groupId))
          throw e;
      }
    },

    async removeMember(groupId, accountId) {
      try {
        await removeUserFromGroup(client, groupId, accountId);
      } catch (e) {
        // 404 is "not a member" (success) unless the group itself is unknown.
        if (httpStatusOf(e) !== 404) throw e;
        const known = await bulkGetGroups(client, { groupIds: [groupId] });
        if (!known.values.some((g) => g.groupId === groupId)) throw e;
      }
    },
  };
  return directory;
}
