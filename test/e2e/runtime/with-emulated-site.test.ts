/**
 * The runtime and the emulated site together, in-process, as `npm start` runs them: a customer signs up through
 * a KB link on the site, the site's change feed carries avi:jira:created:user, the runtime delivers it to the
 * trigger the manifest subscribes, and the handler's real @forge/api call reaches the site as the app (seen in
 * the site's meter), its KVS write and queue job are observable, and a scheduled tick fires. The bundled build
 * must behave the same.
 */
import { createSite, type SiteHandle } from '../../../local/atlassian-site/index';
import { DEMO_DESKS, demoScenario } from '../../../local/atlassian-site/scenarios/demo';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import { buildApp, createForgeRuntime, type BuildResult } from '../../../local/forge-runtime';
import { APP_ID, FIXTURE_ROOT } from './scenario';

jest.setTimeout(120_000);

interface Observed {
  userRecord: unknown;
  getUserCallsByApp: number;
  jobPushed: boolean;
  workedAfterRetry: unknown;
  ticks: unknown;
}

async function journey(handlerModule: 'source' | 'bundle', bundleDir?: string): Promise<Observed> {
  const clock = new VirtualClock();
  const seed = demoScenario();
  const site: SiteHandle = await createSite({ clock, seed, appId: APP_ID });
  const runtime = await createForgeRuntime({
    appRoot: FIXTURE_ROOT,
    siteUrl: site.url,
    clock,
    appId: APP_ID,
    cloudId: seed.cloudId,
    handlerModule,
    ...(bundleDir ? { bundleDir } : {}),
    scheduleStartDelayMs: 0,
  });
  try {
    const signup = await fetch(`${site.url}/__local/actions/kb-signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'new.signup@example.net',
        displayName: 'New Signup',
        deskId: DEMO_DESKS.it,
      }),
    });
    expect(signup.status).toBe(200);
    const created = site.feed.since(0).find((entry) => entry.event.eventType === 'avi:jira:created:user');
    const accountId = (created?.event as { user?: { accountId?: string } } | undefined)?.user?.accountId;
    expect(accountId).toEqual(expect.any(String));

    expect(await runtime.pumpFeed()).toBeGreaterThan(0);
    const userRecord = await runtime.kvs.get(`user:${accountId}`);
    const jobPushed = typeof (await runtime.kvs.get(`job:${accountId}`)) === 'string';
    await runtime.drain({ advanceClock: true });
    const worked = (await runtime.kvs.get(`worked:${accountId}`)) as Record<string, unknown> | undefined;
    // jobId/eventId are minted randomly by @forge/events (as in Forge): check they agree, then mask them.
    const { jobId, eventId, retryContext, ...rest } = (worked ?? {}) as {
      jobId?: string;
      eventId?: string;
      retryContext?: { retryData?: { firstEventId?: string } };
    };
    expect(eventId?.startsWith(`${jobId}#`)).toBe(true);
    expect(retryContext?.retryData?.firstEventId).toBe(eventId);
    const workedAfterRetry = { ...rest, retryContext: { ...retryContext, retryData: 'same event' } };

    await runtime.tick(5 * 60_000);
    const ticks = await runtime.kvs.get('ticks');

    const meter = (await (await fetch(`${site.url}/__local/meter`)).json()) as {
      operations: { operationId: string; callers?: Record<string, { calls: number }>; calls: number }[];
    };
    const getUser = meter.operations.find((op) => op.operationId === 'getUser');
    return { userRecord, getUserCallsByApp: getUser?.calls ?? 0, jobPushed, workedAfterRetry, ticks };
  } finally {
    await runtime.close();
    await site.close();
  }
}

describe('local runtime + emulated site, in-process', () => {
  let build: BuildResult;
  beforeAll(async () => {
    build = await buildApp({ appRoot: FIXTURE_ROOT });
  });
  afterAll(() => build.cleanup());

  it('delivers a KB-link sign-up event to the trigger, whose real REST call, KVS write and queue job land', async () => {
    const observed = await journey('source');
    expect(observed.userRecord).toEqual({
      displayName: 'New Signup',
      status: 200,
      eventType: 'avi:jira:created:user',
      selfGenerated: false,
    });
    expect(observed.getUserCallsByApp).toBe(1);
    expect(observed.jobPushed).toBe(true);
    expect(observed.workedAfterRetry).toMatchObject({ deliveries: 1, retryContext: { retryCount: 1 } });
    expect(observed.ticks).toBeGreaterThanOrEqual(1);
  });

  it('gives the same observations from the @forge/bundler bundle', async () => {
    const fromSource = await journey('source');
    const fromBundle = await journey('bundle', build.outDir);
    expect(fromBundle).toEqual(fromSource);
  });
});
