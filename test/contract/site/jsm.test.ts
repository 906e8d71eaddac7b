import type { SiteHandle } from '../../../local/atlassian-site/index';
import { DEMO_DESKS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
import { call, expectSpecValid, startSite } from './support/site-client';

let site: SiteHandle;
beforeEach(async () => {
  site = await startSite();
});
afterEach(async () => {
  await site.close();
});

const S = 'jsm' as const;
const OPT_IN = { 'X-ExperimentalApi': 'opt-in' };
const CUSTOMERS = '/rest/servicedeskapi/servicedesk/{serviceDeskId}/customer';
type Paged = {
  values: { accountId: string; emailAddress?: string }[];
  isLastPage: boolean;
  size: number;
  _links: { next?: string };
};

describe('JSM service desks and customers (jsm.v3.json)', () => {
  it('lists desks and reads one by desk id or project key', async () => {
    const list = await call(site, 'GET', '/rest/servicedeskapi/servicedesk');
    expectSpecValid(S, 'get', '/rest/servicedeskapi/servicedesk', list);
    expect((list.body as { values: { projectKey: string }[] }).values.map((d) => d.projectKey)).toEqual([
      'ITH',
      'HR',
      'CS',
    ]);
    const byKey = await call(site, 'GET', '/rest/servicedeskapi/servicedesk/HR');
    expectSpecValid(S, 'get', '/rest/servicedeskapi/servicedesk/{serviceDeskId}', byKey);
    expect(byKey.body).toMatchObject({ id: DEMO_DESKS.hr, projectId: '10002' });
    const missing = await call(site, 'GET', '/rest/servicedeskapi/servicedesk/99');
    expect(missing.status).toBe(404);
    expectSpecValid(S, 'get', '/rest/servicedeskapi/servicedesk/{serviceDeskId}', missing);
  });

  it('GET customers needs X-ExperimentalApi: opt-in', async () => {
    const without = await call(site, 'GET', `/rest/servicedeskapi/servicedesk/${DEMO_DESKS.hr}/customer`);
    expect(without.status).toBe(412);
    expect(without.body).toMatchObject({ errorMessage: expect.stringMatching(/X-ExperimentalApi: opt-in/) });
    const withHeader = await call(site, 'GET', `/rest/servicedeskapi/servicedesk/${DEMO_DESKS.hr}/customer`, {
      headers: OPT_IN,
    });
    expect(withHeader.status).toBe(200);
    expectSpecValid(S, 'get', CUSTOMERS, withHeader);
    const heidi = (withHeader.body as Paged).values.find((u) => u.accountId === DEMO_IDS.heidi);
    expect(heidi).toBeDefined();
    expect(heidi).not.toHaveProperty('emailAddress');
  });

  it('query matches display names and visible emails', async () => {
    const res = await call(site, 'GET', `/rest/servicedeskapi/servicedesk/ITH/customer`, {
      headers: OPT_IN,
      query: { query: 'kevin' },
    });
    expectSpecValid(S, 'get', CUSTOMERS, res);
    expect((res.body as Paged).values.map((u) => u.accountId)).toEqual([
      DEMO_IDS.kevinPortal,
      DEMO_IDS.kevinSignup,
    ]);
    const byEmail = await call(site, 'GET', `/rest/servicedeskapi/servicedesk/CS/customer`, {
      headers: OPT_IN,
      query: { query: 'noah.patel@' },
    });
    expect((byEmail.body as Paged).values.map((u) => u.accountId)).toEqual([DEMO_IDS.noah]);
  });

  it('DELETE customers: opt-in required, 400 on open and public desks, 204 on closed', async () => {
    const body = { accountIds: [DEMO_IDS.mallory] };
    const noHeader = await call(
      site,
      'DELETE',
      `/rest/servicedeskapi/servicedesk/${DEMO_DESKS.hr}/customer`,
      { body },
    );
    expect(noHeader.status).toBe(412);
    for (const deskId of [DEMO_DESKS.it, DEMO_DESKS.support]) {
      const res = await call(site, 'DELETE', `/rest/servicedeskapi/servicedesk/${deskId}/customer`, {
        headers: OPT_IN,
        body: { accountIds: [DEMO_IDS.noah] },
      });
      expect(res.status).toBe(400);
      expectSpecValid(S, 'delete', CUSTOMERS, res);
    }
    const denied = await call(site, 'DELETE', `/rest/servicedeskapi/servicedesk/${DEMO_DESKS.hr}/customer`, {
      as: DEMO_IDS.carol,
      headers: OPT_IN,
      body,
    });
    expect(denied.status).toBe(403);
    expectSpecValid(S, 'delete', CUSTOMERS, denied);
    const ok = await call(site, 'DELETE', `/rest/servicedeskapi/servicedesk/${DEMO_DESKS.hr}/customer`, {
      as: DEMO_IDS.bob,
      headers: OPT_IN,
      body,
    });
    expect(ok.status).toBe(204);
    expectSpecValid(S, 'delete', CUSTOMERS, ok);
    expect(site.state.desks.get(DEMO_DESKS.hr)?.customers.has(DEMO_IDS.mallory)).toBe(false);
    expect(site.state.writeLog.map((w) => w.kind)).toEqual(['desk.customer.remove']);
  });

  it('POST customers adds existing accounts, grants the Customer role to Atlassian accounts, 400 for unknown ids', async () => {
    const res = await call(site, 'POST', `/rest/servicedeskapi/servicedesk/${DEMO_DESKS.support}/customer`, {
      body: { accountIds: [DEMO_IDS.graceGuest, 'does-not-exist'] },
    });
    expect(res.status).toBe(400);
    expectSpecValid(S, 'post', CUSTOMERS, res);
    expect(site.state.desks.get(DEMO_DESKS.support)?.customers.has(DEMO_IDS.graceGuest)).toBe(true);
    expect(site.state.hasCustomerRole(DEMO_IDS.graceGuest)).toBe(true);
    const ok = await call(site, 'POST', `/rest/servicedeskapi/servicedesk/${DEMO_DESKS.support}/customer`, {
      body: { accountIds: [DEMO_IDS.graceGuest] },
    });
    expect(ok.status).toBe(204);
    expectSpecValid(S, 'post', CUSTOMERS, ok);
    expect(site.feed.lastSeq).toBe(0);
  });

  it('POST /customer creates a portal-only qm: account; 409 with strictConflictStatusCode, else 400', async () => {
    const res = await call(site, 'POST', '/rest/servicedeskapi/customer', {
      body: { email: 'sam.lowry@example.org', displayName: 'Sam Lowry' },
    });
    expect(res.status).toBe(201);
    expectSpecValid(S, 'post', '/rest/servicedeskapi/customer', res);
    const created = res.body as { accountId: string; emailAddress: string };
    expect(created.accountId).toMatch(/^qm:[0-9a-f-]{36}:[0-9a-f]+$/);
    expect(site.state.accounts.get(created.accountId)?.accountType).toBe('customer');
    const strict = await call(site, 'POST', '/rest/servicedeskapi/customer', {
      query: { strictConflictStatusCode: true },
      body: { email: 'sam.lowry@example.org', displayName: 'Sam' },
    });
    expect(strict.status).toBe(409);
    expectSpecValid(S, 'post', '/rest/servicedeskapi/customer', strict);
    const loose = await call(site, 'POST', '/rest/servicedeskapi/customer', {
      body: { email: 'sam.lowry@example.org', displayName: 'Sam' },
    });
    expect(loose.status).toBe(400);
    const invalid = await call(site, 'POST', '/rest/servicedeskapi/customer', {
      body: { email: 'x@example.org', nickname: 'x' },
    });
    expect(invalid.status).toBe(400);
    expectSpecValid(S, 'post', '/rest/servicedeskapi/customer', invalid);
    const notAdmin = await call(site, 'POST', '/rest/servicedeskapi/customer', {
      as: DEMO_IDS.carol,
      body: { email: 'y@example.org', displayName: 'Y' },
    });
    expect(notAdmin.status).toBe(403);
    expect(site.feed.lastSeq).toBe(0);
  });

  it('organizations: list (all, per desk, per account) and members', async () => {
    const all = await call(site, 'GET', '/rest/servicedeskapi/organization');
    expectSpecValid(S, 'get', '/rest/servicedeskapi/organization', all);
    expect((all.body as { values: { name: string }[] }).values.map((o) => o.name)).toEqual([
      'Globex Corporation',
      'Initech',
    ]);
    const forDesk = await call(site, 'GET', `/rest/servicedeskapi/servicedesk/${DEMO_DESKS.hr}/organization`);
    expectSpecValid(S, 'get', '/rest/servicedeskapi/servicedesk/{serviceDeskId}/organization', forDesk);
    expect((forDesk.body as { values: { name: string }[] }).values.map((o) => o.name)).toEqual(['Initech']);
    const forAccount = await call(site, 'GET', '/rest/servicedeskapi/organization', {
      query: { accountId: DEMO_IDS.noah },
    });
    expect((forAccount.body as { values: { name: string }[] }).values.map((o) => o.name)).toEqual([
      'Globex Corporation',
    ]);
    const members = await call(site, 'GET', '/rest/servicedeskapi/organization/2/user');
    expectSpecValid(S, 'get', '/rest/servicedeskapi/organization/{organizationId}/user', members);
    expect((members.body as Paged).values.map((u) => u.accountId)).toEqual([DEMO_IDS.mia, DEMO_IDS.priya]);
    const bad = await call(site, 'GET', '/rest/servicedeskapi/organization/abc/user');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errorMessage: expect.stringMatching(/organizationId/) });
  });
});
