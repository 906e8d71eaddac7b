/**
 * Jira platform v3 operations (jira-platform.v3.json), keyed by operationId. atlassian-identity.md §4.1–4.2.
 */
import { fail, type OpContext, type OperationHandler, type OpResult } from '../operation-types';
import { jiraGroupName, jiraUser, jiraUserDetails, visibleEmail } from '../representations';
import type { AccountRecord, GroupRecord } from '../state';
import {
  JIRA_EMAIL_BULK_AS_ARRAY,
  JIRA_USER_BULK_MAX_IDS,
  JIRA_USER_BULK_TOO_MANY_MESSAGE,
  MAX_PAGE,
  SEARCH_MATCHES_HIDDEN_EMAIL,
  USER_SEARCH_INCLUDES_CUSTOMERS,
  USERS_SEARCH_INCLUDES_CUSTOMERS,
} from '../verify';
import { canBrowseUsers, clamp, isSiteAdminCaller, jiraPage, matchesUserQuery } from './common';

const actorOf = (ctx: OpContext) => ({
  source: `rest:${ctx.operationId}`,
  caller: ctx.caller.type === 'app' ? `app:${ctx.caller.appId}` : `user:${ctx.caller.accountId}`,
  accountId: ctx.caller.type === 'user' ? ctx.caller.accountId : undefined,
});

function userExpand(ctx: OpContext) {
  const expand = new Set(ctx.query.list('expand', true));
  return { groups: expand.has('groups'), applicationRoles: expand.has('applicationRoles') };
}

function requireAccount(ctx: OpContext, accountId: string | undefined): AccountRecord | OpResult {
  if (accountId === undefined) return fail(ctx, 400, 'The query parameter accountId is required.');
  const account = ctx.site.state.accounts.get(accountId);
  if (!account)
    return fail(ctx, 404, `Specified user does not exist or you do not have required permissions`);
  return account;
}

const isResult = (value: unknown): value is OpResult =>
  typeof value === 'object' &&
  value !== null &&
  'status' in value &&
  typeof (value as OpResult).status === 'number';

function findGroup(ctx: OpContext): GroupRecord | OpResult {
  const groupId = ctx.query.str('groupId');
  const groupName = ctx.query.str('groupname');
  if (groupId === undefined && groupName === undefined)
    return fail(ctx, 400, 'Either groupId or groupname must be provided.');
  const group =
    groupId !== undefined ? ctx.site.state.groups.get(groupId) : ctx.site.state.groupByName(groupName ?? '');
  if (!group) return fail(ctx, 404, 'Specified group does not exist.');
  return group;
}

/** Ordered "by username" per spec; usernames are gone, so display name then accountId. */
const byName = (a: AccountRecord, b: AccountRecord) =>
  a.displayName.localeCompare(b.displayName) || a.accountId.localeCompare(b.accountId);

const PERMISSIONS: Record<
  string,
  { id: string; name: string; type: 'GLOBAL' | 'PROJECT'; description: string }
> = {
  ADMINISTER: {
    id: '0',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description:
      'Create and administer projects, issue types, fields, workflows, and schemes for all projects.',
  },
  SYSTEM_ADMIN: {
    id: '44',
    name: 'Administer Jira (system)',
    type: 'GLOBAL',
    description: 'Ability to perform all administration functions.',
  },
  USER_PICKER: {
    id: '27',
    name: 'Browse users and groups',
    type: 'GLOBAL',
    description: 'View and select users or groups from the user picker.',
  },
  ADMINISTER_PROJECTS: {
    id: '23',
    name: 'Administer Projects',
    type: 'PROJECT',
    description: 'Ability to administer a project in Jira.',
  },
  BROWSE_PROJECTS: {
    id: '10',
    name: 'Browse Projects',
    type: 'PROJECT',
    description: 'Ability to browse projects and the issues within them.',
  },
  SERVICEDESK_AGENT: {
    id: '10100',
    name: 'Service Project Agent',
    type: 'PROJECT',
    description: 'Allows the user to act as an agent in a service project.',
  },
};

/**
 * Every built-in project permission key: the "Built-in permissions" list of getAllPermissionSchemes'
 * description (jira-platform.v3.json, GET /rest/api/3/permissionscheme), which `mypermissions` must accept (its
 * 400 is only for an empty list or "an invalid key"). Keys without a PERMISSIONS entry are held by desk
 * agents/admins and Jira admins (VERIFY (code): the demo's permission scheme gives them to the service team).
 */
export const BUILT_IN_PROJECT_PERMISSION_KEYS = [
  'ADMINISTER_PROJECTS',
  'EDIT_WORKFLOW',
  'EDIT_ISSUE_LAYOUT',
  'BROWSE_PROJECTS',
  'MANAGE_SPRINTS_PERMISSION',
  'SERVICEDESK_AGENT',
  'VIEW_DEV_TOOLS',
  'VIEW_READONLY_WORKFLOW',
  'ASSIGNABLE_USER',
  'ASSIGN_ISSUES',
  'CLOSE_ISSUES',
  'CREATE_ISSUES',
  'DELETE_ISSUES',
  'EDIT_ISSUES',
  'LINK_ISSUES',
  'MODIFY_REPORTER',
  'MOVE_ISSUES',
  'RESOLVE_ISSUES',
  'SCHEDULE_ISSUES',
  'SET_ISSUE_SECURITY',
  'TRANSITION_ISSUES',
  'MANAGE_WATCHERS',
  'VIEW_VOTERS_AND_WATCHERS',
  'ADD_COMMENTS',
  'DELETE_ALL_COMMENTS',
  'DELETE_OWN_COMMENTS',
  'EDIT_ALL_COMMENTS',
  'EDIT_OWN_COMMENTS',
  'CREATE_ATTACHMENTS',
  'DELETE_ALL_ATTACHMENTS',
  'DELETE_OWN_ATTACHMENTS',
  'DELETE_ALL_WORKLOGS',
  'DELETE_OWN_WORKLOGS',
  'EDIT_ALL_WORKLOGS',
  'EDIT_OWN_WORKLOGS',
  'WORK_ON_ISSUES',
] as const;

/**
 * Global permission keys: those in PERMISSIONS and `BULK_CHANGE` (getAllPermissions' example). Held by Jira
 * admins and agents when not modelled (VERIFY (code)).
 */
const EXTRA_GLOBAL_PERMISSIONS: Record<string, { name?: string; description?: string }> = {
  BULK_CHANGE: {
    name: 'Bulk Change',
    description:
      'Ability to modify a collection of issues at once. For example, resolve multiple issues in one step.',
  },
};

/** Names the spec's examples give for built-in project keys not in PERMISSIONS (getMyPermissions' example). */
const EXTRA_PROJECT_PERMISSION_DETAILS: Record<string, { id?: string; name?: string; description?: string }> =
  {
    EDIT_ISSUES: { id: '12', name: 'Edit Issues', description: 'Ability to edit issues.' },
  };

/** The permission's type, or undefined for a key that is not a built-in permission. */
function permissionType(key: string): 'GLOBAL' | 'PROJECT' | undefined {
  const known = PERMISSIONS[key];
  if (known) return known.type;
  if (EXTRA_GLOBAL_PERMISSIONS[key]) return 'GLOBAL';
  return (BUILT_IN_PROJECT_PERMISSION_KEYS as readonly string[]).includes(key) ? 'PROJECT' : undefined;
}

function hasPermission(
  ctx: OpContext,
  accountId: string,
  key: string,
  projectId: string | undefined,
): boolean {
  const state = ctx.site.state;
  if (!state.isActive(accountId)) return false;
  const desks = [...state.desks.values()].filter(
    (desk) => projectId === undefined || desk.projectId === projectId,
  );
  switch (key) {
    case 'ADMINISTER':
      return state.isJiraAdmin(accountId);
    case 'SYSTEM_ADMIN':
      return state.isSiteAdmin(accountId);
    case 'USER_PICKER':
      return canBrowseUsers(state, { type: 'user', accountId }) || accountId === state.appAccountId;
    case 'ADMINISTER_PROJECTS':
      return state.isJiraAdmin(accountId) || desks.some((desk) => desk.admins.has(accountId));
    case 'SERVICEDESK_AGENT':
      return desks.some((desk) => desk.agents.has(accountId) || desk.admins.has(accountId));
    case 'BROWSE_PROJECTS':
      return (
        accountId === state.appAccountId ||
        state.isJiraAdmin(accountId) ||
        desks.some(
          (desk) => desk.agents.has(accountId) || desk.admins.has(accountId) || desk.customers.has(accountId),
        )
      );
    default:
      if (EXTRA_GLOBAL_PERMISSIONS[key]) return state.isJiraAdmin(accountId) || state.isAgent(accountId);
      if (permissionType(key) === 'PROJECT')
        return (
          state.isJiraAdmin(accountId) ||
          desks.some((desk) => desk.agents.has(accountId) || desk.admins.has(accountId))
        );
      return false;
  }
}

function issueFields(
  ctx: OpContext,
  request: {
    issueId: string;
    issueKey: string;
    deskId: string;
    reporter: string;
    createdAt: string;
    summary: string;
  },
  wanted: Set<string>,
) {
  const state = ctx.site.state;
  const desk = state.desks.get(request.deskId);
  const reporter = state.accounts.get(request.reporter);
  const all = wanted.has('*all') || wanted.has('*navigable');
  const want = (name: string) => all || wanted.has(name);
  const fields: Record<string, unknown> = {};
  if (want('summary')) fields.summary = request.summary;
  if (want('created')) fields.created = request.createdAt.replace('Z', '+0000');
  if (want('reporter')) fields.reporter = reporter ? jiraUserDetails(ctx.site.baseUrl(), reporter) : null;
  if (want('project') && desk)
    fields.project = {
      id: desk.projectId,
      key: desk.projectKey,
      name: desk.projectName,
      projectTypeKey: 'service_desk',
      self: `${ctx.site.baseUrl()}/rest/api/3/project/${desk.projectId}`,
    };
  if (want('issuetype')) fields.issuetype = { id: '10100', name: '[System] Service request', subtask: false };
  return fields;
}

/** The JQL this site understands: `project = X` / `project in (X, Y)` / `reporter = id` / `created >= "…"`, joined by AND, optional ORDER BY created. */
function parseJql(
  jql: string,
): { projects?: string[]; reporter?: string; createdFrom?: string; order: 'ASC' | 'DESC' } | string {
  const [where = '', orderBy] = jql.split(/\s+order\s+by\s+/i);
  let order: 'ASC' | 'DESC' = 'ASC';
  if (orderBy !== undefined) {
    const match = /^created(?:\s+(asc|desc))?\s*$/i.exec(orderBy.trim());
    if (!match) return `ORDER BY ${orderBy} is not supported by the local site (only created).`;
    order = (match[1] ?? 'asc').toUpperCase() as 'ASC' | 'DESC';
  }
  const result: { projects?: string[]; reporter?: string; createdFrom?: string; order: 'ASC' | 'DESC' } = {
    order,
  };
  const clauses = where.trim().length === 0 ? [] : where.split(/\s+and\s+/i);
  for (const clause of clauses) {
    const unquote = (value: string) => value.trim().replace(/^["']|["']$/g, '');
    let match = /^\s*project\s*=\s*(\S+)\s*$/i.exec(clause);
    if (match?.[1] !== undefined) {
      result.projects = [unquote(match[1])];
      continue;
    }
    match = /^\s*project\s+in\s*\(([^)]*)\)\s*$/i.exec(clause);
    if (match?.[1] !== undefined) {
      result.projects = match[1].split(',').map(unquote);
      continue;
    }
    match = /^\s*reporter\s*=\s*(\S+)\s*$/i.exec(clause);
    if (match?.[1] !== undefined) {
      result.reporter = unquote(match[1]);
      continue;
    }
    match = /^\s*created\s*>=\s*(.+)$/i.exec(clause);
    if (match?.[1] !== undefined) {
      result.createdFrom = unquote(match[1]);
      continue;
    }
    return `Error in the JQL Query: the local site does not support the clause '${clause.trim()}'.`;
  }
  if (result.projects === undefined && result.reporter === undefined)
    return 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';
  return result;
}

function searchJql(
  ctx: OpContext,
  input: { jql?: string; nextPageToken?: string; maxResults?: number; fields: string[] },
): OpResult {
  const parsed = parseJql(input.jql ?? '');
  if (typeof parsed === 'string') return fail(ctx, 400, parsed);
  const state = ctx.site.state;
  const deskIds = parsed.projects?.map((project) => state.deskByProject(project)?.id);
  // Anonymous callers see the issues anonymous users may browse: none on this site (no project grants
  // Browse Projects to anyone logged out; VERIFY (code)).
  let requests = state.requests
    .filter(() => ctx.caller.type !== 'anonymous')
    .filter(
      (request) =>
        (deskIds === undefined || deskIds.includes(request.deskId)) &&
        (parsed.reporter === undefined || request.reporter === parsed.reporter) &&
        (parsed.createdFrom === undefined || request.createdAt >= new Date(parsed.createdFrom).toISOString()),
    );
  requests = [...requests].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || Number(a.issueId) - Number(b.issueId),
  );
  if (parsed.order === 'DESC') requests.reverse();
  const wanted = new Set(input.fields.length > 0 ? input.fields : ['id']);
  const idOnly = [...wanted].every((field) => field === 'id' || field === 'key');
  const max = clamp(input.maxResults ?? 50, 1, idOnly ? 5000 : MAX_PAGE.jiraSearchJql);
  let offset = 0;
  if (input.nextPageToken !== undefined) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(input.nextPageToken, 'base64url').toString('utf8'));
    if (!decoded?.[1]) return fail(ctx, 400, 'The provided next page token is invalid or expired.');
    offset = Number(decoded[1]);
  }
  const page = requests.slice(offset, offset + max);
  const isLast = offset + page.length >= requests.length;
  return {
    status: 200,
    body: {
      issues: page.map((request) => ({
        expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
        id: request.issueId,
        key: request.issueKey,
        self: `${ctx.site.baseUrl()}/rest/api/3/issue/${request.issueId}`,
        fields: issueFields(ctx, request, wanted),
      })),
      isLast,
      ...(isLast ? {} : { nextPageToken: Buffer.from(`o${offset + max}`).toString('base64url') }),
    },
    objectCount: page.length,
    objectClass: 'core',
  };
}

export const jiraOperations: Record<string, OperationHandler> = {
  getUser(ctx) {
    const account = requireAccount(ctx, ctx.query.str('accountId'));
    if (isResult(account)) return account;
    if (!canBrowseUsers(ctx.site.state, ctx.caller))
      return fail(ctx, 403, 'You do not have the permission to browse users.');
    return {
      status: 200,
      body: jiraUser(ctx.site.state, ctx.site.baseUrl(), account, userExpand(ctx)),
      objectCount: 1,
    };
  },

  getCurrentUser(ctx) {
    const account = ctx.site.state.accounts.get(ctx.caller.accountId);
    if (!account) return fail(ctx, 401, 'Client must be authenticated to access this resource.');
    return {
      status: 200,
      body: jiraUser(ctx.site.state, ctx.site.baseUrl(), account, userExpand(ctx)),
      objectCount: 1,
    };
  },

  findUsers(ctx) {
    const query = ctx.query.str('query');
    const accountId = ctx.query.str('accountId');
    const property = ctx.query.str('property');
    if (query === undefined && accountId === undefined && property === undefined)
      return fail(ctx, 400, "One of 'query', 'accountId' or 'property' parameters is required.");
    // findUsers' 400: "`query` and `accountId` are provided." (jira-platform.v3.json, GET /rest/api/3/user/search).
    if (query !== undefined && accountId !== undefined)
      return fail(ctx, 400, "The 'query' and 'accountId' parameters cannot be used together.");
    if (property !== undefined)
      return fail(ctx, 400, 'User property search is not supported by the local site.');
    if (!canBrowseUsers(ctx.site.state, ctx.caller)) return { status: 200, body: [], objectCount: 0 };
    const matches = ctx.site.state
      .accountList()
      .filter((account) => account.status === 'active')
      .filter((account) => USER_SEARCH_INCLUDES_CUSTOMERS || account.accountType !== 'customer')
      .filter((account) => accountId === undefined || account.accountId === accountId)
      .filter((account) => {
        if (query === undefined) return true;
        const email = SEARCH_MATCHES_HIDDEN_EMAIL ? (account.email ?? undefined) : visibleEmail(account);
        return matchesUserQuery(query, account.displayName, email);
      })
      .slice(0, MAX_PAGE.jiraUserSearch);
    const startAt = Math.max(0, ctx.query.int('startAt', 0));
    const maxResults = clamp(ctx.query.int('maxResults', 50), 0, MAX_PAGE.jiraUserSearch);
    const page = matches.slice(startAt, startAt + maxResults);
    return {
      status: 200,
      body: page.map((account) => jiraUser(ctx.site.state, ctx.site.baseUrl(), account)),
      objectCount: page.length,
    };
  },

  bulkGetUsers(ctx) {
    const ids = ctx.query.list('accountId');
    if (ids.length === 0) return fail(ctx, 400, 'At least one accountId is required.');
    // The spec's bound on the repeated accountId (verify.ts JIRA_USER_BULK_MAX_IDS).
    if (ids.length > JIRA_USER_BULK_MAX_IDS) return fail(ctx, 400, JIRA_USER_BULK_TOO_MANY_MESSAGE);
    const accounts = ids
      .map((id) => ctx.site.state.accounts.get(id))
      .filter((account): account is AccountRecord => account !== undefined);
    const startAt = Math.max(0, ctx.query.int('startAt', 0));
    // Spec: maxResults defaults to 10 and has no maximum (a page never exceeds the ids asked for).
    const maxResults = Math.max(1, ctx.query.int('maxResults', 10));
    const page = jiraPage(
      ctx,
      accounts.map((account) => jiraUser(ctx.site.state, ctx.site.baseUrl(), account)),
      startAt,
      maxResults,
    );
    return { status: 200, body: page, objectCount: page.values.length };
  },

  getUserGroups(ctx) {
    const account = requireAccount(ctx, ctx.query.str('accountId'));
    if (isResult(account)) return account;
    if (!canBrowseUsers(ctx.site.state, ctx.caller))
      return fail(ctx, 403, 'You do not have the permission to browse users.');
    const groups = ctx.site.state
      .groupsOf(account.accountId)
      .map((group) => jiraGroupName(ctx.site.baseUrl(), group));
    return { status: 200, body: groups, objectCount: groups.length };
  },

  getUserEmail(ctx) {
    if (ctx.caller.type !== 'app')
      return fail(ctx, 401, 'For Forge apps, this API only supports access via asApp() requests.');
    const account = requireAccount(ctx, ctx.query.str('accountId'));
    if (isResult(account)) return account;
    return {
      status: 200,
      body: { accountId: account.accountId, ...(account.email !== null ? { email: account.email } : {}) },
      objectCount: 1,
    };
  },

  getUserEmailBulk(ctx) {
    if (ctx.caller.type !== 'app')
      return fail(ctx, 401, 'For Forge apps, this API only supports access via asApp() requests.');
    const ids = ctx.query.list('accountId');
    if (ids.length === 0) return fail(ctx, 400, 'At least one accountId is required.');
    const records = [...new Set(ids)]
      .map((id) => ctx.site.state.accounts.get(id))
      .filter((account): account is AccountRecord => account !== undefined)
      .map((account) => ({
        accountId: account.accountId,
        ...(account.email !== null ? { email: account.email } : {}),
      }));
    return {
      status: 200,
      body: JIRA_EMAIL_BULK_AS_ARRAY ? records : (records[0] ?? {}),
      objectCount: records.length,
    };
  },

  getAllUsers(ctx) {
    if (!canBrowseUsers(ctx.site.state, ctx.caller))
      return fail(ctx, 403, 'You do not have the permission to browse users.');
    const startAt = Math.max(0, ctx.query.int('startAt', 0));
    const maxResults = clamp(ctx.query.int('maxResults', 50), 0, MAX_PAGE.jiraUsersSearch);
    const all = ctx.site.state
      .accountList()
      .filter((account) => USERS_SEARCH_INCLUDES_CUSTOMERS || account.accountType !== 'customer');
    const page = all.slice(startAt, startAt + maxResults);
    return {
      status: 200,
      body: page.map((account) => jiraUser(ctx.site.state, ctx.site.baseUrl(), account)),
      objectCount: page.length,
    };
  },

  getUsersFromGroup(ctx) {
    const group = findGroup(ctx);
    if (isResult(group)) return group;
    if (!canBrowseUsers(ctx.site.state, ctx.caller))
      return fail(ctx, 403, 'You do not have the permission to browse users and groups.');
    const includeInactive = ctx.query.bool('includeInactiveUsers', false);
    const members = [...group.members]
      .map((id) => ctx.site.state.accounts.get(id))
      .filter((account): account is AccountRecord => account !== undefined)
      .filter((account) => includeInactive || account.status === 'active')
      .sort(byName);
    const startAt = Math.max(0, ctx.query.int('startAt', 0));
    const maxResults = clamp(ctx.query.int('maxResults', 50), 1, MAX_PAGE.jiraGroupMember);
    const page = jiraPage(
      ctx,
      members.map((account) => jiraUserDetails(ctx.site.baseUrl(), account)),
      startAt,
      maxResults,
    );
    return { status: 200, body: page, objectCount: page.values.length };
  },

  addUserToGroup(ctx) {
    const group = findGroup(ctx);
    if (isResult(group)) return group;
    if (!isSiteAdminCaller(ctx.site.state, ctx.caller))
      return fail(
        ctx,
        403,
        'You do not have the permission to add users to groups (site administration required).',
      );
    const accountId = (ctx.body as { accountId?: unknown } | undefined)?.accountId;
    if (typeof accountId !== 'string' || accountId.length === 0)
      return fail(ctx, 400, 'accountId is missing.');
    ctx.site.mutations.addToGroup(group.groupId, accountId, actorOf(ctx));
    return {
      status: 201,
      body: {
        name: group.name,
        groupId: group.groupId,
        self: `${ctx.site.baseUrl()}/rest/api/3/group?groupId=${encodeURIComponent(group.groupId)}`,
        users: { size: group.members.size, items: [], 'max-results': 50, 'start-index': 0, 'end-index': 0 },
        expand: 'users',
      },
      objectCount: 0,
    };
  },

  removeUserFromGroup(ctx) {
    const group = findGroup(ctx);
    if (isResult(group)) return group;
    if (!isSiteAdminCaller(ctx.site.state, ctx.caller))
      return fail(
        ctx,
        403,
        'You do not have the permission to remove users from groups (site administration required).',
      );
    const accountId = ctx.query.str('accountId');
    if (accountId === undefined) return fail(ctx, 400, 'accountId is missing.');
    ctx.site.mutations.removeFromGroup(group.groupId, accountId, actorOf(ctx));
    return { status: 200, objectCount: 0 };
  },

  bulkGetGroups(ctx) {
    if (!canBrowseUsers(ctx.site.state, ctx.caller))
      return fail(ctx, 403, 'You do not have the permission to browse groups.');
    const state = ctx.site.state;
    const ids = new Set(ctx.query.list('groupId'));
    const names = new Set(ctx.query.list('groupName').map((name) => name.toLowerCase()));
    const accessType = ctx.query.str('accessType');
    const applicationKey = ctx.query.str('applicationKey');
    const names_ = state.groupNames;
    const accessGroups: Record<string, string[]> = {
      'site-admin': [names_.siteAdmins],
      admin: [names_.siteAdmins, names_.jiraAdmins],
      user: [names_.agents, names_.confluenceUsers],
    };
    const applicationGroups: Record<string, string[]> = {
      'jira-servicedesk': [names_.agents],
      'jira-servicedesk-customer': [names_.customers],
    };
    const groups = [...state.groups.values()]
      .filter((group) => ids.size === 0 || ids.has(group.groupId))
      .filter((group) => names.size === 0 || names.has(group.name.toLowerCase()))
      .filter((group) => accessType === undefined || (accessGroups[accessType] ?? []).includes(group.name))
      .filter(
        (group) =>
          applicationKey === undefined || (applicationGroups[applicationKey] ?? []).includes(group.name),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    const startAt = Math.max(0, ctx.query.int('startAt', 0));
    const maxResults = clamp(ctx.query.int('maxResults', 50), 1, MAX_PAGE.jiraGroupBulk);
    const page = jiraPage(
      ctx,
      groups.map((group) => ({ name: group.name, groupId: group.groupId })),
      startAt,
      maxResults,
    );
    return { status: 200, body: page, objectCount: page.values.length };
  },

  findGroups(ctx) {
    // "Anonymous calls and calls by users without the required permission return an empty list" (findGroups,
    // jira-platform.v3.json); the permission is Browse users and groups.
    if (!canBrowseUsers(ctx.site.state, ctx.caller))
      return {
        status: 200,
        body: { header: 'Showing 0 of 0 matching groups', total: 0, groups: [] },
        objectCount: 0,
      };
    const query = ctx.query.str('query') ?? '';
    const caseInsensitive = ctx.query.bool('caseInsensitive', false);
    const exclude = new Set(ctx.query.list('exclude'));
    const excludeId = new Set(ctx.query.list('excludeId'));
    const maxResults = Math.max(0, ctx.query.int('maxResults', MAX_PAGE.jiraGroupsPickerDefault));
    const contains = (name: string) =>
      caseInsensitive ? name.toLowerCase().includes(query.toLowerCase()) : name.includes(query);
    const matching = [...ctx.site.state.groups.values()]
      .filter((group) => contains(group.name) && !exclude.has(group.name) && !excludeId.has(group.groupId))
      .sort((a, b) => a.name.localeCompare(b.name));
    const shown = matching.slice(0, maxResults);
    const highlight = (name: string) => {
      if (query.length === 0) return name;
      const at = caseInsensitive ? name.toLowerCase().indexOf(query.toLowerCase()) : name.indexOf(query);
      return at < 0
        ? name
        : `${name.slice(0, at)}<b>${name.slice(at, at + query.length)}</b>${name.slice(at + query.length)}`;
    };
    return {
      status: 200,
      body: {
        header: `Showing ${shown.length} of ${matching.length} matching groups`,
        total: matching.length,
        groups: shown.map((group) => ({
          name: group.name,
          html: highlight(group.name),
          labels: [],
          groupId: group.groupId,
        })),
      },
      objectCount: shown.length,
    };
  },

  getMyPermissions(ctx) {
    const keys = ctx.query.list('permissions', true);
    if (keys.length === 0) return fail(ctx, 400, 'The permissions parameter is required.');
    const unknown = keys.filter((key) => permissionType(key) === undefined);
    if (unknown.length > 0) return fail(ctx, 400, `Unrecognized permission keys: ${unknown.join(', ')}`);
    const projectKey = ctx.query.str('projectKey');
    const projectIdParam = ctx.query.str('projectId');
    let projectId: string | undefined;
    if (projectKey !== undefined || projectIdParam !== undefined) {
      const desk = ctx.site.state.deskByProject(projectIdParam ?? projectKey ?? '');
      if (!desk) return fail(ctx, 404, 'No project could be found with the given key or id.');
      projectId = desk.projectId;
    }
    const permissions: Record<string, unknown> = {};
    for (const key of keys) {
      const type = permissionType(key);
      if (type === undefined) continue;
      const details =
        PERMISSIONS[key] ?? EXTRA_GLOBAL_PERMISSIONS[key] ?? EXTRA_PROJECT_PERMISSION_DETAILS[key] ?? {};
      permissions[key] = {
        ...details,
        key,
        type,
        havePermission: hasPermission(
          ctx,
          ctx.caller.accountId,
          key,
          type === 'PROJECT' ? projectId : undefined,
        ),
      };
    }
    return { status: 200, body: { permissions }, objectCount: keys.length };
  },

  getBulkPermissions(ctx) {
    const body = (ctx.body ?? {}) as {
      accountId?: string;
      globalPermissions?: string[];
      projectPermissions?: { permissions: string[]; projects?: number[]; issues?: number[] }[];
    };
    const state = ctx.site.state;
    let accountId = ctx.caller.accountId;
    if (body.accountId !== undefined && body.accountId !== ctx.caller.accountId) {
      if (ctx.caller.type !== 'app' && !state.isJiraAdmin(ctx.caller.accountId))
        return fail(ctx, 403, 'Only Jira administrators and apps can check the permissions of another user.');
      if (!state.accounts.has(body.accountId))
        return fail(ctx, 400, `The user with account ID '${body.accountId}' does not exist.`);
      accountId = body.accountId;
    }
    const unknown = [
      ...(body.globalPermissions ?? []),
      ...(body.projectPermissions ?? []).flatMap((p) => p.permissions),
    ].filter((key) => permissionType(key) === undefined);
    if (unknown.length > 0) return fail(ctx, 400, `Unrecognized permission keys: ${unknown.join(', ')}`);
    const globalPermissions = (body.globalPermissions ?? []).filter((key) =>
      hasPermission(ctx, accountId, key, undefined),
    );
    const projectPermissions = (body.projectPermissions ?? []).flatMap((entry) =>
      entry.permissions.map((permission) => ({
        permission,
        projects: (entry.projects ?? []).filter((project) => {
          const desk = state.deskByProject(String(project));
          return desk !== undefined && hasPermission(ctx, accountId, permission, desk.projectId);
        }),
        issues: (entry.issues ?? []).filter((issue) => {
          const request = state.requests.find((r) => r.issueId === String(issue));
          const desk = request ? state.desks.get(request.deskId) : undefined;
          return desk !== undefined && hasPermission(ctx, accountId, permission, desk.projectId);
        }),
      })),
    );
    return {
      status: 200,
      body: { globalPermissions, projectPermissions },
      objectCount: globalPermissions.length + projectPermissions.length,
    };
  },

  getServerInfo(ctx) {
    const base = ctx.site.baseUrl();
    return {
      status: 200,
      body: {
        baseUrl: base,
        displayUrl: base,
        displayUrlServicedeskHelpCenter: `${base}/servicedesk/customer/portals`,
        displayUrlConfluence: `${base}/wiki`,
        version: '1001.0.0-SNAPSHOT',
        versionNumbers: [1001, 0, 0],
        deploymentType: 'Cloud',
        buildNumber: 100282,
        buildDate: '2026-11-01T00:00:00.000+0000',
        serverTime: ctx.site.clock.date().toISOString().replace('Z', '+0000'),
        scmInfo: '350e7d5a3ea46c7b7dd875b9439a1b0467131186',
        serverTitle: 'Jira',
      },
      objectCount: 0,
      objectClass: 'core',
    };
  },

  createIssue(ctx) {
    const fields = ((ctx.body ?? {}) as { fields?: Record<string, unknown> }).fields ?? {};
    const errors: Record<string, string> = {};
    const project = fields.project as { id?: string; key?: string } | undefined;
    const desk = project ? ctx.site.state.deskByProject(project.id ?? project.key ?? '') : undefined;
    if (!desk) errors.project = 'valid project is required';
    const summary = fields.summary;
    if (typeof summary !== 'string' || summary.trim().length === 0)
      errors.summary = 'You must specify a summary of the issue.';
    if (fields.issuetype === undefined) errors.issuetype = 'Specify an issue type';
    const reporterField = fields.reporter as { accountId?: string } | undefined;
    const reporterId =
      reporterField?.accountId ?? (ctx.caller.type === 'user' ? ctx.caller.accountId : undefined);
    if (reporterId === undefined || !ctx.site.state.accounts.has(reporterId))
      errors.reporter = 'Reporter is required.';
    if (Object.keys(errors).length > 0 || !desk || reporterId === undefined || typeof summary !== 'string')
      return { status: 400, body: { errorMessages: [], errors }, objectCount: 0 };
    const state = ctx.site.state;
    if (
      ctx.caller.type === 'user' &&
      !hasPermission(ctx, ctx.caller.accountId, 'SERVICEDESK_AGENT', desk.projectId) &&
      !state.isJiraAdmin(ctx.caller.accountId)
    )
      return {
        status: 403,
        body: { errorMessages: ['You do not have permission to create issues in this project.'], errors: {} },
        objectCount: 0,
      };
    const created = ctx.site.mutations.createRequest(
      { deskId: desk.id, reporter: reporterId, summary, portal: false },
      actorOf(ctx),
    );
    return {
      status: 201,
      body: {
        id: created.issueId,
        key: created.issueKey,
        self: `${ctx.site.baseUrl()}/rest/api/3/issue/${created.issueId}`,
      },
      objectCount: 0,
      objectClass: 'core',
    };
  },

  searchAndReconsileIssuesUsingJql(ctx) {
    return searchJql(ctx, {
      jql: ctx.query.str('jql'),
      nextPageToken: ctx.query.str('nextPageToken'),
      maxResults: ctx.query.int('maxResults', 50),
      fields: ctx.query.list('fields', true),
    });
  },

  searchAndReconsileIssuesUsingJqlPost(ctx) {
    const body = (ctx.body ?? {}) as {
      jql?: string;
      nextPageToken?: string;
      maxResults?: number;
      fields?: string[];
    };
    return searchJql(ctx, {
      jql: body.jql,
      nextPageToken: body.nextPageToken,
      maxResults: body.maxResults,
      fields: body.fields ?? [],
    });
  },
};
