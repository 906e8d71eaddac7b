/**
 * The emulated site accepts API tokens as a real site does (local/atlassian-site/api-tokens.ts): Basic auth
 * `email:token` runs as that user with that user's permissions; wrong credentials answer 401 in the
 * product's error shape; a request with no credentials is unchanged (X-Local-Caller / anonymous).
 */
import type { SiteHandle } from '../../../local/atlassian-site/index';
import { DEMO_API_TOKENS, DEMO_DESKS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
import { APP_ID, call, expectSpecValid, startSite } from './support/site-client';

jest.setTimeout(60_000);

let site: SiteHandle;
beforeEach(async () => {
  site = await startSite();
});
afterEach(async () => {
  await site.close();
});

const basic = (email: string, token: string): Record<string, string> => ({
  Authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
});
const alice = DEMO_API_TOKENS.alice;
const carol = DEMO_API_TOKENS.carol;

describe('Basic auth with an API token', () => {
  it('runs as the token owner: GET /myself names that account', async () => {
    const me = await call(site, 'GET', '/rest/api/3/myself', {
      as: 'anonymous',
      headers: basic(alice.email, alice.token),
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ accountId: DEMO_IDS.alice });
    const email = alice.email.toUpperCase(); // the email matches case-insensitively, as an Atlassian login does
    const upper = await call(site, 'GET', '/rest/api/3/myself', {
      as: 'anonymous',
      headers: basic(email, alice.token),
    });
    expect(upper.body).toMatchObject({ accountId: DEMO_IDS.alice });
  });

  it("has the owner's permissions: Carol (IT desk agent only) may list IT's customers, not HR's", async () => {
    const list = (deskId: string, who: { email: string; token: string }) =>
      call(site, 'GET', `/rest/servicedeskapi/servicedesk/${deskId}/customer`, {
        as: 'anonymous',
        headers: { 'X-ExperimentalApi': 'opt-in', ...basic(who.email, who.token) },
      });
    expect((await list(DEMO_DESKS.it, carol)).status).toBe(200);
    expect((await list(DEMO_DESKS.hr, carol)).status).toBe(403);
    expect((await list(DEMO_DESKS.hr, alice)).status).toBe(200); // Alice is a Jira admin
  });

  it.each([
    ['a wrong token', alice.email, 'not-the-token'],
    ["another account's token", alice.email, carol.token],
    ['an unknown email', 'nobody@example.com', alice.token],
    ['no colon', '', ''],
  ])('answers 401 for %s, in the product error shape', async (_label, email, token) => {
    const headers =
      email === ''
        ? { Authorization: `Basic ${Buffer.from('garbage').toString('base64')}` }
        : basic(email, token);
    const response = await call(site, 'GET', '/rest/api/3/serverInfo', { as: 'anonymous', headers });
    expect(response.status).toBe(401);
    expectSpecValid('jira', 'get', '/rest/api/3/serverInfo', response);
    expect(response.text).not.toContain(token.length > 0 ? token : '\u0000');
  });

  it('a wrong token wins over X-Local-Caller: credentials that were sent are checked', async () => {
    const response = await call(site, 'GET', '/rest/api/3/serverInfo', {
      as: DEMO_IDS.alice,
      headers: basic(alice.email, 'wrong'),
    });
    expect(response.status).toBe(401);
  });

  it("charges no app's points quota (API-token traffic has burst limits only)", async () => {
    const used = () => site.governor.quota?.stateFor({ caller: { type: 'app', appId: APP_ID } })?.used ?? -1;
    const before = used();
    const asToken = await call(site, 'GET', '/rest/api/3/user/bulk', {
      as: 'anonymous',
      query: { accountId: DEMO_IDS.bob },
      headers: basic(alice.email, alice.token),
    });
    expect(asToken.status).toBe(200);
    expect(used()).toBe(before);
    // The same read as a Forge asUser call is charged to the app.
    await call(site, 'GET', '/rest/api/3/user/bulk', {
      as: DEMO_IDS.alice,
      query: { accountId: DEMO_IDS.bob },
    });
    expect(used()).toBeGreaterThan(before);
  });

  it('without credentials nothing changes: X-Local-Caller still decides', async () => {
    const response = await call(site, 'GET', '/rest/api/3/myself', { as: DEMO_IDS.bob });
    expect(response.body).toMatchObject({ accountId: DEMO_IDS.bob });
  });
});
