import { createGovernor, createQuotaPool, pointsFor } from '../../../local/atlassian-site/governor';
import {
  addUserToGroup,
  clockAt,
  confluenceGetUser,
  CORE,
  getUsersFromGroup,
  IDENTITY,
  OTHER_APP,
  USER,
} from './helpers';

describe('points model (forge-platform.md §3.8)', () => {
  it('charges the documented worked example: group/member returning 8 users costs 17 points', () => {
    const clock = clockAt();
    const governor = createGovernor({ clock });
    expect(governor.admit(getUsersFromGroup())).toEqual({ kind: 'serve' });
    const headers = governor.settle(getUsersFromGroup(), IDENTITY(200, 8));
    expect(governor.meter.snapshot().operations['jira.getUsersFromGroup']?.points).toBe(17);
    expect(governor.quota.pool.state('local-app').used).toBe(17);
    expect(headers['X-RateLimit-Remaining']).toBe(String(65_000 - 17));
  });

  it('charges Confluence GET /wiki/rest/api/user?accountId= 3 points', () => {
    const governor = createGovernor({ clock: clockAt() });
    governor.settle(confluenceGetUser(), IDENTITY(200, 1));
    expect(governor.meter.snapshot().operations['confluence.getUser']?.points).toBe(3);
  });

  it('charges writes the base only, whatever they return', () => {
    expect(pointsFor('POST', IDENTITY(201, 1))).toBe(1);
    expect(pointsFor('PUT', CORE(200, 40))).toBe(1);
    expect(pointsFor('patch', CORE(200, 3))).toBe(1);
    expect(pointsFor('DELETE', IDENTITY(204, 0))).toBe(1);
    const governor = createGovernor({ clock: clockAt() });
    governor.settle(addUserToGroup(), IDENTITY(201, 1));
    expect(governor.quota.pool.state('local-app').used).toBe(1);
  });

  it('charges core objects 1 each, identity objects 2 each', () => {
    expect(pointsFor('GET', CORE(200, 50))).toBe(51);
    expect(pointsFor('GET', IDENTITY(200, 50))).toBe(101); // "a page of 50 group members costs ≈ 101 points"
    expect(pointsFor('GET', IDENTITY(200, 0))).toBe(1);
  });

  it('charges errors the base (VERIFY) and 429s nothing (VERIFY)', () => {
    expect(pointsFor('GET', IDENTITY(404, 0))).toBe(1);
    expect(pointsFor('GET', IDENTITY(500, 8))).toBe(1);
    expect(pointsFor('GET', IDENTITY(429, 8))).toBe(0);
    expect(pointsFor('POST', IDENTITY(429, 0))).toBe(0);
  });
});

describe('hourly quota (Tier 1, 65,000 points/hour per app)', () => {
  it('walls at exactly 65,000 until the next UTC hour, then recovers with no carry-over', async () => {
    const clock = clockAt();
    const governor = createGovernor({ clock });
    governor.settle(getUsersFromGroup(), CORE(200, 64_998)); // 64,999 points
    expect(governor.admit(addUserToGroup())).toEqual({ kind: 'serve' });
    const atWall = governor.settle(addUserToGroup(), IDENTITY(201, 1)); // 65,000
    expect(atWall['X-RateLimit-Remaining']).toBe('0');

    const denied = governor.admit(getUsersFromGroup());
    expect(denied).toMatchObject({
      kind: 'reject',
      status: 429,
      headers: {
        'Retry-After': '1800',
        'RateLimit-Reason': 'jira-quota-global-based',
        'X-RateLimit-Remaining': '0',
      },
      body: { errorMessages: [expect.any(String)], errors: {} },
    });
    // every request, writes and Confluence too; the Confluence reason names Confluence
    expect(governor.admit(addUserToGroup())).toMatchObject({ kind: 'reject', status: 429 });
    expect(governor.admit(confluenceGetUser())).toMatchObject({
      kind: 'reject',
      headers: { 'RateLimit-Reason': 'confluence-quota-global-based' },
    });
    // another app has its own pool
    expect(governor.admit(getUsersFromGroup(OTHER_APP))).toEqual({ kind: 'serve' });
    // rejections cost nothing
    expect(governor.quota.pool.state('local-app').used).toBe(65_000);

    await clock.advance(1_799_500);
    expect(governor.admit(getUsersFromGroup())).toMatchObject({ headers: { 'Retry-After': '1' } });
    await clock.advance(500); // 10:00:00.000Z
    expect(governor.admit(getUsersFromGroup())).toEqual({ kind: 'serve' });
    const after = governor.settle(getUsersFromGroup(), IDENTITY(200, 8));
    expect(after['X-RateLimit-Remaining']).toBe(String(65_000 - 17));
    expect(after['X-RateLimit-Reset']).toBe('2026-11-23T11:00:00.000Z');
  });

  it('lets the last request under the wall through even if it overshoots (charged on settle)', () => {
    const governor = createGovernor({ clock: clockAt() });
    governor.settle(getUsersFromGroup(), CORE(200, 64_998)); // 64,999
    expect(governor.admit(getUsersFromGroup())).toEqual({ kind: 'serve' });
    governor.settle(getUsersFromGroup(), IDENTITY(200, 50)); // +101
    expect(governor.quota.pool.state('local-app')).toMatchObject({
      used: 65_100,
      remaining: 0,
      walled: true,
    });
    expect(governor.admit(getUsersFromGroup())).toMatchObject({ kind: 'reject', status: 429 });
  });

  it('honours a configured hourly limit (e.g. a Tier 2 pool)', () => {
    const governor = createGovernor({ clock: clockAt(), pointsPerHour: 100 });
    governor.settle(getUsersFromGroup(), CORE(200, 99));
    expect(governor.admit(getUsersFromGroup())).toMatchObject({ kind: 'reject', status: 429 });
  });

  it('shares one pool across tenants when given one (Tier 1 is per app across all tenants)', () => {
    const clock = clockAt();
    const pool = createQuotaPool({ clock });
    const siteA = createGovernor({ clock, quotaPool: pool });
    const siteB = createGovernor({ clock, quotaPool: pool });
    siteA.settle(getUsersFromGroup(), CORE(200, 64_999));
    expect(siteB.admit(getUsersFromGroup())).toMatchObject({ kind: 'reject', status: 429 });
  });

  it('charges asUser calls to the app (VERIFY) unless user calls are exempted', () => {
    const charged = createGovernor({ clock: clockAt() });
    charged.settle(getUsersFromGroup(USER), IDENTITY(200, 8));
    expect(charged.quota.pool.state('local-app').used).toBe(17);
    expect(
      charged.meter.snapshot().callers[`user:${USER.type === 'user' ? USER.accountId : ''}`]?.points,
    ).toBe(17);

    const exempt = createGovernor({ clock: clockAt(), userCallsAppId: null });
    expect(exempt.settle(getUsersFromGroup(USER), IDENTITY(200, 8))).toEqual({});
    expect(exempt.quota.pool.snapshot().apps).toEqual({});
    expect(exempt.meter.snapshot().totals).toMatchObject({ calls: 1, points: 0 });
  });

  it('forces the wall on demand until the next hourly reset', async () => {
    const clock = clockAt();
    const governor = createGovernor({ clock });
    governor.faults.configure({ forceQuotaWall: { appId: 'local-app' } });
    expect(governor.admit(getUsersFromGroup())).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '1800', 'X-RateLimit-Remaining': '0' },
    });
    expect(governor.admit(getUsersFromGroup(OTHER_APP))).toEqual({ kind: 'serve' });
    governor.faults.configure({ forceQuotaWall: true });
    expect(governor.admit(getUsersFromGroup(OTHER_APP))).toMatchObject({ status: 429 });
    await clock.advance(1_800_000);
    expect(governor.admit(getUsersFromGroup())).toEqual({ kind: 'serve' });
    expect(governor.admit(getUsersFromGroup(OTHER_APP))).toEqual({ kind: 'serve' });
  });
});
