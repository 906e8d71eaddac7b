/**
 * The engine bench's installation: a synthetic emulated site (real governor, the Tier-1 65,000 points/hour
 * pool enforced) and the local Forge runtime running the app's real handlers from src (manifest.yml as
 * deployed, schedules starting five minutes after "deploy"), on one virtual clock.
 *
 * Two adjustments make simulated days possible, both because virtual time stands still while code runs:
 *  - burst buckets are opened wide (as in bench/rest.ts): they refill with virtual time, which does not move
 *    during an invocation, so a scan would see endless burst 429s and sleep in wall time; the hourly quota
 *    stays enforced, so quota walls are real;
 *  - `Date.now` follows the virtual clock while the installation is open: the app's Clock (src/wiring.ts)
 *    is `Date.now()`, and its points budget hour, daily full scan and dedupe windows must see simulated
 *    time, as they would see real time in production. `performance.now()` (wall timings) is untouched.
 *
 * Points are attributed per invocation: invocations run one at a time (the runtime awaits each), so the
 * site meter's growth between two invocation records belongs to the later one. The meter is read in-process
 * (`site.governor.meter.snapshot()`), so reading it costs nothing and is never metered.
 */
import path from 'node:path';
import { createSite, type SiteHandle } from '../local/atlassian-site';
import type { SyntheticSite } from '../local/atlassian-site/scenarios/synthetic';
import { VirtualClock } from '../local/clock/virtual-clock';
import {
  createForgeRuntime,
  type ForgeRuntime,
  type ForgeRuntimeOptions,
  type InvocationRecord,
} from '../local/forge-runtime';
import { linksOf } from './synthetic-to-core';

export const ENGINE_APP_ID = '5d2c7a10-3b4e-4f6a-9c8d-00000000b7c4';
export const ROOT = path.join(__dirname, '..');
export const ADMIN_MODULE = 'identity-reconciler-admin';

export interface MeterTotals {
  readonly calls: number;
  readonly points: number;
  readonly rateLimited: number;
  readonly errors: number;
}

/** One invocation with the points and calls the site metered while it ran. */
export interface AttributedInvocation {
  readonly kind: InvocationRecord['kind'];
  readonly functionKey: string;
  readonly moduleKey: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly limitMs: number;
  readonly outcome: InvocationRecord['outcome'];
  readonly points: number;
  readonly calls: number;
  readonly rateLimited: number;
}

export interface EngineInstallation {
  readonly clock: VirtualClock;
  readonly site: SiteHandle;
  readonly runtime: ForgeRuntime;
  readonly synthetic: SyntheticSite;
  /** A site admin of the synthetic site (resolver calls on the admin page run as this account). */
  readonly adminId: string;
  readonly attributed: AttributedInvocation[];
  meter(): MeterTotals;
  operations(): Map<string, { calls: number; points: number }>;
  /** Calls a resolver from the admin page as the site admin; throws unless the envelope is ok. */
  admin(name: string, payload: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export { cpuSeconds, resetHwm, vmHwmMb } from './process-stats';

const envelopeOk = (value: unknown): value is { ok: true; data: unknown } =>
  typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === true;

export const startEngineInstallation = async (
  synthetic: SyntheticSite,
  runtimeOptions: Pick<ForgeRuntimeOptions, 'timeLimits' | 'stopTimedOut'> = {},
): Promise<EngineInstallation> => {
  const clock = new VirtualClock();
  const site = await createSite({
    clock,
    seed: synthetic.site,
    appId: ENGINE_APP_ID,
    governorOptions: { burst: { capacitySeconds: 1_000_000_000 } },
  });
  const realDateNow = Date.now;
  Date.now = () => clock.now();
  const meterOf = site.governor.meter;
  if (meterOf === undefined) throw new Error('the engine bench needs the real governor (meter)');
  const meter = (): MeterTotals => {
    const t = meterOf.snapshot().totals;
    return { calls: t.calls, points: t.points, rateLimited: t.rateLimited, errors: t.errors };
  };
  const attributed: AttributedInvocation[] = [];
  let last = meter();
  const runtime = await createForgeRuntime({
    appRoot: ROOT,
    siteUrl: site.url,
    clock,
    appId: ENGINE_APP_ID,
    cloudId: synthetic.site.cloudId,
    // An installation in use: everyone on the site has allowed access (consent is not what the bench measures).
    consentedAccounts: [...site.state.accounts.keys()],
    ...runtimeOptions,
    onInvocation: (r) => {
      const now = meter();
      attributed.push({
        kind: r.kind,
        functionKey: r.functionKey,
        moduleKey: r.moduleKey,
        startedAt: r.startedAt,
        durationMs: r.durationMs,
        limitMs: r.limitMs,
        outcome: r.outcome,
        points: now.points - last.points,
        calls: now.calls - last.calls,
        rateLimited: now.rateLimited - last.rateLimited,
      });
      last = now;
    },
  });
  const adminId = [...site.state.accounts.values()].find((a) => a.siteAdmin === true)?.accountId;
  if (adminId === undefined) throw new Error('the synthetic site has no site admin');
  const admin = async (name: string, payload: unknown): Promise<unknown> => {
    const result = await runtime.invokeResolver(ADMIN_MODULE, name, payload, {
      accountId: adminId,
      extension: {},
    });
    if (!result.ok) throw new Error(`resolver ${name} failed: ${result.error.message}`);
    if (!envelopeOk(result.value)) throw new Error(`resolver ${name} answered an error envelope`);
    return result.value.data;
  };
  return {
    clock,
    site,
    runtime,
    synthetic,
    adminId,
    attributed,
    meter,
    operations: () =>
      new Map(
        Object.entries(meterOf.snapshot().operations).map(([k, o]) => [
          k,
          { calls: o.calls, points: o.points },
        ]),
      ),
    admin,
    close: async () => {
      try {
        await runtime.close();
        await site.close();
      } finally {
        Date.now = realDateNow;
      }
    },
  };
};

/** The Link policy a bench installation saves: one Link per desk (synthetic-to-core `linksOf`), no auto-fix. */
export const benchPolicy = (synthetic: SyntheticSite): unknown => ({
  links: linksOf(synthetic).map((l) => ({
    id: l.id,
    deskId: l.deskId,
    spaceKeys: [...l.spaceKeys],
    groupIds: [...l.groupIds],
    allowedDomains: [...l.allowedDomains],
    autoFix: { ...l.autoFix },
  })),
  protectedAccountIds: [],
  blastRadiusThreshold: 10,
});
