// One end-to-end scenario through the local runtime and the fixture app, summarised as plain data (random
// ids replaced by placeholders) so the same run from source and from the bundle can be compared exactly.
import path from 'node:path';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import {
  createForgeRuntime,
  type ForgeRuntime,
  type ForgeRuntimeOptions,
  type InvokeResult,
} from '../../../local/forge-runtime';
import { captureLogs } from '../../reliability/support/part-b-logs';
import { startFakeSite, type FakeSite } from './fake-site';

// Console output and invocation records go to test-output/logs/<suite>.log for scripts/scan-logs.ts.
const logs = captureLogs();

export const FIXTURE_ROOT = path.join(__dirname, '../../support/runtime-fixture-app');
export const APP_ID = '7f3c1a52-0b7e-4c1e-9d0a-fixture00001';
export const CLOUD_ID = 'cloud-fixture-1';

export interface Harness {
  clock: VirtualClock;
  site: FakeSite;
  runtime: ForgeRuntime;
  close(): Promise<void>;
}

export async function startHarness(
  extra: Partial<ForgeRuntimeOptions> = {},
  site?: FakeSite,
): Promise<Harness> {
  const clock = extra.clock ?? new VirtualClock();
  const s = site ?? (await startFakeSite());
  const runtime = await createForgeRuntime({
    appRoot: FIXTURE_ROOT,
    siteUrl: s.url,
    clock,
    appId: APP_ID,
    cloudId: CLOUD_ID,
    consentedAccounts: ['admin-1'], // the journeys' admin has allowed access (whoAmI calls asUser)
    ...extra,
    onInvocation: (record) => {
      logs.invocation(record);
      extra.onInvocation?.(record);
    },
  });
  return {
    clock,
    site: s,
    runtime,
    close: async () => {
      await runtime.close();
      if (!site) await s.close();
    },
  };
}

export function valueOf(result: InvokeResult): unknown {
  if (!result.ok) throw new Error(`invocation failed: ${result.error.name}: ${result.error.message}`);
  return result.value;
}

const admin = {
  accountId: 'admin-1',
  extension: {
    type: 'jira:projectSettingsPage',
    project: { key: 'HELP', id: '10000', type: 'service_desk' },
  },
};

/** Replaces uuids (job ids, invocation ids) and the site's port so two runs compare equal. */
export function normalise<T>(siteUrl: string, value: T): T {
  const text = JSON.stringify(value)
    .split(siteUrl)
    .join('<site>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
  return JSON.parse(text) as T;
}

export async function runScenario(h: Harness): Promise<Record<string, unknown>> {
  const { runtime, site, clock } = h;
  const t0 = clock.now();
  const call = async (functionKey: string, payload: unknown): Promise<unknown> =>
    valueOf(await runtime.invokeResolver('fixture-settings', functionKey, payload, admin));

  // 1. A user is created on the site; the change feed carries it to the trigger.
  site.emit('avi:jira:created:user', { atlassianId: 'u-1', user: { accountId: 'u-1' } });
  const pumped = await runtime.pumpFeed();
  const userCall = site.productRequests().find((r) => r.path === '/rest/api/3/user');
  const afterTrigger = runtime.queue
    .all()
    .map((e) => ({ state: e.state, retryContext: e.retryContext, dueIn: e.dueAt - clock.now() }));

  // 2. The consumer asked for a retry (InvocationError); drain advances the clock to it.
  const drained = await runtime.drain({ advanceClock: true });

  // 3. A fiveMinute schedule fires as time passes.
  const ticked = await runtime.tick(10 * 60_000);

  // 4. Resolver: context and asUser.
  const who = (await call('whoAmI', { hello: 'world' })) as Record<string, unknown>;
  const myselfCall = site.productRequests().find((r) => r.path === '/rest/api/3/myself');

  // 5. Custom entities: index + partition + range + sort + cursor + filters.
  const conflicts = [1, 2, 3, 4, 5].map((i) => ({
    key: `c${i}`,
    email: i % 2 === 0 ? 'even@example.com' : 'odd@example.com',
    projectKey: i <= 4 ? 'HELP' : 'OTHER',
    detectedAt: 100 * i,
    status: i === 3 ? 'closed' : 'open',
  }));
  await call('saveConflicts', { items: conflicts });
  const page1 = (await call('listConflicts', { projectKey: 'HELP', from: 100, to: 400, limit: 2 })) as {
    keys: string[];
    nextCursor: string | null;
  };
  const page2 = await call('listConflicts', {
    projectKey: 'HELP',
    from: 100,
    to: 400,
    limit: 2,
    cursor: page1.nextCursor,
  });
  const desc = await call('listConflicts', { projectKey: 'HELP', from: 150, to: 400, limit: 10, desc: true });
  const filtered = await call('listConflicts', {
    projectKey: 'HELP',
    from: 0,
    to: 1000,
    limit: 10,
    notStatus: 'closed',
  });
  const byEmail = await call('conflictsByEmail', { email: 'even@example.com' });

  // 6. Transactions with conditions; FAIL_IF_EXISTS.
  const { key: _key, ...c1 } = conflicts[0] as (typeof conflicts)[number];
  const claim1 = await call('claimConflict', { key: 'c1', value: c1 });
  const claim2 = await call('claimConflict', { key: 'c1', value: c1 });
  const lease1 = await call('takeLease', { holder: 'a' });
  const lease2 = await call('takeLease', { holder: 'b' });

  // 7. KVS tour: secrets, batch, query paging, returnValue PREVIOUS, missing keys.
  const tour = await call('kvsTour', {});

  // 8. Queue limits through the real SDK, and job stats.
  const tooMany = await call('push', { events: Array.from({ length: 51 }, (_, n) => ({ body: { n } })) });
  const pushed = (await call('push', {
    events: [{ body: { n: 1 } }, { body: { n: 2 }, delayInSeconds: 60 }],
  })) as { jobId: string };
  const statsBefore = await call('jobStats', { jobId: pushed.jobId });
  await runtime.drain({ advanceClock: true });
  const statsAfter = await call('jobStats', { jobId: pushed.jobId });

  return normalise(site.url, {
    pumped,
    userCall: userCall && {
      method: userCall.method,
      query: userCall.query,
      caller: userCall.headers['x-local-caller'],
    },
    userRecord: runtime.kvs.get('user:u-1'),
    afterTrigger,
    drained,
    worked: runtime.kvs.get('worked:u-1'),
    ticked: { ...ticked, from: ticked.from - t0, to: ticked.to - t0 },
    ticks: runtime.kvs.get('ticks'),
    lastTick: runtime.kvs.get('last-tick'),
    who,
    myselfCaller: myselfCall?.headers['x-local-caller'],
    page1,
    page2,
    desc,
    filtered,
    byEmail,
    c1: runtime.kvs.getEntity('fixture-conflict', 'c1'),
    claim1,
    claim2,
    lease1,
    lease2,
    tour,
    tooMany,
    statsBefore,
    statsAfter,
    invocations: runtime.invocations.map((r) => `${r.kind}:${r.functionKey}:${r.outcome}`),
    elapsed: clock.now() - t0,
  });
}
