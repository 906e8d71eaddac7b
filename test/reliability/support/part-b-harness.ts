/**
 * The journeys' harness (test/e2e/journeys/harness.ts: the demo site, the local runtime running the real
 * handlers, log capture) with Forge's time limits measured on the virtual clock instead of the wall clock.
 * The fuzz suites run tens of thousands of invocations on a shared machine, where a garbage-collection or
 * scheduling stall can exceed 25 s of wall time; a time limit there would be a timed assertion (style:
 * no timing in tests), and a late invocation that keeps running could write during the next case.
 */
import { createSite } from '../../../local/atlassian-site/index';
import { demoScenario } from '../../../local/atlassian-site/scenarios/demo';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import { createForgeRuntime } from '../../../local/forge-runtime';
import { APP_ID, ROOT, type Harness } from '../../e2e/journeys/harness';
import { captureLogs } from './part-b-logs';

export async function startFuzzHarness(): Promise<Harness> {
  const logs = captureLogs();
  const clock = new VirtualClock();
  const seed = demoScenario();
  const site = await createSite({ clock, seed, appId: APP_ID });
  const runtime = await createForgeRuntime({
    appRoot: ROOT,
    siteUrl: site.url,
    clock,
    appId: APP_ID,
    cloudId: seed.cloudId,
    scheduleStartDelayMs: 0,
    timeLimits: { clock: 'virtual' },
    onInvocation: (record) => logs.invocation(record),
  });
  return {
    clock,
    site,
    runtime,
    cloudId: seed.cloudId,
    close: async () => {
      await runtime.close();
      await site.close();
    },
  };
}
