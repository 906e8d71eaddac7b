import type { SiteHandle } from '../../../local/atlassian-site/index';
import { DEMO_DESKS, DEMO_GROUP_IDS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
import { BUILT_IN_PROJECT_PERMISSION_KEYS } from '../../../local/atlassian-site/operations/jira';
import { loadSpec } from '../../../local/atlassian-site/spec-documents';
import { JIRA_USER_BULK_MAX_IDS } from '../../../local/atlassian-site/verify';
import { call, expectSpecValid, startSite } from './support/site-client';

let site: SiteHandle;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site.close();
});

const J = 'jira' as const;
type JiraUser = {
  accountId: string;
  accountType: string;
  emailAddress?: string;
  active: boolean;
  groups?: { items: { name: string }[] };
  applicationRoles?: { items: { key: string }[] };
};

describe('Jira platform users (jira-platform.v3.json)', () => {
  it('GET /user with expand=groups,applicationRoles is spec-valid and shows the Customer role', async () => {
    const res = await call(site, 'GET', '/rest/api/3/user', {
      query: { accountId: DEMO_IDS.judy, expand: 'groups,applicationRoles' },
    });
    expect(res.status).toBe(200);
    expectSpecValid(J, 'get', '/rest/api/3/user', res);
    const user = res.body as JiraUser;
    expect(user.groups?.items.map((g) => g.name)).toContain('jira-servicemanagement-customers-acme');
    expect(user.applicationRoles?.items.map((r) => r.key)).toEqual(['jira-servicedesk-customer']);
  });

  it('hides a private email in profile, search and list results', async () => {
    const profile = await call(site, 'GET', '/rest/api/3/user', { query: { accountId: DEMO_IDS.heidi } });
    expectSpecValid(J, 'get', '/rest/api/3/user', profile);
    expect(profile.body).not.toHaveProperty('emailAddress');
    const visible = await call(site, 'GET', '/rest/api/3/user', { query: { accountId: DEMO_IDS.alice } });
    expect((visible.body as JiraUser).emailAddress).toBe('alice.morgan@example.com');
    const search = await call(site, 'GET', '/rest/api/3/user/search', { query: { query: 'Heidi' } });
    expectSpecValid(J, 'get', '/rest/api/3/user/search', search);
    expect((search.body as JiraUser[]).map((u) => u.accountId)).toEqual([DEMO_IDS.heidi]);
    expect((search.body as JiraUser[])[0]).not.toHaveProperty('emailAddress');
    const byHiddenEmail = await call(site, 'GET', '/rest/api/3/user/search', {
      query: { query: 'heidi.novak@' },
    });
    expect(byHiddenEmail.body).toEqual([]);
  });

  it('/user/email returns a hidden email to the app and 401 to a user caller', async () => {
    const asApp = await call(site, 'GET', '/rest/api/3/user/email', { query: { accountId: DEMO_IDS.heidi } });
    expect(asApp.status).toBe(200);
    expectSpecValid(J, 'get', '/rest/api/3/user/email', asApp);
    expect(asApp.body).toEqual({ accountId: DEMO_IDS.heidi, email: 'heidi.novak@example.com' });
    const asUser = await call(site, 'GET', '/rest/api/3/user/email', {
      as: DEMO_IDS.alice,
      query: { accountId: DEMO_IDS.heidi },
    });
    expect(asUser.status).toBe(401);
    expectSpecValid(J, 'get', '/rest/api/3/user/email', asUser);
    const unknown = await call(site, 'GET', '/rest/api/3/user/email', { query: { accountId: 'nope' } });
    expect(unknown.status).toBe(404);
    expectSpecValid(J, 'get', '/rest/api/3/user/email', unknown);
    const unresolved = await call(site, 'GET', '/rest/api/3/user/email', {
      query: { accountId: DEMO_IDS.legacy },
    });
    expect(unresolved.body).toEqual({ accountId: DEMO_IDS.legacy });
  });

  it('/user/email/bulk returns every requested email (items valid UnrestrictedUserEmail)', async () => {
    const res = await call(site, 'GET', '/rest/api/3/user/email/bulk', {
      query: { accountId: [DEMO_IDS.kevinSignup, DEMO_IDS.wendy] },
    });
    expect(res.status).toBe(200);
    const records = res.body as { accountId: string; email: string }[];
    expect(records).toEqual([
      { accountId: DEMO_IDS.kevinSignup, email: 'kevin.flynn@example.com' },
      { accountId: DEMO_IDS.wendy, email: 'wendy.zhang@example.com' },
    ]);
    for (const record of records)
      expectSpecValid(J, 'get', '/rest/api/3/user/email/bulk', {
        ...res,
        body: record,
        text: JSON.stringify(record),
      });
    const asUser = await call(site, 'GET', '/rest/api/3/user/email/bulk', {
      as: DEMO_IDS.alice,
      query: { accountId: DEMO_IDS.wendy },
    });
    expect(asUser.status).toBe(401);
  });

  it('/user/search returns active users only, portal-only customers included; anonymous gets []', async () => {
    const res = await call(site, 'GET', '/rest/api/3/user/search', { query: { query: 'Kevin' } });
    expectSpecValid(J, 'get', '/rest/api/3/user/search', res);
    expect((res.body as JiraUser[]).map((u) => u.accountType).sort()).toEqual(['atlassian', 'customer']);
    const inactive = await call(site, 'GET', '/rest/api/3/user/search', { query: { query: 'Victor' } });
    expect(inactive.body).toEqual([]);
    const missing = await call(site, 'GET', '/rest/api/3/user/search');
    expect(missing.status).toBe(400);
    expectSpecValid(J, 'get', '/rest/api/3/user/search', missing);
    const anonymous = await call(site, 'GET', '/rest/api/3/user/search', {
      as: 'anonymous',
      query: { query: 'K' },
    });
    // "This operation can be accessed anonymously. … Anonymous calls … return empty search results." (findUsers)
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual([]);
  });

  it('/users/search lists Atlassian (and app) accounts only, including inactive and closed', async () => {
    const res = await call(site, 'GET', '/rest/api/3/users/search', { query: { maxResults: 1000 } });
    expectSpecValid(J, 'get', '/rest/api/3/users/search', res);
    const users = res.body as JiraUser[];
    expect(users.every((u) => u.accountType !== 'customer')).toBe(true);
    expect(users.map((u) => u.accountId)).toEqual(expect.arrayContaining([DEMO_IDS.victor, DEMO_IDS.xavier]));
    expect(users.find((u) => u.accountId === DEMO_IDS.victor)?.active).toBe(false);
  });

  it('/user/bulk pages a PageBeanUser', async () => {
    const res = await call(site, 'GET', '/rest/api/3/user/bulk', {
      query: { accountId: [DEMO_IDS.gracePortal, DEMO_IDS.graceGuest, 'unknown-id'], maxResults: 1 },
    });
    expectSpecValid(J, 'get', '/rest/api/3/user/bulk', res);
    const page = res.body as { values: JiraUser[]; isLast: boolean; total: number; nextPage?: string };
    expect(page).toMatchObject({ total: 2, isLast: false });
    expect(page.values.map((u) => u.accountType)).toEqual(['customer']);
    expect(page.nextPage).toContain('startAt=1');
  });

  it("/user/bulk enforces the spec's bound of 128 accountId values; maxResults has no cap of its own", async () => {
    const spec = loadSpec('jira').paths as Record<
      string,
      { get: { parameters: { name: string; schema: { maxLength?: number } }[] } }
    >;
    const bound = spec['/rest/api/3/user/bulk']!.get.parameters.find((p) => p.name === 'accountId')!.schema
      .maxLength;
    expect(bound).toBe(JIRA_USER_BULK_MAX_IDS);
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => (i === 0 ? DEMO_IDS.alice : `unknown-${i}`));
    const tooMany = await call(site, 'GET', '/rest/api/3/user/bulk', { query: { accountId: ids(129) } });
    expect(tooMany.status).toBe(400);
    const atBound = await call(site, 'GET', '/rest/api/3/user/bulk', {
      query: { accountId: [...Object.values(DEMO_IDS)].slice(0, 128), maxResults: 128 },
    });
    expect(atBound.status).toBe(200);
    const page = atBound.body as { values: JiraUser[]; isLast: boolean; total: number };
    expect(page.isLast).toBe(true);
    expect(page.values).toHaveLength(page.total);
  });

  it('/user/groups lists the groups of a guest', async () => {
    const res = await call(site, 'GET', '/rest/api/3/user/groups', {
      query: { accountId: DEMO_IDS.graceGuest },
    });
    expectSpecValid(J, 'get', '/rest/api/3/user/groups', res);
    expect((res.body as { name: string }[]).map((g) => g.name)).toEqual(['confluence-guests-acme']);
  });

  it('/myself and /serverInfo are spec-valid', async () => {
    const me = await call(site, 'GET', '/rest/api/3/myself', { as: DEMO_IDS.carol });
    expectSpecValid(J, 'get', '/rest/api/3/myself', me);
    expect((me.body as JiraUser).accountId).toBe(DEMO_IDS.carol);
    const appMe = await call(site, 'GET', '/rest/api/3/myself');
    expect((appMe.body as JiraUser).accountType).toBe('app');
    const info = await call(site, 'GET', '/rest/api/3/serverInfo');
    expectSpecValid(J, 'get', '/rest/api/3/serverInfo', info);
    expect((info.body as { serverTime: string }).serverTime).toBe('2026-11-23T09:00:00.000+0000');
  });

  it('/mypermissions: ADMINISTER_PROJECTS from desk admins, ADMINISTER from Jira admins', async () => {
    const carol = await call(site, 'GET', '/rest/api/3/mypermissions', {
      as: DEMO_IDS.carol,
      query: { permissions: 'ADMINISTER_PROJECTS,ADMINISTER', projectKey: 'ITH' },
    });
    expectSpecValid(J, 'get', '/rest/api/3/mypermissions', carol);
    const perms = (carol.body as { permissions: Record<string, { havePermission: boolean }> }).permissions;
    expect(perms.ADMINISTER_PROJECTS?.havePermission).toBe(true);
    expect(perms.ADMINISTER?.havePermission).toBe(false);
    const otherDesk = await call(site, 'GET', '/rest/api/3/mypermissions', {
      as: DEMO_IDS.carol,
      query: { permissions: 'ADMINISTER_PROJECTS', projectKey: 'HR' },
    });
    expect(
      (otherDesk.body as { permissions: Record<string, { havePermission: boolean }> }).permissions
        .ADMINISTER_PROJECTS?.havePermission,
    ).toBe(false);
    const noParam = await call(site, 'GET', '/rest/api/3/mypermissions', { as: DEMO_IDS.carol });
    expect(noParam.status).toBe(400);
    expectSpecValid(J, 'get', '/rest/api/3/mypermissions', noParam);
    const noProject = await call(site, 'GET', '/rest/api/3/mypermissions', {
      query: { permissions: 'ADMINISTER', projectKey: 'NOPE' },
    });
    expect(noProject.status).toBe(404);
    expectSpecValid(J, 'get', '/rest/api/3/mypermissions', noProject);
  });

  it('POST /permissions/check answers for another account when the app asks', async () => {
    const res = await call(site, 'POST', '/rest/api/3/permissions/check', {
      body: {
        accountId: DEMO_IDS.bob,
        globalPermissions: ['ADMINISTER'],
        projectPermissions: [{ permissions: ['ADMINISTER_PROJECTS'], projects: [10001, 10002] }],
      },
    });
    expectSpecValid(J, 'post', '/rest/api/3/permissions/check', res);
    expect(res.body).toEqual({
      globalPermissions: ['ADMINISTER'],
      projectPermissions: [{ permission: 'ADMINISTER_PROJECTS', projects: [10001, 10002], issues: [] }],
    });
    const denied = await call(site, 'POST', '/rest/api/3/permissions/check', {
      as: DEMO_IDS.carol,
      body: { accountId: DEMO_IDS.bob, globalPermissions: ['ADMINISTER'] },
    });
    expect(denied.status).toBe(403);
    expectSpecValid(J, 'post', '/rest/api/3/permissions/check', denied);
  });

  it('rejects a request the spec forbids with 400 in the Jira error shape', async () => {
    const res = await call(site, 'GET', '/rest/api/3/group/member', {
      query: { groupId: DEMO_GROUP_IDS.customers, maxResults: 'lots' },
    });
    expect(res.status).toBe(400);
    expectSpecValid(J, 'get', '/rest/api/3/group/member', res);
    expect((res.body as { errorMessages: string[] }).errorMessages.join(' ')).toMatch(/maxResults/);
    const badBody = await call(site, 'POST', '/rest/api/3/permissions/check', {
      body: { unknownField: true },
    });
    expect(badBody.status).toBe(400);
    expectSpecValid(J, 'post', '/rest/api/3/permissions/check', badBody);
  });

  it('answers 501 for a spec operation the site does not implement, 404 for a non-spec path', async () => {
    const unimplemented = await call(site, 'GET', '/rest/api/3/project/search');
    expect(unimplemented.status).toBe(501);
    expect((unimplemented.body as { errorMessages: string[] }).errorMessages[0]).toMatch(
      /searchProjects.*not implemented/,
    );
    const notSpec = await call(site, 'GET', '/rest/api/3/no-such-thing');
    expect(notSpec.status).toBe(404);
    const notAtlassian = await call(site, 'GET', '/elsewhere');
    expect(notAtlassian.status).toBe(404);
  });

  it('users appear for the desk ids in the demo', () => {
    expect(site.state.desks.get(DEMO_DESKS.it)?.projectKey).toBe('ITH');
  });
});

describe('where the spec states a behaviour, the site does it', () => {
  it('/user/search given both query and accountId is 400 (findUsers 400: "query and accountId are provided")', async () => {
    const both = await call(site, 'GET', '/rest/api/3/user/search', {
      query: { query: 'Kevin', accountId: DEMO_IDS.carol },
    });
    expect(both.status).toBe(400);
    expectSpecValid(J, 'get', '/rest/api/3/user/search', both);
    const byId = await call(site, 'GET', '/rest/api/3/user/search', { query: { accountId: DEMO_IDS.carol } });
    expect((byId.body as JiraUser[]).map((u) => u.accountId)).toEqual([DEMO_IDS.carol]);
  });

  it('/mypermissions accepts every built-in permission key (getAllPermissionSchemes "Built-in permissions")', async () => {
    const keys = [
      ...BUILT_IN_PROJECT_PERMISSION_KEYS,
      'ADMINISTER',
      'SYSTEM_ADMIN',
      'USER_PICKER',
      'BULK_CHANGE',
    ];
    const res = await call(site, 'GET', '/rest/api/3/mypermissions', {
      as: DEMO_IDS.carol,
      query: { permissions: keys.join(','), projectKey: 'ITH' },
    });
    expect(res.status).toBe(200);
    expectSpecValid(J, 'get', '/rest/api/3/mypermissions', res);
    const perms = (
      res.body as { permissions: Record<string, { key: string; type: string; havePermission: boolean }> }
    ).permissions;
    expect(Object.keys(perms).sort()).toEqual([...keys].sort());
    expect(perms.EDIT_ISSUES).toMatchObject({ type: 'PROJECT', havePermission: true, name: 'Edit Issues' });
    expect(perms.BULK_CHANGE?.type).toBe('GLOBAL');
    const invalid = await call(site, 'GET', '/rest/api/3/mypermissions', {
      as: DEMO_IDS.carol,
      query: { permissions: 'EDIT_ISSUES,NOT_A_PERMISSION' },
    });
    expect(invalid.status).toBe(400);
    expectSpecValid(J, 'get', '/rest/api/3/mypermissions', invalid);
  });

  it('anonymous callers get what the spec says on "can be accessed anonymously" operations, 401 elsewhere', async () => {
    const anon = { as: 'anonymous' } as const;
    const info = await call(site, 'GET', '/rest/api/3/serverInfo', anon);
    expect(info.status).toBe(200);
    expectSpecValid(J, 'get', '/rest/api/3/serverInfo', info);
    const groups = await call(site, 'GET', '/rest/api/3/groups/picker', {
      ...anon,
      query: { query: 'confluence' },
    });
    expect(groups.status).toBe(200);
    expectSpecValid(J, 'get', '/rest/api/3/groups/picker', groups);
    expect((groups.body as { groups: unknown[] }).groups).toEqual([]);
    const mine = await call(site, 'GET', '/rest/api/3/mypermissions', {
      ...anon,
      query: { permissions: 'BROWSE_PROJECTS,ADMINISTER' },
    });
    expect(mine.status).toBe(200);
    const minePerms = (mine.body as { permissions: Record<string, { havePermission: boolean }> }).permissions;
    expect(Object.values(minePerms).map((p) => p.havePermission)).toEqual([false, false]);
    const issues = await call(site, 'GET', '/rest/api/3/search/jql', {
      ...anon,
      query: { jql: 'project = ITH' },
    });
    expect(issues.status).toBe(200);
    expect((issues.body as { issues: unknown[] }).issues).toEqual([]);
    expect((await call(site, 'GET', '/rest/api/3/myself', anon)).status).toBe(401);
    expect(
      (await call(site, 'GET', '/rest/api/3/user', { ...anon, query: { accountId: DEMO_IDS.carol } })).status,
    ).toBe(401);
  });
});
