/**
 * Jira Service Management operations (jsm.v3.json), keyed by operationId. atlassian-identity.md §4.3.
 */
import { fail, type OpContext, type OperationHandler } from '../operation-types';
import { jsmOrganization, jsmServiceDesk, jsmUser, visibleEmail } from '../representations';
import type { AccountRecord, DeskRecord } from '../state';
import { MAX_PAGE, SEARCH_MATCHES_HIDDEN_EMAIL } from '../verify';
import { canManageDesk, canViewDeskCustomers, clamp, jsmPage, matchesUserQuery } from './common';

const actorOf = (ctx: OpContext) => ({
  source: `rest:${ctx.operationId}`,
  caller: ctx.caller.type === 'app' ? `app:${ctx.caller.appId}` : `user:${ctx.caller.accountId}`,
  accountId: ctx.caller.type === 'user' ? ctx.caller.accountId : undefined,
});

const paging = (ctx: OpContext) => ({
  start: Math.max(0, ctx.query.int('start', 0)),
  limit: clamp(ctx.query.int('limit', 50), 1, MAX_PAGE.jsm),
});

function desk(ctx: OpContext): DeskRecord | undefined {
  return ctx.site.state.deskByIdOrProject(ctx.params.serviceDeskId ?? '');
}

const accountIdsOf = (body: unknown): string[] => {
  const ids = (body as { accountIds?: unknown } | undefined)?.accountIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
};

/** Organization creation times are not in the seed: a fixed, deterministic instant per id. */
const orgCreatedMs = (id: string) => Date.UTC(2025, 0, 6, 9, 0, 0) + Number(id) * 86_400_000;

function organizationsFor(ctx: OpContext, deskFilter: DeskRecord | undefined) {
  const accountId = ctx.query.str('accountId');
  return [...ctx.site.state.organizations.values()]
    .filter((org) => deskFilter === undefined || org.deskIds.has(deskFilter.id))
    .filter((org) => accountId === undefined || org.members.has(accountId))
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((org) => jsmOrganization(ctx.site.baseUrl(), org, orgCreatedMs(org.id)));
}

export const jsmOperations: Record<string, OperationHandler> = {
  getServiceDesks(ctx) {
    const { start, limit } = paging(ctx);
    const desks = [...ctx.site.state.desks.values()].map((d) => jsmServiceDesk(ctx.site.baseUrl(), d));
    const page = jsmPage(ctx, desks, start, limit);
    return { status: 200, body: page, objectCount: page.values.length, objectClass: 'core' };
  },

  getServiceDeskById(ctx) {
    const found = desk(ctx);
    if (!found) return fail(ctx, 404, 'The service desk does not exist.');
    return {
      status: 200,
      body: jsmServiceDesk(ctx.site.baseUrl(), found),
      objectCount: 1,
      objectClass: 'core',
    };
  },

  getCustomers(ctx) {
    const found = desk(ctx);
    if (!found) return fail(ctx, 404, 'The service desk does not exist.');
    if (!canViewDeskCustomers(ctx.site.state, ctx.caller, found.id))
      return fail(ctx, 403, "You do not have permission to view this service desk's customers.");
    const query = ctx.query.str('query');
    const customers = [...found.customers]
      .map((id) => ctx.site.state.accounts.get(id))
      .filter((account): account is AccountRecord => account !== undefined)
      .filter((account) => {
        if (query === undefined) return true;
        const email = SEARCH_MATCHES_HIDDEN_EMAIL ? (account.email ?? undefined) : visibleEmail(account);
        return matchesUserQuery(query, account.displayName, email);
      })
      .sort((a, b) => a.ordinal - b.ordinal);
    const { start, limit } = paging(ctx);
    const page = jsmPage(
      ctx,
      customers.map((account) => jsmUser(ctx.site.baseUrl(), account)),
      start,
      limit,
    );
    return { status: 200, body: page, objectCount: page.values.length };
  },

  addCustomers(ctx) {
    const found = desk(ctx);
    if (!found) return fail(ctx, 404, 'The service desk does not exist.');
    if (!canManageDesk(ctx.site.state, ctx.caller, found.id))
      return fail(ctx, 403, 'You do not have permission to add customers to this service desk.');
    const ids = accountIdsOf(ctx.body);
    if (ids.length === 0) return fail(ctx, 400, 'At least one accountId must be provided.');
    const missing = ctx.site.mutations.addDeskCustomers(found, ids, actorOf(ctx));
    if (missing.length > 0) return fail(ctx, 400, `The following users do not exist: ${missing.join(', ')}`);
    return { status: 204, objectCount: 0 };
  },

  removeCustomers(ctx) {
    const found = desk(ctx);
    if (!found) return fail(ctx, 404, 'The service desk does not exist.');
    if (!canManageDesk(ctx.site.state, ctx.caller, found.id))
      return fail(ctx, 403, 'You do not have permission to remove customers from this service desk.');
    const ids = accountIdsOf(ctx.body);
    if (ids.length === 0) return fail(ctx, 400, 'At least one accountId must be provided.');
    ctx.site.mutations.removeDeskCustomers(found, ids, actorOf(ctx));
    return { status: 204, objectCount: 0 };
  },

  createCustomer(ctx) {
    const state = ctx.site.state;
    if (ctx.caller.type === 'user' && !state.isJiraAdmin(ctx.caller.accountId))
      return fail(ctx, 403, 'You do not have permission to create customers (Jira administrator required).');
    const body = (ctx.body ?? {}) as { email?: string; displayName?: string; fullName?: string };
    if (typeof body.email !== 'string') return fail(ctx, 400, 'An email address is required.');
    const account = ctx.site.mutations.createPortalCustomer(
      body.email,
      body.displayName ?? body.fullName ?? body.email,
      actorOf(ctx),
      ctx.query.bool('strictConflictStatusCode', false),
    );
    return { status: 201, body: jsmUser(ctx.site.baseUrl(), account), objectCount: 0 };
  },

  getOrganizations(ctx) {
    const { start, limit } = paging(ctx);
    const page = jsmPage(ctx, organizationsFor(ctx, undefined), start, limit);
    return { status: 200, body: page, objectCount: page.values.length, objectClass: 'core' };
  },

  'getOrganizations:GET /rest/servicedeskapi/servicedesk/{serviceDeskId}/organization'(ctx) {
    const found = desk(ctx);
    if (!found) return fail(ctx, 404, 'The service desk does not exist.');
    const { start, limit } = paging(ctx);
    const page = jsmPage(ctx, organizationsFor(ctx, found), start, limit);
    return { status: 200, body: page, objectCount: page.values.length, objectClass: 'core' };
  },

  getUsersInOrganization(ctx) {
    const org = ctx.site.state.organizations.get(String(ctx.params.organizationId ?? ''));
    if (!org) return fail(ctx, 404, 'The organization does not exist.');
    const members = [...org.members]
      .map((id) => ctx.site.state.accounts.get(id))
      .filter((account): account is AccountRecord => account !== undefined)
      .sort((a, b) => a.ordinal - b.ordinal);
    const { start, limit } = paging(ctx);
    const page = jsmPage(
      ctx,
      members.map((account) => jsmUser(ctx.site.baseUrl(), account)),
      start,
      limit,
    );
    return { status: 200, body: page, objectCount: page.values.length };
  },
};
