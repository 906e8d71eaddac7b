/**
 * The site's default governor is the real one: every Atlassian response carries the documented rate-limit
 * headers, the meter charges the documented points, and /__local/faults scripts faults by seed.
 */
import type { SiteHandle } from '../../../local/atlassian-site/index';
import { DEMO_GROUP_IDS } from '../../../local/atlassian-site/scenarios/demo';
import { call, startSite } from './support/site-client';

interface MeterReportShape {
  totals: { calls: number; points: number };
  operations: { operationId: string; calls: number; points: number }[];
}

describe('the emulated site runs the real governor by default', () => {
  let site: SiteHandle;
  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(() => site.close());
  beforeEach(async () => {
    await call(site, 'POST', '/__local/limits/reset');
    await call(site, 'PUT', '/__local/faults', { body: {} });
  });

  it('charges 1 + 2 per user for a group member page and reports it in the meter', async () => {
    const page = await call(site, 'GET', '/rest/api/3/group/member', {
      query: { groupId: DEMO_GROUP_IDS.customers, maxResults: 50 },
    });
    expect(page.status).toBe(200);
    const users = (page.body as { values: unknown[] }).values.length;
    expect(users).toBeGreaterThan(0);
    expect(page.headers.get('x-ratelimit-limit')).toBe('65000');
    expect(page.headers.get('x-ratelimit-remaining')).toBe(String(65000 - (1 + 2 * users)));
    expect(page.headers.get('ratelimit-policy')).toBe('"global-app-quota";q=65000;w=3600');

    const meter = (await call(site, 'GET', '/__local/meter')).body as MeterReportShape;
    const op = meter.operations.find((o) => o.operationId === 'getUsersFromGroup');
    expect(op).toMatchObject({ calls: 1, points: 1 + 2 * users });
    expect(meter.totals.points).toBe(1 + 2 * users);
  });

  it('serves scripted faults and rejects an invalid fault config with its issues', async () => {
    const bad = await call(site, 'PUT', '/__local/faults', { body: { script: [{ status: 'oops' }] } });
    expect(bad.status).toBe(400);
    expect((bad.body as { issues: string[] }).issues.length).toBeGreaterThan(0);

    const configured = await call(site, 'PUT', '/__local/faults', {
      body: {
        script: [
          { match: { operationId: 'getServerInfo' }, nth: 2, action: { kind: 'status', status: 503 } },
        ],
      },
    });
    expect(configured.status).toBe(200);
    expect((await call(site, 'GET', '/rest/api/3/serverInfo')).status).toBe(200);
    expect((await call(site, 'GET', '/rest/api/3/serverInfo')).status).toBe(503);
    expect((await call(site, 'GET', '/rest/api/3/serverInfo')).status).toBe(200);
  });

  it('stamps Date from the virtual clock, the same clock as serverTime and X-RateLimit-Reset', async () => {
    await site.clock.advance(40 * 24 * 3_600_000);
    const info = await call(site, 'GET', '/rest/api/3/serverInfo');
    const date = Date.parse(info.headers.get('date') ?? '');
    expect(date).toBe(Math.floor(site.clock.now() / 1000) * 1000);
    const serverTime = Date.parse((info.body as { serverTime: string }).serverTime.replace('+0000', 'Z'));
    expect(Math.abs(serverTime - date)).toBeLessThan(1000);
    const reset = Date.parse(info.headers.get('x-ratelimit-reset') ?? '');
    expect(reset).toBeGreaterThan(date);
    expect(reset - date).toBeLessThanOrEqual(3_600_000);
    const control = await call(site, 'GET', '/__local/health');
    expect(Date.parse(control.headers.get('date') ?? '')).toBe(date);
  });
});
