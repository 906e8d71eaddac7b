/**
 * Who the "viewing as" switch can be: read from the emulated site over its Atlassian REST API, as the app
 * (`X-Local-Caller: app:<appId>`), the way an admin tool would: users (/users/search), desks (JSM), spaces
 * (Confluence v2), each account's global and project permissions (POST /permissions/check) and each space's
 * `administer` assignments (v2 /spaces/{id}/permissions).
 */
import type { DeskRef, PreviewDirectory, PreviewIdentity, SpaceRef } from './protocol';

interface SiteUser {
  accountId: string;
  accountType?: string;
  displayName?: string;
  active?: boolean;
}

interface PermissionCheck {
  globalPermissions?: string[];
  projectPermissions?: { permission: string; projects?: number[] }[];
}

export interface DiscoverOptions {
  siteUrl: string;
  appId: string;
  /** Stop reading users after this many (the switch needs a handful; the demo has dozens). Default 2000. */
  maxAccounts?: number;
}

export class SiteReadError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    body: string,
  ) {
    super(`GET/POST ${path} answered ${status}: ${body.slice(0, 300)}`);
    this.name = 'SiteReadError';
  }
}

export async function discoverDirectory(options: DiscoverOptions): Promise<PreviewDirectory> {
  const base = options.siteUrl.replace(/\/+$/, '');
  const caller = `app:${options.appId.replace(/^ari:cloud:ecosystem::app\//, '')}`;
  const call = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const res = await fetch(base + path, {
      method: init.method ?? 'GET',
      headers: {
        'X-Local-Caller': caller,
        Accept: 'application/json',
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new SiteReadError(path, res.status, text);
    return JSON.parse(text) as T;
  };

  const maxAccounts = options.maxAccounts ?? 2000;
  const users: SiteUser[] = [];
  for (let startAt = 0; users.length < maxAccounts;) {
    const page = await call<SiteUser[]>(`/rest/api/3/users/search?startAt=${startAt}&maxResults=1000`);
    users.push(...page);
    if (page.length < 1000) break;
    startAt += page.length;
  }
  const people = users.filter((u) => u.accountType === 'atlassian' && u.active !== false);

  const desks: DeskRef[] = [];
  for (let start = 0; ;) {
    const page = await call<{
      values: { id: string; projectId: string; projectKey: string; projectName: string }[];
      isLastPage?: boolean;
    }>(`/rest/servicedeskapi/servicedesk?start=${start}&limit=50`);
    desks.push(
      ...page.values.map((d) => ({
        id: String(d.id),
        projectId: String(d.projectId),
        projectKey: d.projectKey,
        projectName: d.projectName,
      })),
    );
    if (page.isLastPage !== false || page.values.length === 0) break;
    start += page.values.length;
  }

  const spaces: SpaceRef[] = [];
  for (let next: string | undefined = '/wiki/api/v2/spaces?limit=250'; next !== undefined;) {
    const page: { results: { id: string; key: string; name: string }[]; _links?: { next?: string } } =
      await call(next);
    spaces.push(...page.results.map((s) => ({ id: String(s.id), key: s.key, name: s.name })));
    const link = page._links?.next;
    next = link === undefined || link === '' ? undefined : link.startsWith('/wiki') ? link : `/wiki${link}`;
  }

  const spaceAdmins = new Map<string, Set<string>>();
  for (const space of spaces) {
    const admins = new Set<string>();
    for (let next: string | undefined = `/wiki/api/v2/spaces/${space.id}/permissions?limit=250`; next;) {
      const page: {
        results: {
          principal: { type: string; id: string };
          operation: { key: string; targetType: string };
        }[];
        _links?: { next?: string };
      } = await call(next);
      for (const p of page.results)
        if (
          p.principal.type === 'user' &&
          p.operation.key === 'administer' &&
          p.operation.targetType === 'space'
        )
          admins.add(p.principal.id);
      const link = page._links?.next;
      next = link === undefined || link === '' ? undefined : link.startsWith('/wiki') ? link : `/wiki${link}`;
    }
    spaceAdmins.set(space.id, admins);
  }

  const projectIds = desks.map((d) => Number(d.projectId)).filter((n) => Number.isFinite(n));
  const facts = new Map<string, { siteAdmin: boolean; jiraAdmin: boolean; projectAdminOf: string[] }>();
  for (const user of people) {
    const check = await call<PermissionCheck>('/rest/api/3/permissions/check', {
      method: 'POST',
      body: {
        accountId: user.accountId,
        globalPermissions: ['SYSTEM_ADMIN', 'ADMINISTER'],
        ...(projectIds.length > 0
          ? { projectPermissions: [{ permissions: ['ADMINISTER_PROJECTS'], projects: projectIds }] }
          : {}),
      },
    });
    const global = new Set(check.globalPermissions ?? []);
    const adminProjects = new Set(
      (check.projectPermissions ?? [])
        .filter((p) => p.permission === 'ADMINISTER_PROJECTS')
        .flatMap((p) => (p.projects ?? []).map(String)),
    );
    facts.set(user.accountId, {
      siteAdmin: global.has('SYSTEM_ADMIN'),
      jiraAdmin: global.has('ADMINISTER') || global.has('SYSTEM_ADMIN'),
      projectAdminOf: desks.filter((d) => adminProjects.has(d.projectId)).map((d) => d.id),
    });
  }

  const identity = (
    user: SiteUser,
    role: PreviewIdentity['role'],
    extra: { deskId?: string; spaceId?: string } = {},
  ): PreviewIdentity => {
    const f = facts.get(user.accountId) ?? { siteAdmin: false, jiraAdmin: false, projectAdminOf: [] };
    return {
      role,
      accountId: user.accountId,
      displayName: user.displayName ?? user.accountId,
      ...extra,
      jiraAdmin: f.jiraAdmin,
      projectAdminOf: f.projectAdminOf,
      spaceAdminOf: spaces.filter((s) => spaceAdmins.get(s.id)?.has(user.accountId)).map((s) => s.id),
    };
  };
  const identities: PreviewIdentity[] = [];
  const siteAdmin = people.find((u) => facts.get(u.accountId)?.siteAdmin);
  if (siteAdmin) identities.push(identity(siteAdmin, 'site-admin'));
  const isJiraAdmin = (u: SiteUser): boolean => facts.get(u.accountId)?.jiraAdmin ?? false;
  for (const desk of desks) {
    const admins = people.filter((u) => facts.get(u.accountId)?.projectAdminOf.includes(desk.id));
    // Prefer someone who is a project admin only: a Jira admin would pass every check anyway.
    const pick = admins.find((u) => !isJiraAdmin(u)) ?? admins[0];
    if (pick) identities.push(identity(pick, 'project-admin', { deskId: desk.id }));
  }
  for (const space of spaces) {
    const ids = spaceAdmins.get(space.id) ?? new Set<string>();
    const admins = people.filter((u) => ids.has(u.accountId));
    const pick = admins.find((u) => !isJiraAdmin(u)) ?? admins[0];
    if (pick) identities.push(identity(pick, 'space-admin', { spaceId: space.id }));
  }
  const nonAdmin = people.find((u) => {
    const f = facts.get(u.accountId);
    const spaceAdmin = [...spaceAdmins.values()].some((s) => s.has(u.accountId));
    return f !== undefined && !f.jiraAdmin && f.projectAdminOf.length === 0 && !spaceAdmin;
  });
  if (nonAdmin) identities.push(identity(nonAdmin, 'non-admin'));
  return { desks, spaces, identities };
}
