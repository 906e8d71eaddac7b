/**
 * The emulated demo site plus a local Forge runtime (which installs `__forge_fetch__`), so the REAL adapters
 * run through the REAL @forge/api. Every product call the SDK makes is recorded (caller, method, path,
 * headers) before it reaches the site; the site's governor meters it.
 */
import path from 'node:path';
import { createSite, type SiteHandle } from '../../../local/atlassian-site/index';
import { demoScenario } from '../../../local/atlassian-site/scenarios/demo';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import { createForgeRuntime, type ForgeRuntime } from '../../../local/forge-runtime';
import { invocationScopes } from '../../../local/forge-runtime/invocation';
import { InstallationLimits } from '../../../src/adapters/http/limits';
import {
  createRestClient,
  type Caller,
  type PointsSink,
  type RestClient,
} from '../../../src/adapters/http/request';

export const APP_ID = 'identity-reconciler-adapters';
const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface SentRequest {
  readonly caller: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** What the request layer booked, answer by answer (production books into the installation budget). */
export class RecordingPoints implements PointsSink {
  used = 0;
  answers = 0;
  record(points: number): void {
    this.used += points;
    this.answers += 1;
  }
}

export interface World {
  readonly site: SiteHandle;
  readonly clock: VirtualClock;
  readonly runtime: ForgeRuntime;
  readonly sent: SentRequest[];
  readonly points: RecordingPoints;
  readonly limits: InstallationLimits;
  readonly sleeps: number[];
  client(as: Caller): RestClient;
  /**
   * Runs `fn` as if inside a resolver invocation by `accountId`, so `asUser()` ('current-user') is that user
   * without impersonation (asUser(accountId) needs allowImpersonation scopes: docs/manifest.md).
   */
  asInvokingUser<T>(accountId: string, fn: () => Promise<T>): Promise<T>;
  /** Points the site metered for every caller since the start (or the last meter reset). */
  meteredPoints(): number;
  meterOf(operationId: string): { calls: number; points: number; rateLimited: number; errors: number };
  close(): Promise<void>;
}

type ForgeFetch = (
  meta: { provider?: string; accountId?: string },
  path: string,
  init?: RequestInit,
) => Promise<Response>;

export async function startWorld(options: { pointsPerHour?: number } = {}): Promise<World> {
  const clock = new VirtualClock();
  const seed = demoScenario();
  const site = await createSite({
    clock,
    seed,
    appId: APP_ID,
    governorOptions: {
      userCallsAppId: APP_ID,
      ...(options.pointsPerHour !== undefined ? { pointsPerHour: options.pointsPerHour } : {}),
    },
  });
  const runtime = await createForgeRuntime({
    appRoot: REPO_ROOT,
    siteUrl: site.url,
    clock,
    appId: APP_ID,
    cloudId: seed.cloudId,
    followClockAdvances: false,
    consentedAccounts: seed.accounts.map((a) => a.accountId), // the adapters' asUser calls are not refused
  });
  const g = globalThis as { __forge_fetch__?: ForgeFetch };
  const original = g.__forge_fetch__;
  if (original === undefined) throw new Error('the local runtime did not install __forge_fetch__');
  const sent: SentRequest[] = [];
  g.__forge_fetch__ = (meta, p, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    sent.push({
      caller: meta.provider === 'app' ? 'app' : `user:${meta.accountId ?? '(current)'}`,
      method: init?.method ?? 'GET',
      path: p,
      headers,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    });
    return original(meta, p, init);
  };
  const sleeps: number[] = [];
  const limits = new InstallationLimits({
    now: () => clock.now(),
    sleep: async (ms) => {
      sleeps.push(ms);
      await clock.advance(ms);
    },
  });
  const points = new RecordingPoints();
  const meter = () => {
    const m = site.governor.meter;
    if (m === undefined) throw new Error('the site runs without its governor');
    return m.snapshot();
  };
  return {
    site,
    clock,
    runtime,
    sent,
    points,
    limits,
    sleeps,
    client: (as) => createRestClient({ as, points, limits, random: () => 0.5 }),
    asInvokingUser: (accountId, fn) =>
      invocationScopes.run(
        {
          ownerId: 'adapter-contract',
          invocationId: `adapter-contract-${accountId}`,
          accountId,
          forgeRuntime: undefined as never,
          chain: { originId: 'adapter-contract', pushes: 0 },
        },
        fn,
      ),
    meteredPoints: () => meter().totals.points,
    meterOf: (operationId) => {
      const ops = Object.values(meter().operations).filter((op) => op.operationId === operationId);
      return ops.reduce(
        (sum, op) => ({
          calls: sum.calls + op.calls,
          points: sum.points + op.points,
          rateLimited: sum.rateLimited + op.rateLimited,
          errors: sum.errors + op.errors,
        }),
        { calls: 0, points: 0, rateLimited: 0, errors: 0 },
      );
    },
    close: async () => {
      g.__forge_fetch__ = original;
      await runtime.close();
      await site.close();
    },
  };
}

/** Configure the site's faults through its control route (docs/rate-limits.md). */
export async function putFaults(site: SiteHandle, config: unknown): Promise<void> {
  const res = await fetch(`${site.url}/__local/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  });
  if (res.status !== 200) throw new Error(`faults: ${res.status} ${await res.text()}`);
}
