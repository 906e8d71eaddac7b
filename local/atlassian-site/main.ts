/**
 * Start the emulated site on its own:  npx tsx local/atlassian-site/main.ts --port 4010 --scenario demo
 * Prints the URL; Ctrl-C stops it. The clock follows wall time from its default start instant.
 */
import { parseArgs } from 'node:util';
import { VirtualClock } from '../clock/virtual-clock';
import { createSite } from './index';
import { demoScenario } from './scenarios/demo';
import type { SiteSeed } from './seed';

const SCENARIOS: Record<string, () => SiteSeed> = { demo: demoScenario };

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      scenario: { type: 'string', default: 'demo' },
      'app-id': { type: 'string' },
    },
  });
  const name = values.scenario ?? 'demo';
  const build = SCENARIOS[name];
  if (!build) throw new Error(`unknown scenario '${name}' (known: ${Object.keys(SCENARIOS).join(', ')})`);
  const started = performance.now();
  const site = await createSite({
    clock: new VirtualClock({ follow: true }),
    seed: build(),
    port: Number(values.port),
    appId: values['app-id'],
  });
  const total = Math.round(performance.now() - started);
  console.log(`Emulated Atlassian site '${site.state.siteName}' (${name}) at ${site.url}`);
  console.log(`  start-up ${total} ms (spec routers: ${JSON.stringify(site.startupMs)})`);
  console.log(`  try: curl -H 'X-Local-Caller: app:local' ${site.url}/rest/api/3/serverInfo`);
  const stop = () => {
    site.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
