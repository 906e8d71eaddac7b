/**
 * Shared pieces of the operation handlers: the four pagination styles, and the permission facts the specs'
 * "Permissions required" lines ask for.
 */
import type { OpContext, ResolvedCaller } from '../operation-types';
import type { SiteState } from '../state';

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** The same URL with some query parameters replaced (for next/prev links). */
export function withQuery(
  baseUrl: string,
  path: string,
  rawQuery: string,
  updates: Record<string, string | number>,
): string {
  const params = new URLSearchParams(rawQuery);
  for (const [key, value] of Object.entries(updates)) params.set(key, String(value));
  return `${baseUrl}${path}?${params.toString()}`;
}

/** Jira PageBean (startAt / maxResults / total / isLast / nextPage). */
export function jiraPage<T>(ctx: OpContext, items: T[], startAt: number, maxResults: number) {
  const values = items.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= items.length;
  const base = ctx.site.baseUrl();
  return {
    self: withQuery(base, ctx.path, ctx.query.raw, { startAt, maxResults }),
    ...(isLast
      ? {}
      : {
          nextPage: withQuery(base, ctx.path, ctx.query.raw, { startAt: startAt + maxResults, maxResults }),
        }),
    maxResults,
    startAt,
    total: items.length,
    isLast,
    values,
  };
}

/** JSM PagedDTO (start / limit / size / isLastPage / _links). */
export function jsmPage<T>(ctx: OpContext, items: T[], start: number, limit: number) {
  const values = items.slice(start, start + limit);
  const isLastPage = start + values.length >= items.length;
  const base = ctx.site.baseUrl();
  return {
    _expands: [] as string[],
    size: values.length,
    start,
    limit,
    isLastPage,
    _links: {
      base: `${base}/rest/servicedeskapi`,
      context: '',
      self: withQuery(base, ctx.path, ctx.query.raw, { start, limit }),
      ...(isLastPage
        ? {}
        : { next: withQuery(base, ctx.path, ctx.query.raw, { start: start + limit, limit }) }),
      ...(start > 0
        ? { prev: withQuery(base, ctx.path, ctx.query.raw, { start: Math.max(0, start - limit), limit }) }
        : {}),
    },
    values,
  };
}

/** Confluence v1 (results / start / limit / size / _links.next relative to base+context). */
export function confluenceV1Page<T>(ctx: OpContext, items: T[], start: number, limit: number) {
  const results = items.slice(start, start + limit);
  const hasNext = start + results.length < items.length;
  const base = ctx.site.baseUrl();
  const relative = (updates: Record<string, number>) =>
    withQuery('', ctx.path.replace(/^\/wiki/, ''), ctx.query.raw, updates);
  return {
    results,
    start,
    limit,
    size: results.length,
    _links: {
      base: `${base}/wiki`,
      context: '/wiki',
      self: `${base}${ctx.path}`,
      ...(hasNext ? { next: relative({ start: start + limit, limit }) } : {}),
    },
  };
}

/** Confluence v2 cursor: opaque to clients; here the base64url of the next offset. */
export const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^offset:(\d+)$/.exec(text);
  return match?.[1] !== undefined ? Number(match[1]) : undefined;
}

/** Confluence v2 MultiEntityResult with `_links.next` and the `Link` header. */
export function confluenceV2Page<T>(ctx: OpContext, items: T[], offset: number, limit: number) {
  const results = items.slice(offset, offset + limit);
  const hasNext = offset + results.length < items.length;
  const base = ctx.site.baseUrl();
  const next = hasNext
    ? withQuery('', ctx.path, ctx.query.raw, { cursor: encodeCursor(offset + limit), limit })
    : undefined;
  return {
    body: { results, _links: { base: `${base}/wiki`, ...(next !== undefined ? { next } : {}) } },
    headers: next !== undefined ? { Link: `<${next}>; rel="next", <${base}/wiki>; rel="base"` } : undefined,
  };
}

/** "Browse users and groups" (Jira global permission): apps, admins, agents and licensed users. */
export function canBrowseUsers(state: SiteState, caller: ResolvedCaller): boolean {
  if (caller.type === 'app') return true;
  const id = caller.accountId;
  return state.isJiraAdmin(id) || state.isAgent(id) || state.isConfluenceUser(id);
}

/** Site administration (member of site-admins): the app only when its own account is a site admin. */
export function isSiteAdminCaller(state: SiteState, caller: ResolvedCaller): boolean {
  return state.isSiteAdmin(caller.accountId);
}

/** JSM customer-management rights on a desk: desk admins, Jira admins, and the app (its scope grants it; VERIFY). */
export function canManageDesk(state: SiteState, caller: ResolvedCaller, deskId: string): boolean {
  if (caller.type === 'app') return true;
  return (
    state.desks.get(deskId)?.admins.has(caller.accountId) === true || state.isJiraAdmin(caller.accountId)
  );
}

export function canViewDeskCustomers(state: SiteState, caller: ResolvedCaller, deskId: string): boolean {
  if (caller.type === 'app') return true;
  const desk = state.desks.get(deskId);
  return desk !== undefined && (desk.agents.has(caller.accountId) || canManageDesk(state, caller, deskId));
}

/** Confluence "Can use": licensed users, guests, apps. */
export function canUseConfluence(state: SiteState, caller: ResolvedCaller): boolean {
  if (caller.type === 'app') return true;
  return (
    state.isConfluenceUser(caller.accountId) ||
    state.isGuest(caller.accountId) ||
    state.isSiteAdmin(caller.accountId)
  );
}

/** Case-insensitive prefix match on any word of the display name or on a (visible) email. */
export function matchesUserQuery(query: string, displayName: string, email: string | undefined): boolean {
  const needle = query.trim().toLowerCase();
  if (needle.length === 0) return true;
  const name = displayName.toLowerCase();
  if (name.startsWith(needle) || name.split(/\s+/).some((word) => word.startsWith(needle))) return true;
  return email !== undefined && email.toLowerCase().startsWith(needle);
}
