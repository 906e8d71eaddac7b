/**
 * Confluence v1 (confluence.v1.json, 2021 copy) and v2 (confluence.v2.json) operations, keyed by operationId.
 * atlassian-identity.md §4.4–4.5. v1 operations Atlassian has removed (getSpace, …) are in removed.ts (410).
 */
import { fail, type OpContext, type OperationHandler, type OpResult } from '../operation-types';
import { confluenceV1Group, confluenceV1User, confluenceV2Space, confluenceV2User } from '../representations';
import type { AccountRecord, GroupRecord, SiteState, SpaceRecord } from '../state';
import { CONFLUENCE_V1_CUSTOMER_IS_NOT_FOUND, CONFLUENCE_V2_UNLICENSED_ROLE_ID, MAX_PAGE } from '../verify';
import {
  canUseConfluence,
  clamp,
  confluenceV1Page,
  confluenceV2Page,
  decodeCursor,
  isSiteAdminCaller,
} from './common';

const actorOf = (ctx: OpContext) => ({
  source: `rest:${ctx.operationId}`,
  caller: ctx.caller.type === 'app' ? `app:${ctx.caller.appId}` : `user:${ctx.caller.accountId}`,
  accountId: ctx.caller.type === 'user' ? ctx.caller.accountId : undefined,
});

const v1Paging = (ctx: OpContext) => ({
  start: Math.max(0, ctx.query.int('start', 0)),
  limit: clamp(ctx.query.int('limit', 200), 0, MAX_PAGE.confluenceV1),
});

function v1Account(ctx: OpContext): AccountRecord | OpResult {
  const accountId = ctx.query.str('accountId');
  if (accountId === undefined) return fail(ctx, 400, 'An accountId is required.');
  const account = ctx.site.state.accounts.get(accountId);
  if (!account || (CONFLUENCE_V1_CUSTOMER_IS_NOT_FOUND && account.accountType === 'customer'))
    return fail(ctx, 404, `No user found with accountId ${accountId}`);
  return account;
}

const isResult = (value: unknown): value is OpResult =>
  typeof value === 'object' &&
  value !== null &&
  'status' in value &&
  typeof (value as OpResult).status === 'number';

const notAllowed = (ctx: OpContext) =>
  fail(ctx, 403, 'The calling user does not have permission to use Confluence.');

const SPACE_CREATED = '2024-01-15T09:00:00.000Z';

function spaceAuthor(state: SiteState, space: SpaceRecord): string {
  return [...space.admins][0] ?? state.appAccountId;
}

/**
 * v2 permission assignments; anonymous read is principal role ANONYMOUS (observed in public code), JSM
 * unlicensed access ("All logged-in users") a role principal named by CONFLUENCE_V2_UNLICENSED_ROLE_ID (VERIFY).
 */
function v2Assignments(state: SiteState, space: SpaceRecord) {
  const out: {
    id: string;
    principal: { type: 'user' | 'group' | 'role'; id: string };
    operation: { key: string; targetType: string };
  }[] = [];
  let n = Number(space.id) * 1000;
  const add = (type: 'user' | 'group' | 'role', principalId: string, key: string, targetType: string) => {
    n += 1;
    out.push({ id: String(n), principal: { type, id: principalId }, operation: { key, targetType } });
  };
  for (const groupId of space.readGroups)
    if (state.groups.has(groupId)) add('group', groupId, 'read', 'space');
  for (const accountId of space.admins) {
    add('user', accountId, 'read', 'space');
    add('user', accountId, 'administer', 'space');
  }
  // Guests get read space, create page/comment/attachment by default (CONFCLOUD-74916 comment), and look like users.
  for (const accountId of space.guests) {
    add('user', accountId, 'read', 'space');
    add('user', accountId, 'create', 'page');
    add('user', accountId, 'create', 'comment');
    add('user', accountId, 'create', 'attachment');
  }
  if (space.anonymousRead) add('role', 'ANONYMOUS', 'read', 'space');
  if (space.unlicensedRead) add('role', CONFLUENCE_V2_UNLICENSED_ROLE_ID, 'read', 'space');
  return out;
}

function operationsFor(state: SiteState, space: SpaceRecord, accountId: string, isApp: boolean) {
  const ops: { operation: string; targetType: string }[] = [];
  const admin = space.admins.has(accountId);
  const guest = space.guests.has(accountId);
  const groupRead = [...space.readGroups].some((groupId) =>
    state.groups.get(groupId)?.members.has(accountId),
  );
  if (isApp || admin || guest || groupRead || space.anonymousRead)
    ops.push({ operation: 'read', targetType: 'space' });
  if (admin || guest || groupRead) {
    ops.push(
      { operation: 'create', targetType: 'page' },
      { operation: 'create', targetType: 'comment' },
      { operation: 'create', targetType: 'attachment' },
    );
  }
  if (admin)
    ops.push({ operation: 'administer', targetType: 'space' }, { operation: 'export', targetType: 'space' });
  return ops;
}

function v2Space(ctx: OpContext, space: SpaceRecord) {
  return confluenceV2Space(space, SPACE_CREATED, spaceAuthor(ctx.site.state, space));
}

function v2Limit(ctx: OpContext): number {
  return clamp(ctx.query.int('limit', 25), 1, MAX_PAGE.confluenceV2);
}

function groupById(ctx: OpContext, groupId: string | undefined): GroupRecord | OpResult {
  const group = groupId !== undefined ? ctx.site.state.groups.get(groupId) : undefined;
  if (!group) return fail(ctx, 404, `No group found with id ${groupId ?? ''}`);
  return group;
}

export const confluenceV1Operations: Record<string, OperationHandler> = {
  getUser(ctx) {
    if (!canUseConfluence(ctx.site.state, ctx.caller)) return notAllowed(ctx);
    const account = v1Account(ctx);
    if (isResult(account)) return account;
    const expand = new Set(ctx.query.list('expand', true));
    return {
      status: 200,
      body: confluenceV1User(ctx.site.baseUrl(), account, expand.has('isExternalCollaborator')),
      objectCount: 1,
    };
  },

  getGroupMembershipsForUser(ctx) {
    if (!canUseConfluence(ctx.site.state, ctx.caller)) return notAllowed(ctx);
    const account = v1Account(ctx);
    if (isResult(account)) return account;
    const { start, limit } = v1Paging(ctx);
    const groups = ctx.site.state
      .groupsOf(account.accountId)
      .map((group) => confluenceV1Group(ctx.site.baseUrl(), group));
    const page = confluenceV1Page(ctx, groups, start, limit);
    return { status: 200, body: page, objectCount: page.results.length };
  },

  getGroups(ctx) {
    if (!canUseConfluence(ctx.site.state, ctx.caller)) return notAllowed(ctx);
    const names = ctx.site.state.groupNames;
    const accessType = ctx.query.str('accessType');
    const byAccess: Record<string, string[]> = {
      'site-admin': [names.siteAdmins],
      admin: [names.siteAdmins],
      user: [names.confluenceUsers],
    };
    const groups = [...ctx.site.state.groups.values()]
      .filter((group) => accessType === undefined || (byAccess[accessType] ?? []).includes(group.name))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((group) => confluenceV1Group(ctx.site.baseUrl(), group));
    const { start, limit } = v1Paging(ctx);
    const page = confluenceV1Page(ctx, groups, start, limit);
    return { status: 200, body: page, objectCount: page.results.length };
  },

  getGroupByQueryParam(ctx) {
    if (!canUseConfluence(ctx.site.state, ctx.caller)) return notAllowed(ctx);
    const group = ctx.site.state.groupByName(ctx.query.str('name') ?? '');
    if (!group) return fail(ctx, 404, `No group found with name ${ctx.query.str('name') ?? ''}`);
    return { status: 200, body: confluenceV1Group(ctx.site.baseUrl(), group), objectCount: 1 };
  },

  getGroupMembersByGroupId(ctx) {
    if (!canUseConfluence(ctx.site.state, ctx.caller)) return notAllowed(ctx);
    const group = groupById(ctx, ctx.params.groupId);
    if (isResult(group)) return group;
    // `expand=isExternalCollaborator` is not declared on this operation in the 2021 spec, but Atlassian's own
    // guest script relies on it (CONFCLOUD-74916), so it is honoured.
    const expandGuest = ctx.query.list('expand', true).includes('isExternalCollaborator');
    const members = [...group.members]
      .map((id) => ctx.site.state.accounts.get(id))
      .filter((account): account is AccountRecord => account !== undefined)
      .sort((a, b) => a.ordinal - b.ordinal)
      .map((account) => confluenceV1User(ctx.site.baseUrl(), account, expandGuest));
    const { start, limit } = v1Paging(ctx);
    const page = confluenceV1Page(ctx, members, start, limit);
    return { status: 200, body: page, objectCount: page.results.length };
  },

  addUserToGroupByGroupId(ctx) {
    const group = groupById(ctx, ctx.query.str('groupId'));
    if (isResult(group)) return group;
    if (!isSiteAdminCaller(ctx.site.state, ctx.caller))
      return fail(ctx, 403, 'User must be a site admin to add users to groups.');
    const accountId = (ctx.body as { accountId?: unknown } | undefined)?.accountId;
    if (typeof accountId !== 'string') return fail(ctx, 400, 'An accountId is required.');
    ctx.site.mutations.addToGroup(group.groupId, accountId, actorOf(ctx));
    return { status: 201, objectCount: 0 };
  },

  removeMemberFromGroupByGroupId(ctx) {
    const group = groupById(ctx, ctx.query.str('groupId'));
    if (isResult(group)) return group;
    if (!isSiteAdminCaller(ctx.site.state, ctx.caller))
      return fail(ctx, 403, 'User must be a site admin to remove users from groups.');
    const accountId = ctx.query.str('accountId');
    if (accountId === undefined) return fail(ctx, 400, 'An accountId is required.');
    ctx.site.mutations.removeFromGroup(group.groupId, accountId, actorOf(ctx));
    return { status: 204, objectCount: 0 };
  },
};

export const confluenceV2Operations: Record<string, OperationHandler> = {
  getSpaces(ctx) {
    if (!canUseConfluence(ctx.site.state, ctx.caller)) return notAllowed(ctx);
    const offset = decodeCursor(ctx.query.str('cursor'));
    if (offset === undefined) return fail(ctx, 400, 'Invalid cursor.');
    const ids = new Set(ctx.query.list('ids', true));
    const keys = new Set(ctx.query.list('keys', true));
    const type = ctx.query.str('type');
    const status = ctx.query.str('status');
    const spaces = [...ctx.site.state.spaces.values()]
      .filter((space) => ids.size === 0 || ids.has(space.id))
      .filter((space) => keys.size === 0 || keys.has(space.key))
      .filter(() => type === undefined || type === 'global')
      .filter(() => status === undefined || status === 'current')
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((space) => v2Space(ctx, space));
    const page = confluenceV2Page(ctx, spaces, offset, v2Limit(ctx));
    return {
      status: 200,
      body: page.body,
      headers: page.headers,
      objectCount: page.body.results.length,
      objectClass: 'core',
    };
  },

  getSpaceById(ctx) {
    if (!canUseConfluence(ctx.site.state, ctx.caller)) return notAllowed(ctx);
    const space = ctx.site.state.spaces.get(ctx.params.id ?? '');
    if (!space) return fail(ctx, 404, `Space ${ctx.params.id ?? ''} not found.`);
    const body: Record<string, unknown> = { ...v2Space(ctx, space) };
    let count = 0;
    if (ctx.query.bool('include-permissions', false)) {
      const all = v2Assignments(ctx.site.state, space);
      const shown = all.slice(0, 50);
      count += shown.length;
      body.permissions = {
        results: shown,
        meta: {
          hasMore: all.length > shown.length,
          ...(all.length > shown.length ? { cursor: Buffer.from('offset:50').toString('base64url') } : {}),
        },
        _links: { self: `/wiki/api/v2/spaces/${space.id}/permissions` },
      };
    }
    if (ctx.query.bool('include-operations', false)) {
      const ops = operationsFor(ctx.site.state, space, ctx.caller.accountId, ctx.caller.type === 'app');
      body.operations = {
        results: ops,
        meta: { hasMore: false },
        _links: { self: `/wiki/api/v2/spaces/${space.id}/operations` },
      };
    }
    body._links = { ...(body._links as object), base: `${ctx.site.baseUrl()}/wiki` };
    return { status: 200, body, objectCount: 1 + count, objectClass: count > 0 ? 'identity' : 'core' };
  },

  getSpacePermissionsAssignments(ctx) {
    if (!canUseConfluence(ctx.site.state, ctx.caller)) return notAllowed(ctx);
    const space = ctx.site.state.spaces.get(ctx.params.id ?? '');
    if (!space) return fail(ctx, 404, `Space ${ctx.params.id ?? ''} not found.`);
    const offset = decodeCursor(ctx.query.str('cursor'));
    if (offset === undefined) return fail(ctx, 400, 'Invalid cursor.');
    const page = confluenceV2Page(ctx, v2Assignments(ctx.site.state, space), offset, v2Limit(ctx));
    return { status: 200, body: page.body, headers: page.headers, objectCount: page.body.results.length };
  },

  getSpaceOperations(ctx) {
    if (!canUseConfluence(ctx.site.state, ctx.caller)) return notAllowed(ctx);
    const space = ctx.site.state.spaces.get(ctx.params.id ?? '');
    if (!space) return fail(ctx, 404, `Space ${ctx.params.id ?? ''} not found.`);
    const operations = operationsFor(ctx.site.state, space, ctx.caller.accountId, ctx.caller.type === 'app');
    return { status: 200, body: { operations }, objectCount: operations.length };
  },

  createBulkUserLookup(ctx) {
    if (!canUseConfluence(ctx.site.state, ctx.caller)) return notAllowed(ctx);
    const ids = ((ctx.body as { accountIds?: string[] }).accountIds ?? []).filter(
      (id) => typeof id === 'string',
    );
    const results = [...new Set(ids)]
      .map((id) => ctx.site.state.accounts.get(id))
      .filter((account): account is AccountRecord => account !== undefined)
      .map((account) => confluenceV2User(account));
    return {
      status: 200,
      body: { results, _links: { base: `${ctx.site.baseUrl()}/wiki` } },
      objectCount: results.length,
    };
  },
};
