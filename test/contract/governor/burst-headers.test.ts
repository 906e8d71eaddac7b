import { createGovernor, type Admission } from '../../../local/atlassian-site/governor';
import {
  addUserToGroup,
  APP,
  clockAt,
  confluenceSearchUser,
  CORE,
  getCustomers,
  getUsersFromGroup,
  IDENTITY,
  jiraGetUser,
  req,
  USER,
} from './helpers';

const kinds = (admissions: Admission[]): string[] => admissions.map((a) => a.kind);

describe('burst buckets (per tenant, per endpoint)', () => {
  it('allows 5 immediate JSM customer listings, 429s the 6th with Retry-After 1, and refills one in 200 ms', async () => {
    const clock = clockAt();
    const governor = createGovernor({ clock });
    const five = [1, 2, 3, 4, 5].map(() => governor.admit(getCustomers('1')));
    expect(kinds(five)).toEqual(['serve', 'serve', 'serve', 'serve', 'serve']);
    const sixth = governor.admit(getCustomers('1'));
    expect(sixth).toMatchObject({
      kind: 'reject',
      status: 429,
      headers: { 'Retry-After': '1', 'RateLimit-Reason': 'jira-burst-based' },
      body: {
        errorMessage: expect.any(String),
        i18nErrorMessage: { i18nKey: expect.any(String), parameters: [] },
      },
    });
    await clock.advance(199);
    expect(governor.admit(getCustomers('1')).kind).toBe('reject');
    await clock.advance(1);
    expect(governor.admit(getCustomers('1')).kind).toBe('serve');
    expect(governor.admit(getCustomers('1')).kind).toBe('reject');
  });

  it('keys the bucket on the operation, not the concrete service desk id (VERIFY), and shares it across callers', () => {
    const governor = createGovernor({ clock: clockAt() });
    const mixed = [
      getCustomers('1'),
      getCustomers('2'),
      getCustomers('3', USER),
      getCustomers('4'),
      getCustomers('5', USER),
    ].map((r) => governor.admit(r));
    expect(kinds(mixed)).toEqual(['serve', 'serve', 'serve', 'serve', 'serve']);
    expect(governor.admit(getCustomers('99')).kind).toBe('reject');
    // a different operation has its own bucket
    expect(
      governor.admit(req('jsm', 'POST', '/rest/servicedeskapi/servicedesk/1/customer', 'addCustomers')).kind,
    ).toBe('serve');
  });

  it.each([
    ['GET default', getUsersFromGroup, 100],
    ['POST default', addUserToGroup, 100],
    ['PUT default', () => req('jira', 'PUT', '/rest/api/3/user/properties/x', 'setUserProperty'), 50],
    ['DELETE default', () => req('jira', 'DELETE', '/rest/api/3/group/user', 'removeUserFromGroup'), 50],
    ['GET /rest/api/3/user override', jiraGetUser, 150],
    ['Confluence GET search/user override', confluenceSearchUser, 200],
  ])('%s: capacity is one second of the documented rate (%#)', (_label, make, rps) => {
    const governor = createGovernor({ clock: clockAt() });
    for (let i = 0; i < rps; i++) expect(governor.admit(make()).kind).toBe('serve');
    const rejected = governor.admit(make());
    expect(rejected).toMatchObject({ status: 429, headers: { 'Retry-After': '1' } });
  });

  it('refills continuously by virtual time and never above capacity', async () => {
    const clock = clockAt();
    const governor = createGovernor({ clock });
    for (let i = 0; i < 5; i++) governor.admit(getCustomers());
    await clock.advance(60_000);
    const burst = [1, 2, 3, 4, 5, 6].map(() => governor.admit(getCustomers()));
    expect(kinds(burst)).toEqual(['serve', 'serve', 'serve', 'serve', 'serve', 'reject']);
    expect(governor.burst.snapshot()).toContainEqual({
      key: 'jsm GET getCustomers',
      rps: 5,
      capacity: 5,
      tokens: 0,
    });
  });

  it('does not charge burst rejections and meters them as 429s', () => {
    const governor = createGovernor({ clock: clockAt() });
    for (let i = 0; i < 6; i++) governor.admit(getCustomers());
    expect(governor.quota.pool.state('local-app').used).toBe(0);
    expect(governor.meter.snapshot().operations['jsm.getCustomers']).toMatchObject({
      calls: 1,
      rateLimited: 1,
      points: 0,
    });
  });
});

describe('rate-limit headers', () => {
  it('carries limit, remaining, ISO reset, policy and the structured header without r below 80% usage', () => {
    const governor = createGovernor({ clock: clockAt() });
    const headers = governor.settle(getUsersFromGroup(), IDENTITY(200, 8));
    expect(headers).toEqual({
      'X-RateLimit-Limit': '65000',
      'X-RateLimit-Remaining': '64983',
      'X-RateLimit-Reset': '2026-11-23T10:00:00.000Z',
      'RateLimit-Policy': '"global-app-quota";q=65000;w=3600',
      RateLimit: '"global-app-quota";t=1800',
    });
  });

  it('adds r and NearLimit only once more than 80% is used (< 20% remaining)', () => {
    const governor = createGovernor({ clock: clockAt() });
    const at80 = governor.settle(getUsersFromGroup(), CORE(200, 51_999)); // used 52,000 = exactly 80%
    expect(at80['X-RateLimit-NearLimit']).toBeUndefined();
    expect(at80.RateLimit).toBe('"global-app-quota";t=1800');
    const above = governor.settle(addUserToGroup(), IDENTITY(201, 1)); // 52,001
    expect(above['X-RateLimit-NearLimit']).toBe('true');
    expect(above.RateLimit).toBe('"global-app-quota";r=12999;t=1800');
    expect(above['X-RateLimit-Remaining']).toBe('12999');
  });

  it('attaches the quota headers to rejections too', () => {
    const governor = createGovernor({ clock: clockAt() });
    governor.settle(getUsersFromGroup(), IDENTITY(200, 8));
    for (let i = 0; i < 5; i++) governor.admit(getCustomers());
    const rejected = governor.admit(getCustomers());
    expect(rejected.kind === 'reject' && rejected.headers['X-RateLimit-Remaining']).toBe('64983');
  });

  it('beta mode: Beta- prefixed headers, quota reported but not enforced, burst still enforced', () => {
    const governor = createGovernor({ clock: clockAt(), enforcement: 'beta' });
    const headers = governor.settle(getUsersFromGroup(), CORE(200, 70_000));
    expect(headers).toEqual({
      'X-Beta-RateLimit-Limit': '65000',
      'X-Beta-RateLimit-Remaining': '0',
      'X-Beta-RateLimit-Reset': '2026-11-23T10:00:00.000Z',
      'X-Beta-RateLimit-NearLimit': 'true',
      'X-Beta-RateLimit-Reason': 'jira-quota-global-based',
      'Beta-RateLimit-Policy': '"global-app-quota";q=65000;w=3600',
      'Beta-RateLimit': '"global-app-quota";r=0;t=1800',
    });
    expect(governor.admit(getUsersFromGroup())).toEqual({ kind: 'serve' });
    for (let i = 0; i < 5; i++) governor.admit(getCustomers());
    expect(governor.admit(getCustomers())).toMatchObject({
      kind: 'reject',
      headers: { 'RateLimit-Reason': 'jira-burst-based', 'Retry-After': '1' },
    });
  });

  it('returns no quota headers for callers charged to no app', () => {
    const governor = createGovernor({ clock: clockAt() });
    expect(governor.settle(getUsersFromGroup({ type: 'anonymous' }), IDENTITY(401, 0))).toEqual({});
    expect(governor.settle(getUsersFromGroup(APP), IDENTITY(200, 0))['X-RateLimit-Limit']).toBe('65000');
  });
});
