/**
 * `npm start`: the whole app offline, on one machine, with no Atlassian cloud.
 *
 *   emulated site (demo data, real rate limits)  ◀── REST ──  local Forge runtime (the real handlers from
 *   local/atlassian-site                                       manifest.yml, real @forge SDKs, KVS on disk)
 *
 * The virtual clock follows wall time, so the `fiveMinute` watch and `hour` scan fire on their own; the site's
 * change feed is polled every second and delivered to the manifest's triggers. The site is re-seeded at every
 * start, so the stored app data (.local-data/kvs.json) is cleared with it and the banner says so
 * (start-data.ts); who clicked "Allow access" survives a restart (.local-data/kvs.json.consent.json: each
 * person gets Forge's consent step the first time they open a panel). Ctrl-C stops everything.
 *
 * The panel preview (local/preview) renders the three UI Kit panels in a browser with Atlassian's own components,
 * a "viewing as" switch and a control strip that causes demo changes on the site.
 *
 * Flags: --port <n> (site, default 4010), --preview-port <n> (default 4020), --fresh (also forget who allowed access),
 * --quiet (no invocation log).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { createSite } from './atlassian-site/index';
import { DEMO_ACTIONS, DEMO_API_TOKENS, demoScenario } from './atlassian-site/scenarios/demo';
import { VirtualClock } from './clock/virtual-clock';
import { createForgeRuntime } from './forge-runtime/index';
import { createPreviewHost } from './preview/index';
import { prepareLocalData } from './start-data';

const appRoot = resolve(__dirname, '..');

/** The app id the manifest declares (a fake placeholder until `forge register`). */
function manifestAppId(): string {
  const manifest = parseYaml(readFileSync(join(appRoot, 'manifest.yml'), 'utf8')) as {
    app?: { id?: string };
  };
  const id = manifest.app?.id;
  if (!id) throw new Error('manifest.yml has no app.id');
  return id.replace(/^ari:cloud:ecosystem::app\//, '');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      'preview-port': { type: 'string', default: '4020' },
      fresh: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  // The site is re-seeded at every start, so stored app data is cleared with it (start-data.ts).
  const { kvsFile, banner } = prepareLocalData(join(appRoot, '.local-data'), {
    fresh: values.fresh === true,
  });

  const clock = new VirtualClock({ follow: true });
  const seed = demoScenario();
  const appId = manifestAppId();
  const site = await createSite({ clock, seed, appId, port: Number(values.port) });
  const runtime = await createForgeRuntime({
    appRoot,
    siteUrl: site.url,
    clock,
    appId,
    cloudId: seed.cloudId,
    kvsFile,
    // One clock: the app stamps the virtual time the site and the schedules run on (the host can move it).
    appTime: 'virtual',
    onInvocation: values.quiet
      ? undefined
      : (record) => {
          const detail = record.error ? ` — ${record.error.name}: ${record.error.message}` : '';
          console.log(
            `[${new Date(record.startedAt).toISOString()}] ${record.kind} ${record.functionKey} ` +
              `${record.outcome} in ${record.durationMs} ms${detail}`,
          );
        },
  });
  const stopPolling = runtime.startPolling(1000);
  const preview = await createPreviewHost({
    runtime,
    siteUrl: site.url,
    clock,
    appRoot,
    cloudId: seed.cloudId,
    port: Number(values['preview-port']),
    extraActions: [
      {
        label: 'Reported case (b): a customer signs up through a KB link',
        action: 'kb-signup',
        body: { ...DEMO_ACTIONS.kbSignup },
      },
      {
        label: 'An admin invites a Confluence guest (Atlassian sends no event)',
        action: 'invite-guest',
        body: { ...DEMO_ACTIONS.inviteGuest },
      },
    ],
  });

  console.log(`Identity Reconciler, offline`);
  console.log(`  panel preview — open this in a browser: ${preview.url}`);
  console.log(`  emulated site '${seed.siteName}' (demo data): ${site.url}`);
  console.log(`    meter:  ${site.url}/__local/meter     feed: ${site.url}/__local/feed`);
  const admin = DEMO_API_TOKENS.alice;
  console.log(`  audit it read-only with Alice's API token (docs/cli.md):`);
  console.log(`    npm run audit -- --site ${site.url} --email ${admin.email} --token ${admin.token}`);
  console.log(`  local Forge runtime: handlers from manifest.yml, KVS in ${kvsFile}`);
  console.log(`  restart: ${banner}`);
  console.log(`  Ctrl-C stops everything.`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    stopPolling();
    preview
      .close()
      .then(() => runtime.close())
      .then(() => site.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
