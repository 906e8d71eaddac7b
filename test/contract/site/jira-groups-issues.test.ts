import type { SiteHandle } from '../../../local/atlassian-site/index';
import { DEMO_GROUP_IDS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
import { call, expectSpecValid, startSite } from './support/site-client';

let site: SiteHandle;
beforeEach(async () => {
  site = await startSite();
});
afterEach(async () => {
  await site.close();
});

const J = 'jira' as const;
const G = DEMO_GROUP_IDS;

describe('Jira platform groups', () => {
  it('/group/member excludes inactive users unless includeInactiveUsers=true', async () => {
    const active = await call(site, 'GET', '/rest/api/3/group/member', { query: { groupId: G.customers } });
    expectSpecValid(J, 'get', '/rest/api/3/group/member', active);
    const ids = (active.body as { values: { accountId: string }[] }).values.map((u) => u.accountId);
    expect(ids).not.toContain(DEMO_IDS.victor);
    const all = await call(site, 'GET', '/rest/api/3/group/member', {
      query: { groupname: 'jira-servicemanagement-customers-acme', includeInactiveUsers: true },
    });
    expectSpecValid(J, 'get', '/rest/api/3/group/member', all);
    expect((all.body as { values: { accountId: string }[] }).values.map((u) => u.accountId)).toContain(
      DEMO_IDS.victor,
    );
    const missing = await call(site, 'GET', '/rest/api/3/group/member', { query: { groupId: 'nope' } });
    expect(missing.status).toBe(404);
    expectSpecValid(J, 'get', '/rest/api/3/group/member', missing);
  });

  it('POST /group/user: 403 for the app and non-admin users, 201 for a site admin, event-free', async () => {
    const body = { accountId: DEMO_IDS.graceGuest };
    const asApp = await call(site, 'POST', '/rest/api/3/group/user', {
      query: { groupId: G.customers },
      body,
    });
    expect(asApp.status).toBe(403);
    expectSpecValid(J, 'post', '/rest/api/3/group/user', asApp);
    const asJiraAdmin = await call(site, 'POST', '/rest/api/3/group/user', {
      as: DEMO_IDS.bob,
      query: { groupId: G.customers },
      body,
    });
    expect(asJiraAdmin.status).toBe(403);
    const asSiteAdmin = await call(site, 'POST', '/rest/api/3/group/user', {
      as: DEMO_IDS.alice,
      query: { groupId: G.customers },
      body,
    });
    expect(asSiteAdmin.status).toBe(201);
    expectSpecValid(J, 'post', '/rest/api/3/group/user', asSiteAdmin);
    expect(site.state.hasCustomerRole(DEMO_IDS.graceGuest)).toBe(true);
    const again = await call(site, 'POST', '/rest/api/3/group/user', {
      as: DEMO_IDS.alice,
      query: { groupId: G.customers },
      body,
    });
    expect(again.status).toBe(400);
    expect(
      site.state.writeLog.filter((w) => w.kind === 'group.add' && w.accountId === DEMO_IDS.graceGuest),
    ).toHaveLength(1);
    expect(site.feed.lastSeq).toBe(0);
  });

  it('the app may write groups once its account is a site admin', async () => {
    site.state.groups.get(G.siteAdmins)?.members.add(DEMO_IDS.app);
    const res = await call(site, 'POST', '/rest/api/3/group/user', {
      query: { groupId: G.customers },
      body: { accountId: DEMO_IDS.peggy },
    });
    expect(res.status).toBe(201);
  });

  it('portal-only customers cannot join groups (400)', async () => {
    const res = await call(site, 'POST', '/rest/api/3/group/user', {
      as: DEMO_IDS.alice,
      query: { groupId: G.customers },
      body: { accountId: DEMO_IDS.gracePortal },
    });
    expect(res.status).toBe(400);
    expectSpecValid(J, 'post', '/rest/api/3/group/user', res);
    expect((res.body as { errorMessages: string[] }).errorMessages[0]).toMatch(/portal only customers/);
    expect(site.state.hasCustomerRole(DEMO_IDS.gracePortal)).toBe(false);
  });

  it('DELETE /group/user removes for a site admin, 403 otherwise, and logs exactly one write', async () => {
    const query = { groupId: G.customers, accountId: DEMO_IDS.wendy };
    const denied = await call(site, 'DELETE', '/rest/api/3/group/user', { as: DEMO_IDS.carol, query });
    expect(denied.status).toBe(403);
    expectSpecValid(J, 'delete', '/rest/api/3/group/user', denied);
    const ok = await call(site, 'DELETE', '/rest/api/3/group/user', { as: DEMO_IDS.alice, query });
    expect(ok.status).toBe(200);
    expectSpecValid(J, 'delete', '/rest/api/3/group/user', ok);
    expect(site.state.writeLog).toEqual([
      expect.objectContaining({
        seq: 1,
        kind: 'group.remove',
        accountId: DEMO_IDS.wendy,
        source: 'rest:removeUserFromGroup',
        caller: `user:${DEMO_IDS.alice}`,
      }),
    ]);
    const missingParam = await call(site, 'DELETE', '/rest/api/3/group/user', {
      as: DEMO_IDS.alice,
      query: { groupId: G.customers },
    });
    expect(missingParam.status).toBe(400);
  });

  it('/group/bulk resolves the customers group by name and by application key', async () => {
    const byName = await call(site, 'GET', '/rest/api/3/group/bulk', {
      query: { groupName: 'jira-servicemanagement-customers-acme' },
    });
    expectSpecValid(J, 'get', '/rest/api/3/group/bulk', byName);
    expect((byName.body as { values: unknown[] }).values).toEqual([
      { name: 'jira-servicemanagement-customers-acme', groupId: G.customers },
    ]);
    const byApp = await call(site, 'GET', '/rest/api/3/group/bulk', {
      query: { applicationKey: 'jira-servicedesk' },
    });
    expect((byApp.body as { values: { groupId: string }[] }).values.map((g) => g.groupId)).toEqual([
      G.agents,
    ]);
  });

  it('/groups/picker finds by substring and highlights', async () => {
    const res = await call(site, 'GET', '/rest/api/3/groups/picker', { query: { query: 'confluence-' } });
    expectSpecValid(J, 'get', '/rest/api/3/groups/picker', res);
    const body = res.body as { total: number; groups: { name: string; html: string }[] };
    expect(body.groups.map((g) => g.name)).toEqual(['confluence-guests-acme', 'confluence-users-acme']);
    expect(body.groups[0]?.html).toBe('<b>confluence-</b>guests-acme');
  });
});

describe('Jira issues on a desk', () => {
  it('POST /issue creates a request with a reporter and emits avi:jira:created:issue', async () => {
    const res = await call(site, 'POST', '/rest/api/3/issue', {
      as: DEMO_IDS.carol,
      body: {
        fields: {
          project: { key: 'ITH' },
          issuetype: { id: '10100' },
          summary: 'Printer jam',
          reporter: { accountId: DEMO_IDS.liam },
        },
      },
    });
    expect(res.status).toBe(201);
    expectSpecValid(J, 'post', '/rest/api/3/issue', res);
    expect(res.body).toMatchObject({ key: 'ITH-4' });
    const [entry] = site.feed.since(0);
    expect(entry?.event).toEqual({
      eventType: 'avi:jira:created:issue',
      atlassianId: DEMO_IDS.carol,
      issue: expect.objectContaining({
        key: 'ITH-4',
        fields: expect.objectContaining({ reporter: { accountId: DEMO_IDS.liam, accountType: 'customer' } }),
      }),
      associatedUsers: [{ accountId: DEMO_IDS.liam }],
    });
    const invalid = await call(site, 'POST', '/rest/api/3/issue', {
      as: DEMO_IDS.carol,
      body: { fields: { project: { key: 'NOPE' } } },
    });
    expect(invalid.status).toBe(400);
    expectSpecValid(J, 'post', '/rest/api/3/issue', invalid);
    expect(Object.keys((invalid.body as { errors: object }).errors).sort()).toEqual([
      'issuetype',
      'project',
      'summary',
    ]);
  });

  it('/search/jql lists a desk’s requests and reporters, walking nextPageToken exactly once', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await call(site, 'GET', '/rest/api/3/search/jql', {
        query: {
          jql: 'project = CS ORDER BY created ASC',
          fields: 'reporter,summary',
          maxResults: 3,
          ...(token ? { nextPageToken: token } : {}),
        },
      });
      expectSpecValid(J, 'get', '/rest/api/3/search/jql', res);
      const body = res.body as {
        issues: { key: string; fields: { reporter: { accountId: string } } }[];
        nextPageToken?: string;
        isLast: boolean;
      };
      seen.push(...body.issues.map((i) => `${i.key}:${i.fields.reporter.accountId}`));
      token = body.nextPageToken;
      expect(body.isLast).toBe(token === undefined);
      pages += 1;
    } while (token !== undefined);
    expect(pages).toBe(2);
    expect(seen).toEqual([
      `CS-1:${DEMO_IDS.noah}`,
      `CS-2:${DEMO_IDS.gracePortal}`,
      `CS-3:${DEMO_IDS.tomPortal}`,
      `CS-4:${DEMO_IDS.olivia}`,
    ]);
    const post = await call(site, 'POST', '/rest/api/3/search/jql', {
      body: { jql: `reporter = ${DEMO_IDS.kevinSignup}`, fields: ['summary'] },
    });
    expectSpecValid(J, 'post', '/rest/api/3/search/jql', post);
    expect((post.body as { issues: { key: string }[] }).issues.map((i) => i.key)).toEqual(['ITH-3']);
    const unbounded = await call(site, 'GET', '/rest/api/3/search/jql', { query: { jql: '' } });
    expect(unbounded.status).toBe(400);
    expectSpecValid(J, 'get', '/rest/api/3/search/jql', unbounded);
  });
});
