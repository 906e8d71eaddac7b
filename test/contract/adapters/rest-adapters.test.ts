/**
 * The REST adapters through the real @forge/api against the emulated demo site: exact routes, methods and
 * callers, pagination at the largest page, points the layer books = points the site metered, and the request layer's
 * policy under burst 429s, 503s, the quota wall, the 5 RPS customer bucket and typed 403/404s.
 */
import { z } from 'zod';
import { route } from '@forge/api';
import {
  demoScenario,
  DEMO_DESKS,
  DEMO_GROUP_IDS,
  DEMO_SPACES,
} from '../../../local/atlassian-site/scenarios/demo';
import { isUpstreamError, type UpstreamError } from '../../../src/core/ports';
import { collectAll } from '../../../src/adapters/http/pagination';
import { httpStatusOf } from '../../../src/adapters/http/request';
import { createRestAdapters } from '../../../src/adapters/jira';
import { createJiraDirectory } from '../../../src/adapters/jira/directory';
import { createJsmServiceDesks } from '../../../src/adapters/jira/service-desks';
import { getUserEmailBulk } from '../../../src/adapters/jira/users';
import { getServerInfo } from '../../../src/adapters/jira/server-info';
import { isJiraAdmin, isProjectAdmin } from '../../../src/adapters/jira/authorisation';
import { isSpaceAdmin } from '../../../src/adapters/confluence/authorisation';
import { APP_ID, putFaults, startWorld, type World } from './support';

jest.setTimeout(120_000);

const seed = demoScenario();
const siteAdmin = seed.accounts.find((a) => a.siteAdmin === true && a.status === 'active')!.accountId;
const plainUser = seed.accounts.find((a) => a.accountType === 'customer' && a.status === 'active')!.accountId;

const caught = async (p: Promise<unknown>): Promise<UpstreamError> => {
  try {
    await p;
  } catch (e) {
    if (isUpstreamError(e)) return e;
    throw e;
  }
  throw new Error('expected an UpstreamError');
};

let world: World;
beforeEach(async () => {
  world = await startWorld();
});
afterEach(() => world.close());

describe('pagination at the largest page, each page once, points = the site meter', () => {
  it('walks a group of the demo site with getUsersFromGroup maxResults=50', async () => {
    const directory = createJiraDirectory({ client: world.client('app'), appClient: world.client('app') });
    const group = seed.groups.find((g) => g.groupId === DEMO_GROUP_IDS.customers)!;
    const members = await collectAll((cursor) =>
      directory.membersOfGroup(group.groupId, { cursor, limit: 500 }),
    );
    expect([...members].sort()).toEqual([...group.members].sort());
    expect(new Set(members).size).toBe(members.length);
    const pages = world.sent.filter((s) => s.path.startsWith('/rest/api/3/group/member'));
    expect(pages).toHaveLength(Math.max(1, Math.ceil(group.members.length / 50)));
    for (const p of pages) {
      expect(p).toMatchObject({ caller: 'app', method: 'GET' });
      expect(p.path).toContain('maxResults=50');
      expect(p.path).toContain('includeInactiveUsers=true');
    }
    expect(world.points.used).toBe(world.meteredPoints());
  });

  it('walks every desk customer list with the experimental opt-in header, points = meter', async () => {
    const desks = createJsmServiceDesks({ client: world.client('app') });
    for (const desk of seed.desks) {
      const ids = await collectAll((cursor) => desks.customersOfDesk(desk.id, { cursor, limit: 1000 }));
      expect([...ids].sort()).toEqual([...desk.customers].sort());
    }
    const calls = world.sent.filter((s) => s.path.includes('/customer'));
    for (const c of calls) {
      expect(c.headers['x-experimentalapi']).toBe('opt-in');
      expect(c.path).toContain('limit=50');
    }
    expect(world.points.used).toBe(world.meteredPoints());
  });

  it("reads the watch's signals for one base point each when nothing changed", async () => {
    const { directory, serviceDesks } = createRestAdapters({
      cloudId: seed.cloudId,
      points: world.points,
      limits: world.limits,
      random: () => 0.5,
    });
    const group = seed.groups.find((g) => g.groupId === DEMO_GROUP_IDS.customers)!;
    const n = group.members.length;
    expect(await directory.memberCount(group.groupId, n)).toBe(n);
    expect(world.meterOf('getUsersFromGroup')).toMatchObject({ calls: 1, points: 1 });
    // A stale watermark still gets the true total (Jira reports it on every page), at most one member read.
    expect(await directory.memberCount(group.groupId, n - 1)).toBe(n);
    expect(world.meterOf('getUsersFromGroup')).toMatchObject({ calls: 2, points: 1 + 3 });

    const desk = seed.desks.find((d) => d.customers.length > 0)!;
    const beyond = serviceDesks.customersBeyond!.bind(serviceDesks);
    expect(await beyond(desk.id, desk.customers.length)).toBe(false);
    expect(world.meterOf('getCustomers')).toMatchObject({ calls: 1, points: 1 });
    expect(await beyond(desk.id, desk.customers.length - 1)).toBe(true);
    expect(world.meterOf('getCustomers')).toMatchObject({ calls: 2, points: 1 + 3 });
    expect(world.points.used).toBe(world.meteredPoints());
  });

  it('tells where each customer page starts, so a reader can count an append-ordered list', async () => {
    const desks = createJsmServiceDesks({ client: world.client('app') });
    const desk = seed.desks.find((d) => d.customers.length > 1)!;
    const first = await desks.customersOfDesk(desk.id, { cursor: null, limit: 1 });
    expect(first.offset).toBe(0);
    const second = await desks.customersOfDesk(desk.id, { cursor: first.nextCursor, limit: 1 });
    expect(second.offset).toBe(1);
  });

  it('reads profiles 128 ids per /user/bulk call, the most the spec allows, each call one page', async () => {
    const directory = createJiraDirectory({ client: world.client('app'), appClient: world.client('app') });
    const ids = [...seed.accounts.map((a) => a.accountId)];
    while (ids.length < 256) ids.push(`unknown-${ids.length}`);
    const profiles = await directory.accountsByIds(ids.slice(0, 256));
    expect(profiles.length).toBe(seed.accounts.filter((a) => ids.slice(0, 256).includes(a.accountId)).length);
    const calls = world.sent.filter((r) => r.path.startsWith('/rest/api/3/user/bulk?'));
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      expect(new URLSearchParams(c.path.split('?')[1]).getAll('accountId')).toHaveLength(128);
      expect(c.path).toContain('maxResults=128');
    }
  });

  it('lists the desks as core objects', async () => {
    const desks = await createJsmServiceDesks({ client: world.client('app') }).desks();
    expect(desks.map((d) => d.id).sort()).toEqual(Object.values(DEMO_DESKS).sort());
    expect(world.sent.map((s) => s.path)).toEqual(['/rest/servicedeskapi/servicedesk?start=0&limit=50']);
    expect(world.points.used).toBe(world.meteredPoints());
  });
});

describe('request layer policy', () => {
  it('keeps the JSM customer listing at 5 RPS: no burst 429 in the meter', async () => {
    const desks = createJsmServiceDesks({ client: world.client('app') });
    const started = world.clock.now();
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        desks.customersOfDesk(DEMO_DESKS.it, { cursor: null, limit: 1 + (i % 3) }),
      ),
    );
    const meter = world.meterOf('getCustomers');
    expect(meter.calls).toBe(15);
    expect(meter.rateLimited).toBe(0);
    expect(world.clock.now() - started).toBeGreaterThanOrEqual(14 * 200);
  });

  it('waits Retry-After on a burst 429 and succeeds', async () => {
    await putFaults(world.site, {
      script: [
        {
          match: { operationId: 'getServerInfo' },
          nth: 1,
          action: { kind: 'status', status: 429, retryAfterSeconds: 3 },
        },
      ],
    });
    const before = world.clock.now();
    await expect(getServerInfo(world.client('app'))).resolves.toMatchObject({ baseUrl: expect.any(String) });
    expect(world.meterOf('getServerInfo')).toMatchObject({ calls: 2, rateLimited: 1 });
    expect(world.sleeps[0]).toBeGreaterThanOrEqual(3000);
    expect(world.clock.now() - before).toBeGreaterThanOrEqual(3000);
    expect(world.points.used).toBe(world.meteredPoints());
  });

  it('retries a 503 and gives up as UNAVAILABLE after 4 retries', async () => {
    await putFaults(world.site, {
      script: [{ match: { operationId: 'getServerInfo' }, nth: 1, action: { kind: 'status', status: 503 } }],
    });
    await expect(getServerInfo(world.client('app'))).resolves.toBeDefined();
    expect(world.meterOf('getServerInfo').calls).toBe(2);
    await putFaults(world.site, {
      script: [{ match: { operationId: 'getServerInfo' }, action: { kind: 'status', status: 503 } }],
    });
    const error = await caught(getServerInfo(world.client('app')));
    expect(error.failure).toMatchObject({ code: 'UPSTREAM.UNAVAILABLE', operation: 'getServerInfo' });
    expect(world.meterOf('getServerInfo').calls).toBe(2 + 5);
    // jittered exponential back-off: 500, 1000, 2000, 4000 plus 25 % (random 0.5 × half)
    expect(world.sleeps.slice(-4)).toEqual([625, 1250, 2500, 5000]);
  });

  it('stops ALL calls at the quota wall until the hourly reset', async () => {
    await putFaults(world.site, { forceQuotaWall: true });
    const first = await caught(getServerInfo(world.client('app')));
    expect(first.failure).toMatchObject({ code: 'UPSTREAM.RATE_LIMITED', quotaWall: true });
    const sentAtWall = world.sent.length;
    const other = await caught(createJsmServiceDesks({ client: world.client({ user: siteAdmin }) }).desks());
    expect(other.failure).toMatchObject({ code: 'UPSTREAM.RATE_LIMITED', quotaWall: true });
    expect(world.sent.length).toBe(sentAtWall);
    const waitMs = first.failure.code === 'UPSTREAM.RATE_LIMITED' ? first.failure.retryAfterMs : 0;
    expect(waitMs).toBeGreaterThan(0);
    await world.clock.advance(waitMs);
    await expect(getServerInfo(world.client('app'))).resolves.toBeDefined();
    expect(world.sent.length).toBe(sentAtWall + 1);
  });

  it("learns the app's shared pool from every answer's rate-limit headers", async () => {
    expect(world.limits.poolView(world.clock.now())).toBeNull();
    await getServerInfo(world.client('app'));
    const pool = world.site.governor.quota?.pool;
    if (pool === undefined) throw new Error('the site runs without its governor');
    const quota = pool.state(APP_ID);
    // X-RateLimit-Limit / -Remaining, and the reset from the structured RateLimit's relative `t`.
    expect(world.limits.poolView(world.clock.now())).toEqual({
      limit: 65_000,
      remaining: 65_000 - world.meteredPoints(),
      resetAt: quota.resetAtMs,
    });
    expect(quota.remaining).toBe(65_000 - world.meteredPoints());
    // Once the window has reset, the view is stale and no longer steers anything.
    expect(world.limits.poolView(quota.resetAtMs)).toBeNull();
  });

  it('translates 403 and 404 into typed errors', async () => {
    const asPlain = createJiraDirectory({
      client: world.client({ user: siteAdmin }),
      appClient: world.client('app'),
    });
    const notFound = await caught(asPlain.membersOfGroup('no-such-group', { cursor: null, limit: 50 }));
    expect(notFound.failure).toMatchObject({ code: 'UPSTREAM.NOT_FOUND', operation: 'getUsersFromGroup' });
    const customer = seed.accounts.find(
      (a) =>
        a.accountType === 'atlassian' &&
        a.siteAdmin !== true &&
        a.jiraAdmin !== true &&
        a.status === 'active',
    )!;
    const forbidden = await caught(
      createJiraDirectory({
        client: world.client({ user: customer.accountId }),
        appClient: world.client('app'),
      }).addMember(DEMO_GROUP_IDS.hrKbPartners, customer.accountId),
    );
    expect(forbidden.failure).toMatchObject({ code: 'UPSTREAM.FORBIDDEN', operation: 'addUserToGroup' });
  });

  // The proxy's refusals carry `forge-proxy-error` (local/forge-runtime: NO_USER_CONTEXT, consent.ts); the SDK
  // throws ProxyRequestError / NeedsAuthenticationError, named PROXY_ERR / NEEDS_AUTHENTICATION_ERR in
  // @forge/api 8.3.0. Matching the old names missed both: 4 retries, then UNAVAILABLE.
  it('stops at once on a proxy refusal: FORBIDDEN, one call, no retry', async () => {
    // asUser() with no user in the invocation (here: none at all) → PROXY_ERR NO_USER_CONTEXT.
    const noUser = await caught(isJiraAdmin(world.client('current-user')));
    expect(noUser.failure).toMatchObject({ code: 'UPSTREAM.FORBIDDEN', operation: 'getMyPermissions' });
    expect(httpStatusOf(noUser)).toBe(401);
    expect(noUser.failure.message).toContain('NO_USER_CONTEXT');

    // asUser(accountId) of someone who has not allowed access → NEEDS_AUTHENTICATION_ERR: there is nobody to
    // prompt for an impersonated account, so it is a final FORBIDDEN (the invoking user's own is rethrown:
    // test/e2e/journeys/user-consent.test.ts).
    world.runtime.consent.revoke(siteAdmin);
    const noConsent = await caught(isJiraAdmin(world.client({ user: siteAdmin })));
    expect(noConsent.failure).toMatchObject({ code: 'UPSTREAM.FORBIDDEN', operation: 'getMyPermissions' });
    expect(noConsent.failure.message).toContain('NEEDS_AUTHENTICATION_ERR');
    expect(world.runtime.consent.refusals()).toBe(1);

    expect(world.sent).toHaveLength(2); // one call each
    expect(world.sleeps).toEqual([]); // no back-off: nothing was retried
    expect(world.points.used).toBe(0); // a refusal costs nothing
  });

  it('reports a schema mismatch as UNEXPECTED_RESPONSE with the flattened zod detail', async () => {
    const error = await caught(
      world.client('app').send({
        product: 'jira',
        operation: 'getServerInfo',
        method: 'GET',
        route: route`/rest/api/3/serverInfo`,
        schema: z.object({ notThere: z.string() }),
        cost: { kind: 'read', objects: 'core', count: () => 0 },
      }),
    );
    expect(error.failure.code).toBe('UPSTREAM.UNEXPECTED_RESPONSE');
    expect(error.failure.message).toContain('notThere');
  });
});

describe('callers', () => {
  it('reads emails as the app only, hidden ones included', async () => {
    const hidden = seed.accounts.filter((a) => !a.emailVisible && a.email !== null).map((a) => a.accountId);
    expect(hidden.length).toBeGreaterThan(0);
    const emails = await createJiraDirectory({
      client: world.client('app'),
      appClient: world.client('app'),
    }).emailsByIds(hidden);
    for (const id of hidden)
      expect(emails.get(id)).toBe(seed.accounts.find((a) => a.accountId === id)!.email);
    expect(
      world.sent.every((s) => s.caller === 'app' && s.path.startsWith('/rest/api/3/user/email/bulk?')),
    ).toBe(true);
    const refused = await caught(getUserEmailBulk(world.client({ user: siteAdmin }), hidden));
    expect(refused.failure.code).toBe('UPSTREAM.FORBIDDEN');
  });

  it('writes group membership as the acting user, idempotently (write log names the caller)', async () => {
    const target = seed.accounts.find(
      (a) =>
        a.accountType === 'atlassian' &&
        a.status === 'active' &&
        !seed.groups.find((g) => g.groupId === DEMO_GROUP_IDS.hrKbPartners)!.members.includes(a.accountId),
    )!.accountId;
    const directory = createJiraDirectory({
      client: world.client({ user: siteAdmin }),
      appClient: world.client('app'),
    });
    await directory.addMember(DEMO_GROUP_IDS.hrKbPartners, target);
    await directory.addMember(DEMO_GROUP_IDS.hrKbPartners, target);
    await directory.removeMember(DEMO_GROUP_IDS.hrKbPartners, target);
    await directory.removeMember(DEMO_GROUP_IDS.hrKbPartners, target);
    const writes = world.site.state.writeLog.filter((w) => w.accountId === target);
    expect(writes.map((w) => [w.kind, w.caller])).toEqual([
      ['group.add', `user:${siteAdmin}`],
      ['group.remove', `user:${siteAdmin}`],
    ]);
    expect(world.sent.filter((s) => s.method !== 'GET').map((s) => `${s.method} ${s.path}`)).toEqual([
      `POST /rest/api/3/group/user?groupId=${DEMO_GROUP_IDS.hrKbPartners}`,
      `POST /rest/api/3/group/user?groupId=${DEMO_GROUP_IDS.hrKbPartners}`,
      `DELETE /rest/api/3/group/user?groupId=${DEMO_GROUP_IDS.hrKbPartners}&accountId=${target}`,
      `DELETE /rest/api/3/group/user?groupId=${DEMO_GROUP_IDS.hrKbPartners}&accountId=${target}`,
    ]);
  });

  it('authorises project, Jira and space admins as the user', async () => {
    // As a resolver does: asUser() inside the user's invocation (asUser(accountId) would be impersonation).
    const as = <T>(accountId: string, check: (client: ReturnType<World['client']>) => Promise<T>) =>
      world.asInvokingUser(accountId, () => check(world.client('current-user')));
    const desk = seed.desks.find((d) => d.id === DEMO_DESKS.hr)!;
    const deskAdmin = desk.admins[0]!;
    expect(await as(deskAdmin, (c) => isProjectAdmin(c, desk.projectKey))).toBe(true);
    expect(await as(deskAdmin, (c) => isProjectAdmin(c, desk.projectId))).toBe(true);
    expect(await as(plainUser, (c) => isProjectAdmin(c, desk.projectKey))).toBe(false);
    const jiraAdmin = seed.accounts.find((a) => a.jiraAdmin === true)!.accountId;
    expect(await as(jiraAdmin, (c) => isJiraAdmin(c))).toBe(true);
    expect(await as(plainUser, (c) => isJiraAdmin(c))).toBe(false);
    const space = seed.spaces.find((s) => s.id === DEMO_SPACES.hrKb)!;
    expect(await as(space.admins[0]!, (c) => isSpaceAdmin(c, space.id))).toBe(true);
    // A user who cannot see the space gets 403/404 on the operations check: a plain "no", not an error.
    expect(await as(plainUser, (c) => isSpaceAdmin(c, space.id))).toBe(false);
    expect(
      world.sent
        .filter((s) => s.path.startsWith('/rest/api/3/mypermissions'))
        .every((s) => s.caller.startsWith('user:')),
    ).toBe(true);
  });
});
