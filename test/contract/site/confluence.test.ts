import type { SiteHandle } from '../../../local/atlassian-site/index';
import { DEMO_GROUP_IDS, DEMO_IDS, DEMO_SPACES } from '../../../local/atlassian-site/scenarios/demo';
import { CONFLUENCE_V2_UNLICENSED_ROLE_ID } from '../../../local/atlassian-site/verify';
import { call, expectSpecValid, startSite } from './support/site-client';

// One site for the tests that only read it (CONTRIBUTING "Test time"); the write test starts its own.
let site: SiteHandle;
beforeAll(async () => {
  site = await startSite();
});
afterAll(async () => {
  await site.close();
});

const V1 = 'confluence-v1' as const;
const V2 = 'confluence-v2' as const;
const G = DEMO_GROUP_IDS;

describe('Confluence v1 (confluence.v1.json)', () => {
  it('GET /user shows isExternalCollaborator only when expanded; hidden email is null', async () => {
    const plain = await call(site, 'GET', '/wiki/rest/api/user', { query: { accountId: DEMO_IDS.heidi } });
    expectSpecValid(V1, 'get', '/wiki/rest/api/user', plain);
    expect(plain.body).not.toHaveProperty('isExternalCollaborator');
    expect((plain.body as { email: unknown }).email).toBeNull();
    const expanded = await call(site, 'GET', '/wiki/rest/api/user', {
      query: { accountId: DEMO_IDS.heidi, expand: 'isExternalCollaborator' },
    });
    expectSpecValid(V1, 'get', '/wiki/rest/api/user', expanded);
    expect(expanded.body).toMatchObject({
      isExternalCollaborator: true,
      externalCollaborator: true,
      accountType: 'atlassian',
    });
    const customer = await call(site, 'GET', '/wiki/rest/api/user', {
      query: { accountId: DEMO_IDS.gracePortal },
    });
    expect(customer.status).toBe(404);
    expectSpecValid(V1, 'get', '/wiki/rest/api/user', customer);
    const badExpand = await call(site, 'GET', '/wiki/rest/api/user', {
      query: { accountId: DEMO_IDS.heidi, expand: 'everything' },
    });
    expect(badExpand.status).toBe(400);
    expect(badExpand.body).toMatchObject({
      statusCode: 400,
      message: expect.any(String),
      data: expect.any(Object),
    });
  });

  it('memberof, group list, by-name and members (with the guest expand)', async () => {
    const memberof = await call(site, 'GET', '/wiki/rest/api/user/memberof', {
      query: { accountId: DEMO_IDS.judy },
    });
    expectSpecValid(V1, 'get', '/wiki/rest/api/user/memberof', memberof);
    expect((memberof.body as { results: { name: string }[] }).results.map((g) => g.name)).toEqual([
      'confluence-guests-acme',
      'hr-kb-partners',
      'jira-servicemanagement-customers-acme',
    ]);
    const groups = await call(site, 'GET', '/wiki/rest/api/group', { query: { limit: 3 } });
    expectSpecValid(V1, 'get', '/wiki/rest/api/group', groups);
    expect((groups.body as { _links: { next?: string } })._links.next).toBe(
      '/rest/api/group?limit=3&start=3',
    );
    const byName = await call(site, 'GET', '/wiki/rest/api/group/by-name', {
      query: { name: 'confluence-guests-acme' },
    });
    expectSpecValid(V1, 'get', '/wiki/rest/api/group/by-name', byName);
    expect(byName.body).toMatchObject({ type: 'group', id: G.confluenceGuests });
    const members = await call(site, 'GET', `/wiki/rest/api/group/${G.confluenceGuests}/membersByGroupId`, {
      query: { expand: 'isExternalCollaborator' },
    });
    expectSpecValid(V1, 'get', '/wiki/rest/api/group/{groupId}/membersByGroupId', members);
    const results = (members.body as { results: { accountId: string; isExternalCollaborator: boolean }[] })
      .results;
    expect(results.every((u) => u.isExternalCollaborator)).toBe(true);
    expect(results).toHaveLength(5);
  });

  it('group writes: 403 unless a site admin; portal-only accounts cannot join', async () => {
    const own = await startSite();
    try {
      const body = { accountId: DEMO_IDS.peggy };
      const asApp = await call(own, 'POST', '/wiki/rest/api/group/userByGroupId', {
        query: { groupId: G.hrKbPartners },
        body,
      });
      expect(asApp.status).toBe(403);
      expectSpecValid(V1, 'post', '/wiki/rest/api/group/userByGroupId', asApp);
      const ok = await call(own, 'POST', '/wiki/rest/api/group/userByGroupId', {
        as: DEMO_IDS.alice,
        query: { groupId: G.hrKbPartners },
        body,
      });
      expect(ok.status).toBe(201);
      expectSpecValid(V1, 'post', '/wiki/rest/api/group/userByGroupId', ok);
      const portal = await call(own, 'POST', '/wiki/rest/api/group/userByGroupId', {
        as: DEMO_IDS.alice,
        query: { groupId: G.hrKbPartners },
        body: { accountId: DEMO_IDS.mia },
      });
      expect(portal.status).toBe(400);
      expectSpecValid(V1, 'post', '/wiki/rest/api/group/userByGroupId', portal);
      const removed = await call(own, 'DELETE', '/wiki/rest/api/group/userByGroupId', {
        as: DEMO_IDS.alice,
        query: { groupId: G.hrKbPartners, accountId: DEMO_IDS.ivan },
      });
      expect(removed.status).toBe(204);
      expectSpecValid(V1, 'delete', '/wiki/rest/api/group/userByGroupId', removed);
      const denied = await call(own, 'DELETE', '/wiki/rest/api/group/userByGroupId', {
        as: DEMO_IDS.erin,
        query: { groupId: G.hrKbPartners, accountId: DEMO_IDS.judy },
      });
      expect(denied.status).toBe(403);
      expect(own.state.writeLog.map((w) => `${w.kind}:${w.accountId ?? ''}`)).toEqual([
        `group.add:${DEMO_IDS.peggy}`,
        `group.remove:${DEMO_IDS.ivan}`,
      ]);
    } finally {
      await own.close();
    }
  });

  it('removed v1 operations answer 410 GoneException (operations/removed.ts); group operations stay', async () => {
    for (const [path, query] of [
      ['/wiki/rest/api/space/ITKB', { expand: 'permissions' }],
      ['/wiki/rest/api/space', {}],
      ['/wiki/rest/api/content', {}],
      ['/wiki/rest/api/content/1', {}],
    ] as const) {
      const gone = await call(site, 'GET', path, { query });
      expect({ path, status: gone.status }).toEqual({ path, status: 410 });
      expect(gone.body).toMatchObject({
        statusCode: 410,
        message: expect.stringContaining('GoneException: This deprecated endpoint has been removed.'),
      });
    }
    const anonymous = await call(site, 'GET', '/wiki/rest/api/space/ITKB', { as: 'anonymous' });
    expect(anonymous.status).toBe(401);
    const served = await call(site, 'GET', '/wiki/rest/api/user/memberof', {
      query: { accountId: DEMO_IDS.judy },
    });
    expect(served.status).toBe(200);
  });
});

describe('Confluence v2 (confluence.v2.json)', () => {
  it('spaces by key, by id, permissions and operations', async () => {
    const byKey = await call(site, 'GET', '/wiki/api/v2/spaces', { query: { keys: 'HRKB,CSKB' } });
    expectSpecValid(V2, 'get', '/spaces', byKey);
    expect((byKey.body as { results: { id: string }[] }).results.map((s) => s.id)).toEqual([
      DEMO_SPACES.hrKb,
      DEMO_SPACES.supportKb,
    ]);
    const one = await call(site, 'GET', `/wiki/api/v2/spaces/${DEMO_SPACES.hrKb}`, {
      query: { 'include-permissions': true, 'include-operations': true },
    });
    expectSpecValid(V2, 'get', '/spaces/{id}', one);
    const perms = await call(site, 'GET', `/wiki/api/v2/spaces/${DEMO_SPACES.hrKb}/permissions`, {
      query: { limit: 250 },
    });
    expectSpecValid(V2, 'get', '/spaces/{id}/permissions', perms);
    const principals = (perms.body as { results: { principal: { type: string; id: string } }[] }).results.map(
      (r) => `${r.principal.type}:${r.principal.id}`,
    );
    expect(principals).toContain('role:ANONYMOUS');
    expect(principals).toContain(`user:${DEMO_IDS.heidi}`);
    // ITKB: "All logged-in users" (JSM unlicensed access), not anonymous: a role other than ANONYMOUS.
    const itkb = await call(site, 'GET', `/wiki/api/v2/spaces/${DEMO_SPACES.itKb}/permissions`, {
      query: { limit: 250 },
    });
    expectSpecValid(V2, 'get', '/spaces/{id}/permissions', itkb);
    const itkbRoles = (itkb.body as { results: { principal: { type: string; id: string } }[] }).results
      .filter((r) => r.principal.type === 'role')
      .map((r) => r.principal.id);
    expect(itkbRoles).toEqual([CONFLUENCE_V2_UNLICENSED_ROLE_ID]);
    const ops = await call(site, 'GET', `/wiki/api/v2/spaces/${DEMO_SPACES.hrKb}/operations`, {
      as: DEMO_IDS.bob,
    });
    expectSpecValid(V2, 'get', '/spaces/{id}/operations', ops);
    expect(
      (ops.body as { operations: { operation: string; targetType: string }[] }).operations,
    ).toContainEqual({ operation: 'administer', targetType: 'space' });
    const guestOps = await call(site, 'GET', `/wiki/api/v2/spaces/${DEMO_SPACES.hrKb}/operations`, {
      as: DEMO_IDS.heidi,
    });
    expect(
      (guestOps.body as { operations: { operation: string }[] }).operations.map((o) => o.operation),
    ).not.toContain('administer');
    const missing = await call(site, 'GET', '/wiki/api/v2/spaces/999');
    expect(missing.status).toBe(404);
    expectSpecValid(V2, 'get', '/spaces/{id}', missing);
    const badId = await call(site, 'GET', '/wiki/api/v2/spaces/abc');
    expect(badId.status).toBe(400);
    expectSpecValid(V2, 'get', '/spaces/{id}', badId);
  });

  it('POST /users-bulk returns accountType, status, guest flag; hidden email is empty', async () => {
    const res = await call(site, 'POST', '/wiki/api/v2/users-bulk', {
      body: { accountIds: [DEMO_IDS.gracePortal, DEMO_IDS.graceGuest, DEMO_IDS.wendy, DEMO_IDS.victor] },
    });
    expectSpecValid(V2, 'post', '/users-bulk', res);
    const users = (
      res.body as {
        results: {
          accountType: string;
          accountStatus: string;
          isExternalCollaborator: boolean;
          email: string;
        }[];
      }
    ).results;
    expect(users.map((u) => [u.accountType, u.accountStatus, u.isExternalCollaborator])).toEqual([
      ['customer', 'active', false],
      ['atlassian', 'active', true],
      ['atlassian', 'active', false],
      ['atlassian', 'inactive', false],
    ]);
    expect(users[2]?.email).toBe('');
    const empty = await call(site, 'POST', '/wiki/api/v2/users-bulk', { body: { accountIds: [] } });
    expect(empty.status).toBe(400);
    expectSpecValid(V2, 'post', '/users-bulk', empty);
  });
});
