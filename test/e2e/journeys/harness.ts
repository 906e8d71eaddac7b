/**
 * The journeys' shared set-up: the emulated demo site and the local Forge runtime running the app's real
 * handlers from src (appRoot = the repo root, manifest.yml as deployed), one virtual clock, plus helpers to
 * call resolvers as a given user from a given panel, drive the site's demo actions, and read the points the
 * site metered per flow (printed in a summary at the end of each file).
 */
import path from 'node:path';
import { createSite, type SiteHandle } from '../../../local/atlassian-site/index';
import type { QuotaPool } from '../../../local/atlassian-site/governor';
import { DEMO_IDS, demoScenario } from '../../../local/atlassian-site/scenarios/demo';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import type { SiteSeed } from '../../../local/atlassian-site/seed';
import {
  createForgeRuntime,
  type ChaosOptions,
  type ForgeRuntime,
  type ForgeRuntimeOptions,
} from '../../../local/forge-runtime';
import { captureLogs } from '../../reliability/support/part-b-logs';

// Every journey's console output and invocation records go to test-output/logs/<suite>.log, which
// scripts/scan-logs.ts scans for emails and display names after jest (docs/reliability.md §6).
const logs = captureLogs();

export const ROOT = path.join(__dirname, '../../..');
export const APP_ID = '5d2c7a10-3b4e-4f6a-9c8d-000000000e2e';

export const MODULES = {
  admin: 'identity-reconciler-admin',
  project: 'identity-reconciler-project-settings',
  space: 'identity-reconciler-space-settings',
} as const;

export interface Harness {
  readonly clock: VirtualClock;
  readonly site: SiteHandle;
  readonly runtime: ForgeRuntime;
  readonly cloudId: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly kvsFile?: string;
  readonly clock?: VirtualClock;
  /** A site to reuse (not closed with the harness); by default a new one from `seed`. */
  readonly site?: SiteHandle;
  /** Default: the demo scenario. */
  readonly seed?: SiteSeed;
  readonly chaos?: ChaosOptions;
  readonly timeLimits?: ForgeRuntimeOptions['timeLimits'];
  /**
   * Who has already clicked "Allow access" (the runtime answers other users' asUser calls with
   * NEEDS_AUTHENTICATION_ERR). Default: every account on the site when the harness starts, an installation
   * in use; pass [] for a fresh one.
   */
  readonly consentedAccounts?: readonly string[];
  /**
   * The app's hourly points pool, to share with other installations (sites) of the same app on the same
   * clock (docs/local-runtime.md "Two installations"); by default the site has a pool of its own.
   */
  readonly quotaPool?: QuotaPool;
  /** Another manifest for the same app (platform-rule tests); default the repository's manifest.yml. */
  readonly manifestPath?: string;
  /** Where the runtime sends site calls (a proxy in front of the site); default: the site itself. */
  readonly siteUrl?: string;
  /** What the app's `Date.now` reads (forge-runtime `appTime`); default the runtime's ('wall'). */
  readonly appTime?: ForgeRuntimeOptions['appTime'];
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new VirtualClock();
  const seed = options.seed ?? demoScenario();
  const site =
    options.site ??
    (await createSite({
      clock,
      seed,
      appId: APP_ID,
      ...(options.quotaPool === undefined ? {} : { governorOptions: { quotaPool: options.quotaPool } }),
    }));
  const runtime = await createForgeRuntime({
    appRoot: ROOT,
    siteUrl: options.siteUrl ?? site.url,
    clock,
    appId: APP_ID,
    cloudId: seed.cloudId,
    scheduleStartDelayMs: 0,
    onInvocation: (record) => logs.invocation(record),
    consentedAccounts: options.consentedAccounts ?? [...site.state.accounts.keys()],
    ...(options.kvsFile === undefined ? {} : { kvsFile: options.kvsFile }),
    ...(options.chaos === undefined ? {} : { chaos: options.chaos }),
    ...(options.timeLimits === undefined ? {} : { timeLimits: options.timeLimits }),
    ...(options.manifestPath === undefined ? {} : { manifestPath: options.manifestPath }),
    ...(options.appTime === undefined ? {} : { appTime: options.appTime }),
  });
  return {
    clock,
    site,
    runtime,
    cloudId: seed.cloudId,
    close: async () => {
      await runtime.close();
      if (options.site === undefined) await site.close();
    },
  };
}

// Journeys read response fields loosely and assert them with jest matchers; the contracts test the shapes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string } };

/** Calls a resolver as `accountId` from a panel; returns the envelope the resolver answered. */
export async function callResolver(
  h: Harness,
  name: string,
  payload: unknown,
  as: { accountId: string; module: keyof typeof MODULES; extension?: Record<string, unknown> },
): Promise<Envelope> {
  const result = await h.runtime.invokeResolver(MODULES[as.module], name, payload, {
    accountId: as.accountId,
    extension: as.extension ?? {},
  });
  if (!result.ok) throw new Error(`resolver ${name} failed: ${String(result.error)}`);
  return result.value as Envelope;
}

export const asSiteAdmin = { accountId: DEMO_IDS.alice, module: 'admin' as const };

export async function siteAction(h: Harness, name: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${h.site.url}/__local/actions/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`action ${name}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Points the site has metered since the last reset, then reset. */
export async function takePoints(h: Harness): Promise<number> {
  const meter = (await (await fetch(`${h.site.url}/__local/meter`)).json()) as { totals: { points: number } };
  await fetch(`${h.site.url}/__local/meter/reset`, { method: 'POST' });
  return meter.totals.points;
}

/** Collects `flow → points` and prints them once, at the end of the file. */
export function pointsReport(file: string): { record(flow: string, points: number): void } {
  const rows: [string, number][] = [];
  afterAll(() => {
    const lines = rows.map(([flow, points]) => `  ${flow}: ${points} points`);
    const text = `[points] ${file}\n${lines.join('\n')}`;
    logs.write(text);
    logs.flush();
    process.stdout.write(`\n${text}\n`);
  });
  return { record: (flow, points) => rows.push([flow, points]) };
}
