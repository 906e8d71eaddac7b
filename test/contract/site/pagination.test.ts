import type { SiteHandle } from '../../../local/atlassian-site/index';
import type { SeedAccount, SiteSeed } from '../../../local/atlassian-site/seed';
import { componentSchema, errorsAgainst } from './support/spec-validator';
import { call, expectSpecValid, startSite } from './support/site-client';

/** A site big enough for several pages in every style: 137 atlassian + 61 customer accounts, all in one desk/group/space. */
function bigSeed(): SiteSeed {
  const accounts: SeedAccount[] = [
    {
      accountId: 'app000000000000000000000',
      accountType: 'app',
      displayName: 'App',
      email: null,
      emailVisible: false,
      status: 'active',
      createdAt: '2025-01-01T00:00:00.000Z',
    },
  ];
  for (let i = 0; i < 137; i += 1)
    accounts.push({
      accountId: `a${String(i).padStart(23, '0')}`,
      accountType: 'atlassian',
      displayName: `User ${String(i).padStart(3, '0')}`,
      email: `user${i}@example.com`,
      emailVisible: i % 3 !== 0,
      status: i % 10 === 9 ? 'inactive' : 'active',
      createdAt: '2025-02-01T00:00:00.000Z',
    });
  for (let i = 0; i < 61; i += 1)
    accounts.push({
      accountId: `qm:00000000-0000-4000-8000-${String(i).padStart(12, '0')}:c${i}`,
      accountType: 'customer',
      displayName: `Customer ${String(i).padStart(3, '0')}`,
      email: `customer${i}@example.org`,
      emailVisible: true,
      status: 'active',
      createdAt: '2025-03-01T00:00:00.000Z',
    });
  const atlassian = accounts.filter((a) => a.accountType === 'atlassian').map((a) => a.accountId);
  const spaceIds = Array.from({ length: 30 }, (_, i) => String(2000 + i));
  return {
    siteName: 'big',
    cloudId: 'big-cloud',
    appAccountId: 'app000000000000000000000',
    accounts,
    groups: [{ groupId: 'g-all', name: 'everyone', members: atlassian }],
    desks: [
      {
        id: '1',
        projectId: '10001',
        projectKey: 'BIG',
        projectName: 'Big',
        access: 'closed',
        customers: accounts.filter((a) => a.accountType !== 'app').map((a) => a.accountId),
        admins: [],
        agents: [],
      },
    ],
    spaces: spaceIds.map((id, i) => ({
      id,
      key: `S${i}`,
      name: `Space ${i}`,
      anonymousRead: false,
      unlicensedRead: false,
      admins: atlassian.slice(0, 5),
      guests: [],
      readGroups: ['g-all'],
    })),
    requests: [],
    organizations: [],
  };
}

let site: SiteHandle;
beforeAll(async () => {
  site = await startSite(bigSeed());
});
afterAll(async () => {
  await site.close();
});

const expectEachOnce = (ids: string[], expected: string[]) => {
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual([...expected].sort());
};

describe('pagination walks the whole list exactly once', () => {
  it('Jira PageBean via nextPage (group/member, 50 max)', async () => {
    const ids: string[] = [];
    let next: string | undefined =
      `${site.url}/rest/api/3/group/member?groupId=g-all&includeInactiveUsers=true&maxResults=50`;
    let pages = 0;
    while (next) {
      const url = new URL(next);
      const res = await call(site, 'GET', url.pathname, { query: Object.fromEntries(url.searchParams) });
      expectSpecValid('jira', 'get', '/rest/api/3/group/member', res);
      const body = res.body as {
        values: { accountId: string }[];
        nextPage?: string;
        isLast: boolean;
        maxResults: number;
      };
      expect(body.maxResults).toBe(50);
      ids.push(...body.values.map((u) => u.accountId));
      next = body.nextPage;
      expect(body.isLast).toBe(next === undefined);
      pages += 1;
    }
    expect(pages).toBe(3);
    expectEachOnce(
      ids,
      site.state.groups.get('g-all')?.members ? [...(site.state.groups.get('g-all')?.members ?? [])] : [],
    );
    const clamped = await call(site, 'GET', '/rest/api/3/group/member', {
      query: { groupId: 'g-all', maxResults: 500 },
    });
    expect((clamped.body as { maxResults: number }).maxResults).toBe(50);
  });

  it('Jira startAt/maxResults arrays (users/search), atlassian accounts only', async () => {
    const ids: string[] = [];
    for (let startAt = 0; ; startAt += 40) {
      const res = await call(site, 'GET', '/rest/api/3/users/search', { query: { startAt, maxResults: 40 } });
      expectSpecValid('jira', 'get', '/rest/api/3/users/search', res);
      const page = res.body as { accountId: string }[];
      ids.push(...page.map((u) => u.accountId));
      if (page.length < 40) break;
    }
    expectEachOnce(
      ids,
      site.state
        .accountList()
        .filter((a) => a.accountType !== 'customer')
        .map((a) => a.accountId),
    );
  });

  it('JSM start/limit with isLastPage and _links.next (customers, 50 max)', async () => {
    const ids: string[] = [];
    let start = 0;
    for (;;) {
      const res = await call(site, 'GET', '/rest/servicedeskapi/servicedesk/1/customer', {
        headers: { 'X-ExperimentalApi': 'opt-in' },
        query: { start, limit: 80 },
      });
      expectSpecValid('jsm', 'get', '/rest/servicedeskapi/servicedesk/{serviceDeskId}/customer', res);
      const body = res.body as {
        values: { accountId: string }[];
        isLastPage: boolean;
        size: number;
        limit: number;
        _links: { next?: string };
      };
      expect(body.limit).toBe(50);
      expect(body.size).toBe(body.values.length);
      ids.push(...body.values.map((u) => u.accountId));
      expect(body._links.next === undefined).toBe(body.isLastPage);
      if (body.isLastPage) break;
      start = Number(new URL(body._links.next ?? '').searchParams.get('start'));
    }
    expectEachOnce(ids, [...(site.state.desks.get('1')?.customers ?? [])]);
  });

  it('Confluence v1 start/limit with _links.next (membersByGroupId)', async () => {
    const ids: string[] = [];
    let path: string | undefined = '/wiki/rest/api/group/g-all/membersByGroupId?limit=60';
    while (path) {
      const url = new URL(`${site.url}${path}`);
      const res = await call(site, 'GET', url.pathname, { query: Object.fromEntries(url.searchParams) });
      expectSpecValid('confluence-v1', 'get', '/wiki/rest/api/group/{groupId}/membersByGroupId', res);
      const body = res.body as {
        results: { accountId: string }[];
        _links: { next?: string; context: string };
      };
      ids.push(...body.results.map((u) => u.accountId));
      path = body._links.next !== undefined ? `${body._links.context}${body._links.next}` : undefined;
    }
    expectEachOnce(ids, [...(site.state.groups.get('g-all')?.members ?? [])]);
  });

  it('Confluence v2 cursor via the Link header and _links.next (spaces)', async () => {
    const ids: string[] = [];
    let path: string | undefined = '/wiki/api/v2/spaces?limit=7';
    let pages = 0;
    while (path) {
      const url = new URL(`${site.url}${path}`);
      const res = await call(site, 'GET', url.pathname, { query: Object.fromEntries(url.searchParams) });
      expectSpecValid('confluence-v2', 'get', '/spaces', res);
      const body = res.body as { results: { id: string }[]; _links: { next?: string } };
      ids.push(...body.results.map((s) => s.id));
      const link = res.headers.get('link');
      expect(link === null).toBe(body._links.next === undefined);
      if (link !== null) expect(link).toContain(`<${body._links.next}>; rel="next"`);
      path = body._links.next;
      pages += 1;
    }
    expect(pages).toBe(5);
    expectEachOnce(ids, [...site.state.spaces.keys()]);
    const badCursor = await call(site, 'GET', '/wiki/api/v2/spaces', { query: { cursor: 'garbage' } });
    expect(badCursor.status).toBe(400);
    const tooBig = await call(site, 'GET', '/wiki/api/v2/spaces', { query: { limit: 251 } });
    expect(tooBig.status).toBe(400);
    expectSpecValid('confluence-v2', 'get', '/spaces', tooBig);
  });
});

describe('the contract validator itself', () => {
  it('fails on a wrong type, an undeclared field in a closed schema, and a null where the spec has no nullable', () => {
    const user = { accountId: 'x', accountType: 'atlassian', active: true, displayName: 'X' };
    expect(errorsAgainst('jira', 'User', componentSchema('User'), user)).toEqual([]);
    expect(errorsAgainst('jira', 'User', componentSchema('User'), { ...user, active: 'yes' })).not.toEqual(
      [],
    );
    expect(errorsAgainst('jira', 'User', componentSchema('User'), { ...user, surprise: 1 })).not.toEqual([]);
    expect(
      errorsAgainst('jira', 'User', componentSchema('User'), { ...user, emailAddress: null }),
    ).not.toEqual([]);
    expect(
      errorsAgainst('jira', 'GroupName', componentSchema('GroupName'), { name: 'g', groupId: null }),
    ).toEqual([]);
    expect(
      errorsAgainst('confluence-v1', 'User', componentSchema('User'), { type: 'known', email: null }),
    ).toEqual([]);
    expect(errorsAgainst('confluence-v1', 'User', componentSchema('User'), { email: 'x' })).not.toEqual([]);
  });
});
