import type { FeedEntry, SiteHandle } from '../../../local/atlassian-site/index';
import {
  DEMO_ACTIONS,
  DEMO_DESKS,
  DEMO_IDS,
  DEMO_SPACES,
} from '../../../local/atlassian-site/scenarios/demo';
import { errorsAgainst, componentSchema } from './support/spec-validator';
import { call, startSite } from './support/site-client';

let site: SiteHandle;
beforeEach(async () => {
  site = await startSite();
});
afterEach(async () => {
  await site.close();
});

const action = (name: string, body: unknown) => call(site, 'POST', `/__local/actions/${name}`, { body });

describe('change feed and demo actions', () => {
  it('kb-signup: new Atlassian account beside the portal-only one, on the desk list, created:user events with their gaps', async () => {
    const seen: FeedEntry[] = [];
    const unsubscribe = site.feed.subscribe((entry) => seen.push(entry));
    const res = await action('kb-signup', DEMO_ACTIONS.kbSignup);
    unsubscribe();
    expect(res.status).toBe(200);
    const accountId = (res.body as { accountId: string }).accountId;
    expect(accountId).toMatch(/^[0-9a-f]{24}$/);
    expect(site.state.accounts.get(accountId)).toMatchObject({
      accountType: 'atlassian',
      email: 'rachel.adams@example.com',
    });
    expect(site.state.desks.get(DEMO_DESKS.support)?.customers.has(accountId)).toBe(true);
    expect(seen.map((e) => e.event.eventType)).toEqual([
      'avi:jira:created:user',
      'avi:confluence:created:user',
    ]);
    const jira = seen[0]?.event as unknown as { user: Record<string, unknown> };
    expect(jira).not.toHaveProperty('atlassianId');
    expect(Object.keys(jira).sort()).toEqual(['eventType', 'user']);
    expect(errorsAgainst('jira', 'User', componentSchema('User'), jira.user)).toEqual([]);
    expect(jira.user).toMatchObject({
      accountId,
      groups: expect.any(Object),
      applicationRoles: expect.any(Object),
    });
    const confluence = seen[1]?.event as unknown as {
      user: Record<string, unknown>;
      eventCreatedDate: string;
    };
    expect(confluence.user).toMatchObject({
      accountId,
      email: accountId,
      displayName: accountId,
      publicName: accountId,
      username: accountId,
      isExternalCollaborator: false,
    });
    expect(confluence.eventCreatedDate).toBe('2026-11-23T09:00:00.000Z');
    const feed = await call(site, 'GET', '/__local/feed', { query: { after: 1 } });
    expect(feed.body).toEqual({ events: [seen[1]], lastSeq: 2 });
  });

  it('invite-guest raises no event; assign-guest-space raises permissions_updated:space:V2 with only the space', async () => {
    const invited = await action('invite-guest', DEMO_ACTIONS.inviteGuest);
    expect(invited.status).toBe(200);
    const guestId = (invited.body as { accountId: string }).accountId;
    expect(site.feed.lastSeq).toBe(0);
    expect(site.state.isGuest(guestId)).toBe(true);
    expect(site.state.hasCustomerRole(guestId)).toBe(false);
    const assigned = await action('assign-guest-space', {
      accountId: guestId,
      spaceId: DEMO_SPACES.supportKb,
    });
    expect(assigned.status).toBe(200);
    const [entry] = site.feed.since(0);
    expect(entry?.event).toEqual({
      eventType: 'avi:confluence:permissions_updated:space:V2',
      eventCreatedDate: '2026-11-23T09:00:00.000Z',
      space: expect.objectContaining({
        id: 1003,
        key: 'CSKB',
        name: 'Customer Support Articles',
        status: 'current',
      }),
    });
    const second = await action('assign-guest-space', { accountId: guestId, spaceId: DEMO_SPACES.hrKb });
    expect(second.status).toBe(400);
  });

  it('raise-request emits created:issue with the reporter; portal-only reporters lack atlassian accountType', async () => {
    await site.clock.advance(60_000);
    const res = await action('raise-request', {
      deskId: DEMO_DESKS.support,
      reporter: DEMO_IDS.rachel,
      summary: 'Where is my order?',
    });
    expect(res.status).toBe(200);
    const [entry] = site.feed.since(0);
    expect(entry?.at).toBe('2026-11-23T09:01:00.000Z');
    expect(entry?.event).toMatchObject({
      eventType: 'avi:jira:created:issue',
      atlassianId: DEMO_IDS.rachel,
      issue: {
        key: 'CS-5',
        fields: { reporter: { accountId: DEMO_IDS.rachel, accountType: 'customer' }, project: { key: 'CS' } },
      },
    });
    const closedDesk = await action('raise-request', {
      deskId: DEMO_DESKS.hr,
      reporter: DEMO_IDS.noah,
      summary: 'x',
    });
    expect(closedDesk.status).toBe(403);
  });

  it('create-portal-customer, add/remove-from-group and deactivate-account write the log and raise no events', async () => {
    const created = await action('create-portal-customer', {
      email: 'ines.garcia@example.com',
      displayName: 'Ines Garcia',
      deskId: DEMO_DESKS.hr,
    });
    expect(created.status).toBe(200);
    const portalId = (created.body as { accountId: string }).accountId;
    expect(portalId.startsWith('qm:')).toBe(true);
    const portalToGroup = await action('add-to-group', {
      accountId: portalId,
      groupName: 'jira-servicemanagement-customers-acme',
    });
    expect(portalToGroup.status).toBe(400);
    expect(
      await action('add-to-group', {
        accountId: DEMO_IDS.peggy,
        groupName: 'jira-servicemanagement-customers-acme',
      }),
    ).toMatchObject({ status: 200 });
    expect(
      await action('remove-from-group', {
        accountId: DEMO_IDS.peggy,
        groupName: 'jira-servicemanagement-customers-acme',
      }),
    ).toMatchObject({ status: 200 });
    expect(await action('deactivate-account', { accountId: DEMO_IDS.wendy })).toMatchObject({ status: 200 });
    expect(site.state.accounts.get(DEMO_IDS.wendy)?.status).toBe('inactive');
    expect(site.feed.lastSeq).toBe(0);
    const log = await call(site, 'GET', '/__local/write-log');
    expect((log.body as { writes: { kind: string }[] }).writes.map((w) => w.kind)).toEqual([
      'account.create',
      'desk.customer.add',
      'group.add',
      'group.remove',
      'account.update',
    ]);
  });

  it('rejects invalid action bodies (zod) and unknown routes', async () => {
    const bad = await action('kb-signup', { email: 'not-an-email', displayName: 'x', deskId: '1' });
    expect(bad.status).toBe(400);
    const extra = await action('deactivate-account', { accountId: DEMO_IDS.wendy, reason: 'x' });
    expect(extra.status).toBe(400);
    expect((await call(site, 'POST', '/__local/actions/unknown', { body: {} })).status).toBe(404);
  });

  it('health, summary and clock control', async () => {
    const health = await call(site, 'GET', '/__local/health');
    expect(health.body).toMatchObject({ ok: true, site: 'acme' });
    const summary = await call(site, 'GET', '/__local/state/summary');
    expect(summary.body).toMatchObject({ siteName: 'acme', accounts: { customer: 9, app: 1 } });
    const advanced = await call(site, 'POST', '/__local/clock/advance', { body: { ms: 3_600_000 } });
    expect(advanced.body).toMatchObject({ now: '2026-11-23T10:00:00.000Z' });
    expect(site.clock.now()).toBe(Date.UTC(2026, 10, 23, 10));
  });
});
