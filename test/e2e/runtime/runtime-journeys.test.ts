// The local Forge runtime end to end: the fixture app's real handlers, the real @forge/* SDKs, an in-test
// fake site over HTTP, and the virtual clock.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP_ID, CLOUD_ID, runScenario, startHarness, valueOf, type Harness } from './scenario';

const admin = {
  accountId: 'admin-1',
  extension: { type: 'jira:projectSettingsPage', project: { key: 'HELP' } },
};

describe('local Forge runtime with the fixture app (source)', () => {
  let h: Harness;
  let summary: Record<string, unknown>;

  beforeAll(async () => {
    h = await startHarness();
    summary = await runScenario(h);
  });
  afterAll(async () => h.close());

  it('delivers a feed event to the trigger, which calls Jira as the app and writes KVS', () => {
    expect(summary.pumped).toBe(1);
    expect(summary.userCall).toEqual({ method: 'GET', query: { accountId: 'u-1' }, caller: `app:${APP_ID}` });
    expect(summary.userRecord).toEqual({
      displayName: 'User u-1',
      status: 200,
      eventType: 'avi:jira:created:user',
      selfGenerated: false,
    });
  });

  it('queues the job, retries the InvocationError with retryContext, then succeeds', () => {
    expect(summary.afterTrigger).toEqual([
      {
        state: 'pending',
        dueIn: 30_000,
        retryContext: {
          retryCount: 1,
          retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED',
          retryData: { firstEventId: '<uuid>#0' },
          retentionWindow: { startTime: '2026-11-23T09:00:00.000Z', remainingTimeMs: 86_370_000 },
        },
      },
    ]);
    expect(summary.worked).toMatchObject({
      deliveries: 1,
      queueName: 'fixture-queue',
      installContext: `ari:cloud:jira::site/${CLOUD_ID}`,
      // Function Arguments, "Context Schema": no cloudId, no moduleKey, no principal (no user).
      contextKeys: ['installContext', 'installation'],
      moduleKey: 'fixture-consumer',
      retryContext: {
        retryCount: 1,
        retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED',
        retryData: { firstEventId: '<uuid>#0' },
      },
    });
    expect(summary.invocations).toEqual(
      expect.arrayContaining([
        'trigger:on-user-created-fn:success',
        'consumer:worker-fn:retry-requested',
        'consumer:worker-fn:success',
      ]),
    );
  });

  it('fires the fiveMinute scheduled trigger on the virtual clock with the documented request and context', () => {
    expect(summary.ticks).toBe(2);
    // Scheduled triggers function reference: request {context: {cloudId, moduleKey}, contextToken}; the
    // context argument is the common one (installContext, no principal, no cloudId).
    expect(summary.lastTick).toEqual({
      requestContext: { cloudId: CLOUD_ID, moduleKey: 'fixture-five-minute' },
      hasContextToken: true,
      contextKeys: ['installContext', 'installation'],
      installContext: `ari:cloud:jira::site/${CLOUD_ID}`,
      moduleKey: 'fixture-five-minute',
    });
    expect(h.runtime.invocations.filter((r) => r.kind === 'scheduled').map((r) => r.outcome)).toEqual([
      'success',
      'success',
    ]);
    const fires = h.runtime.invocations.filter((r) => r.kind === 'scheduled').map((r) => r.startedAt);
    expect(fires[1]! - fires[0]!).toBe(5 * 60_000);
  });

  it('gives resolvers the Forge context and sends asUser() calls as the invoking user', () => {
    const who = summary.who as {
      context: Record<string, unknown>;
      payload: unknown;
      myself: unknown;
      appContext: unknown;
    };
    expect(who.payload).toEqual({ hello: 'world' });
    expect(who.context).toMatchObject({
      accountId: 'admin-1',
      cloudId: CLOUD_ID,
      moduleKey: 'fixture-settings',
      extension: {
        type: 'jira:projectSettingsPage',
        project: { key: 'HELP', id: '10000', type: 'service_desk' },
      },
      installContext: `ari:cloud:jira::site/${CLOUD_ID}`,
      installation: {
        ari: `ari:cloud:ecosystem::installation/local-${CLOUD_ID}`,
        contexts: [`ari:cloud:jira::site/${CLOUD_ID}`],
      },
      localId: `ari:cloud:ecosystem::extension/${APP_ID}/local/static/fixture-settings`,
    });
    expect(summary.myselfCaller).toBe('user:admin-1');
    expect(who.myself).toEqual({ accountId: 'admin-1', caller: 'user:admin-1' });
    expect(who.appContext).toEqual({
      appAri: `ari:cloud:ecosystem::app/${APP_ID}`,
      moduleKey: 'fixture-settings',
      environmentType: 'DEVELOPMENT',
      remainingPositive: true,
    });
  });

  it('answers entity queries by index, partition, range, sort, cursor and filters', () => {
    expect(summary.page1).toEqual({ keys: ['c1', 'c2'], nextCursor: expect.any(String) });
    expect(summary.page2).toEqual({ keys: ['c3', 'c4'], nextCursor: null });
    expect(summary.desc).toEqual({ keys: ['c4', 'c3', 'c2'], nextCursor: null });
    expect(summary.filtered).toEqual({ keys: ['c1', 'c2', 'c4'], nextCursor: null });
    expect(summary.byEmail).toEqual({ keys: ['c2', 'c4'] });
  });

  it('fails a transaction condition with CONDITIONAL_CHECK_FAILED and a second FAIL_IF_EXISTS with KEY_CONFLICT', () => {
    expect(summary.claim1).toEqual({ ok: true });
    expect(summary.c1).toMatchObject({ status: 'claimed' });
    expect(summary.claim2).toEqual({
      ok: false,
      error: { name: 'ForgeKvsAPIError', code: 'CONDITIONAL_CHECK_FAILED', message: expect.any(String) },
    });
    expect(summary.lease1).toEqual({ ok: true });
    expect(summary.lease2).toEqual({
      ok: false,
      error: { name: 'ForgeKvsAPIError', code: 'KEY_CONFLICT', message: expect.any(String) },
    });
  });

  it('implements secrets, batches, key-prefix paging and returnValue through the real SDK', () => {
    expect(summary.tour).toEqual({
      secret: 's3cret',
      plainSecretKey: null,
      batchOk: ['tour:a'],
      batchFailed: ['tour:missing:KEY_NOT_FOUND'],
      firstPage: ['tour:a'],
      secondPage: ['tour:b'],
      previous: 1,
      missing: null,
    });
  });

  it('rejects more than 50 events per push with the SDK error, and reports job stats', () => {
    expect(summary.tooMany).toMatchObject({ ok: false, error: { name: 'TooManyEventsError' } });
    expect(summary.statsBefore).toEqual({ success: 0, inProgress: 2, failed: 0 });
    expect(summary.statsAfter).toEqual({ success: 2, inProgress: 0, failed: 0 });
  });
});

describe('local Forge runtime: envelopes and limits', () => {
  it('drops self-generated events when the trigger filter says ignoreSelf', async () => {
    const h = await startHarness();
    try {
      h.site.emit('avi:jira:created:user', { atlassianId: 'u-self' }, `app:${APP_ID}`);
      h.site.emit('avi:jira:created:user', { atlassianId: 'u-other' }, 'user:someone');
      // The emulated site's own entry shape: {seq, at, event: {eventType, ...payload}}.
      h.site.feed.push({
        seq: 3,
        at: '2026-11-23T09:00:00.000Z',
        event: { eventType: 'avi:jira:created:user', atlassianId: 'u-site' },
      });
      await h.runtime.pumpFeed();
      expect(h.runtime.productEvents.all().map((d) => [d.event.payload.atlassianId, d.state])).toEqual([
        ['u-self', 'ignored-self'],
        ['u-other', 'delivered'],
        ['u-site', 'delivered'],
      ]);
      expect(h.runtime.kvs.get('user:u-site')).toMatchObject({
        displayName: 'User u-site',
        eventType: 'avi:jira:created:user',
      });
      expect(h.runtime.kvs.get('user:u-self')).toBeUndefined();
      expect(h.runtime.kvs.get('user:u-other')).toMatchObject({ displayName: 'User u-other' });
      expect(await h.runtime.pumpFeed()).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('delays product events on the virtual clock when asked', async () => {
    const h = await startHarness({ productEventDelayMs: 120_000 });
    try {
      h.site.emit('avi:jira:created:user', { atlassianId: 'u-late' });
      await h.runtime.pumpFeed();
      expect(h.runtime.kvs.get('user:u-late')).toBeUndefined();
      await h.runtime.tick(119_000);
      expect(h.runtime.kvs.get('user:u-late')).toBeUndefined();
      await h.runtime.tick(1_000);
      expect(h.runtime.kvs.get('user:u-late')).toMatchObject({ displayName: 'User u-late' });
    } finally {
      await h.close();
    }
  });

  it('reports a typed time-out for a slow resolver and retries a timed-out consumer with FUNCTION_TIME_OUT', async () => {
    // scale 0.004: the 25 s resolver limit becomes 100 ms, the consumer's 55 s default becomes 220 ms.
    const h = await startHarness({ timeLimits: { scale: 0.004 } });
    try {
      const ok = await h.runtime.invokeResolver('fixture-settings', 'slow', { ms: 1 }, admin);
      expect(valueOf(ok)).toEqual({ done: true });
      const slow = await h.runtime.invokeResolver('fixture-settings', 'slow', { ms: 400 }, admin);
      expect(slow.ok).toBe(false);
      expect(!slow.ok && slow.error).toMatchObject({
        name: 'FunctionTimeoutError',
        code: 'FUNCTION_TIME_OUT',
        limitMs: 100,
      });
      expect(slow.record).toMatchObject({ kind: 'resolver', outcome: 'timeout', limitMs: 100 });

      const pushed = valueOf(
        await h.runtime.invokeResolver(
          'fixture-settings',
          'push',
          { events: [{ body: { mode: 'sleep', sleepMs: 400 } }] },
          admin,
        ),
      );
      expect(pushed).toMatchObject({ ok: true });
      await h.runtime.runDue();
      const [event] = h.runtime.queue.all();
      expect(event).toMatchObject({
        state: 'pending',
        retryContext: { retryCount: 1, retryReason: 'FUNCTION_TIME_OUT' },
      });
      expect(h.runtime.invocations.at(-1)).toMatchObject({
        kind: 'consumer',
        outcome: 'timeout',
        limitMs: 220,
      });
    } finally {
      await h.close();
    }
  });

  it('answers oversized or malformed pushes at the wire the way the SDK maps them', async () => {
    const h = await startHarness();
    try {
      const forgeFetch = (
        globalThis as unknown as { __forge_fetch__: (m: unknown, p: string, i: unknown) => Promise<Response> }
      ).__forge_fetch__;
      const push = (payload: unknown[]): Promise<Response> =>
        forgeFetch(
          { type: 'fpp', provider: 'app', remote: 'stargate' },
          '/webhook/queue/publish/{contextAri}/{environmentId}/{appId}/{appVersion}',
          {
            method: 'POST',
            body: JSON.stringify({
              queueName: 'fixture-queue',
              jobId: 'j1',
              type: 'avi:forge:app:event',
              schema: 's',
              payload,
              time: 't',
            }),
          },
        );
      const big = await push([{ body: { blob: 'x'.repeat(210 * 1024) } }]);
      expect(big.status).toBe(413);
      expect(await big.json()).toEqual({ errorMessage: 'The maximum payload size allowed is 200KB' });
      expect((await push(Array.from({ length: 51 }, () => ({ body: {} })))).status).toBe(400);
      expect((await push([{ body: {}, delayInSeconds: 901 }])).status).toBe(400);
      expect((await push([{ body: { ok: 1 } }])).status).toBe(201);
      const kvsCall = await forgeFetch({ type: 'kvs', provider: 'app', remote: 'kvs' }, '/api/v1/set', {
        method: 'POST',
        body: JSON.stringify({ key: 'k'.repeat(501), value: 1 }),
      });
      expect(kvsCall.status).toBe(400);
      expect(await kvsCall.json()).toEqual({
        code: 'KEY_TOO_LONG',
        message: 'The provided key has exceeded the maximum 500 characters.',
      });
      const tooBig = await forgeFetch({ type: 'kvs', provider: 'app', remote: 'kvs' }, '/api/v1/set', {
        method: 'POST',
        body: JSON.stringify({ key: 'big', value: 'x'.repeat(241 * 1024) }),
      });
      expect(await tooBig.json()).toMatchObject({ code: 'MAX_SIZE' });
    } finally {
      await h.close();
    }
  });

  it('expires TTL keys on the virtual clock and keeps KVS across a runtime restart (kvsFile)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'forge-runtime-kvs-'));
    const kvsFile = path.join(dir, 'kvs.json');
    try {
      const first = await startHarness({ kvsFile });
      await first.runtime.invokeResolver('fixture-settings', 'takeLease', { holder: 'a' }, admin);
      await first.runtime.invokeResolver('fixture-settings', 'kvsTour', {}, admin);
      expect(JSON.parse(readFileSync(kvsFile, 'utf8'))).toMatchObject({
        version: 1,
        secret: { token: { value: 's3cret' } },
      });
      const clock = first.clock;
      await first.close();

      const second = await startHarness({ kvsFile, clock });
      try {
        expect(second.runtime.kvs.get('tour:a')).toBe(10);
        expect(second.runtime.kvs.getSecret('token')).toBe('s3cret');
        const again = valueOf(
          await second.runtime.invokeResolver('fixture-settings', 'takeLease', { holder: 'b' }, admin),
        );
        expect(again).toMatchObject({ ok: false, error: { code: 'KEY_CONFLICT' } });
        await second.runtime.tick(15 * 60_000);
        expect(
          valueOf(
            await second.runtime.invokeResolver('fixture-settings', 'takeLease', { holder: 'b' }, admin),
          ),
        ).toEqual({ ok: true });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with seeded chaos, delivers a queue event more than once (same eventId)', async () => {
    const h = await startHarness({ chaos: { seed: 7, duplicateRate: 1 } });
    try {
      await h.runtime.invokeResolver('fixture-settings', 'push', { events: [{ body: { n: 9 } }] }, admin);
      await h.runtime.drain();
      expect(h.runtime.kvs.get('worked:9')).toMatchObject({ deliveries: 2 });
      expect(h.runtime.queue.all()[0]).toMatchObject({ state: 'succeeded', deliveries: 2 });
    } finally {
      await h.close();
    }
  });
});
