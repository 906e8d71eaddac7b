/**
 * The engine rows of issue 7, measured by running the app's real handlers in the local Forge runtime against
 * the emulated synthetic site (bench/engine-harness.ts). Nothing bypasses a handler: the bench saves the
 * Link policy and starts the scan through the admin page's resolvers, applies site changes through the
 * site's actions (bench/churn.ts), pumps the site's change feed into the runtime (product-event triggers),
 * and moves the virtual clock so the manifest's schedules (five-minute watch, hourly scan) and the queue run
 * as deployed. Points and calls come from the site's meter, KVS operations from the runtime's KVS emulator,
 * CPU from process.cpuUsage() (the bench, the runtime and the emulated site share one process), peak RSS
 * from VmHWM.
 *
 * Phases, in order, on one installation:
 *  1. full reconciliation: policy/set, scan/start, then the clock runs (five-minute steps) until scan/status
 *     says completed; points / calls per operation / KVS ops / CPU / RSS / simulated hours / quota walls;
 *  2. per-event cost: single site changes (KB-link sign-up → user-created events; guest invite + space
 *     assignment → no user event, the watch and the space-permissions event; request raised → issue created),
 *     each followed until the runtime is idle;
 *  3. idle watch: one simulated hour with no change;
 *  4. simulated week: 1 % of accounts change per day (bench/churn.ts) at seeded instants, the feed is pumped
 *     after each change, schedules run for 7 × 24 h.
 * The findings page (100k stored findings) runs on its own installation: bench/findings-page.ts.
 */
import { Prng } from '../local/atlassian-site/governor/prng';
import type { SyntheticSite } from '../local/atlassian-site/scenarios/synthetic';
import { KEYS } from '../src/adapters/storage/keys';
import { ScanCursorRevisionSchema } from '../src/adapters/storage/scan-cursor.schema';
import { Churn, siteAction, type ChurnKind } from './churn';
import {
  benchPolicy,
  cpuSeconds,
  resetHwm,
  startEngineInstallation,
  vmHwmMb,
  type AttributedInvocation,
  type EngineInstallation,
  type MeterTotals,
} from './engine-harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The Tier-1 hourly pool the emulated site enforces (forge-platform.md §3.8). */
export const SITE_POINTS_PER_HOUR = 65_000;

export interface EngineOptions {
  /** Samples per event flow (median / p95 over them). */
  readonly eventSamples: number;
  /** Simulated days of churn (a fraction runs part of a day, with that share of the day's changes). */
  readonly weekDays: number;
  /** Share of accounts changed per day. */
  readonly dailyChurn: number;
  /** Stop the full pass after this many simulated hours (a guard; the row says if it was hit). */
  readonly maxScanHours: number;
  readonly seed: number;
  /** Progress lines (phase names and counts only; never emails or names). */
  readonly progress: (line: string) => void;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  eventSamples: 15,
  weekDays: 7,
  dailyChurn: 0.01,
  maxScanHours: 2_000,
  seed: 1,
  progress: () => undefined,
};

export interface PhaseCost {
  readonly points: number;
  readonly calls: number;
  readonly rateLimited: number;
  readonly kvsOps: number;
  readonly cpuS: number;
  readonly peakRssMb: number | null;
  readonly simulatedHours: number;
  readonly invocations: number;
  /** Points by function key (attributed per invocation). */
  readonly pointsByFunction: Record<string, number>;
  /** Invocations that timed out or ran longer than their limit. */
  readonly overLimit: number;
  /** Longest invocation, ms, and its function. */
  readonly longest: { readonly functionKey: string; readonly durationMs: number; readonly limitMs: number };
}

export interface FlowStats {
  readonly flow: string;
  readonly samples: readonly number[];
  readonly median: number;
  readonly p95: number;
  readonly eventsPerSample: number;
  /** Calls and points per operation over all samples of the flow. */
  readonly operations: readonly { key: string; calls: number; points: number }[];
}

export interface EngineResult {
  readonly accounts: number;
  readonly fullPass: PhaseCost & {
    readonly completed: boolean;
    readonly findings: number | null;
    readonly operations: readonly { key: string; calls: number; points: number }[];
  };
  readonly events: readonly FlowStats[];
  readonly idleHour: PhaseCost & { readonly watchPoints: number };
  readonly week: PhaseCost & {
    readonly changes: number;
    readonly changesByKind: Record<string, number>;
    readonly feedEvents: number;
    readonly fullScansStarted: number;
  };
  /** Hours (virtual) whose metered points reached the site's hourly pool: quota walls. */
  readonly quotaWallHours: number;
  readonly maxPointsInAnHour: number;
  /** Every invocation of the run that timed out or exceeded its limit (function, ms, limit). */
  readonly overLimit: readonly {
    functionKey: string;
    durationMs: number;
    limitMs: number;
    outcome: string;
  }[];
  readonly invocations: number;
  readonly wallS: number;
}

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
};

const isOverLimit = (r: AttributedInvocation): boolean => r.outcome === 'timeout' || r.durationMs > r.limitMs;

/** Measures one phase: meter, KVS, CPU, RSS, virtual time and the invocations it ran. */
const phase = async <T>(
  inst: EngineInstallation,
  body: () => Promise<T>,
): Promise<{ value: T; cost: PhaseCost; records: AttributedInvocation[] }> => {
  const m0: MeterTotals = inst.meter();
  const k0 = inst.runtime.kvs.opStats().total;
  const i0 = inst.attributed.length;
  const t0 = inst.clock.now();
  resetHwm();
  const c0 = process.cpuUsage();
  const value = await body();
  const cpuS = cpuSeconds(c0);
  const peakRssMb = vmHwmMb();
  const m1 = inst.meter();
  const records = inst.attributed.slice(i0);
  const pointsByFunction: Record<string, number> = {};
  for (const r of records)
    pointsByFunction[r.functionKey] = (pointsByFunction[r.functionKey] ?? 0) + r.points;
  const longest = records.reduce<AttributedInvocation | null>(
    (a, r) => (a === null || r.durationMs / r.limitMs > a.durationMs / a.limitMs ? r : a),
    null,
  );
  return {
    value,
    records,
    cost: {
      points: m1.points - m0.points,
      calls: m1.calls - m0.calls,
      rateLimited: m1.rateLimited - m0.rateLimited,
      kvsOps: inst.runtime.kvs.opStats().total - k0,
      cpuS,
      peakRssMb,
      simulatedHours: (inst.clock.now() - t0) / HOUR,
      invocations: records.length,
      pointsByFunction,
      overLimit: records.filter(isOverLimit).length,
      longest:
        longest === null
          ? { functionKey: '-', durationMs: 0, limitMs: 0 }
          : { functionKey: longest.functionKey, durationMs: longest.durationMs, limitMs: longest.limitMs },
    },
  };
};

/**
 * The stored scan cursor, read by inspecting the runtime's KVS (not through a resolver: that would meter
 * the authorisation calls into the phase). Follows the revision chain like the app's cursor store does.
 */
const scanCursor = (inst: EngineInstallation): { scanId: string; finishedAt: number | null } | null => {
  let head = ScanCursorRevisionSchema.nullable().parse(inst.runtime.kvs.get(KEYS.scanCursorHead) ?? null);
  if (head === null) return null;
  for (;;) {
    const next = ScanCursorRevisionSchema.nullable().parse(
      inst.runtime.kvs.get(KEYS.scanCursorRevision(head.revision + 1)) ?? null,
    );
    if (next === null) break;
    head = next;
  }
  return head.cursor === null ? null : { scanId: head.cursor.scanId, finishedAt: head.cursor.finishedAt };
};

const countFindings = async (inst: EngineInstallation): Promise<number> => {
  const overview = (await inst.admin('overview', {})) as { totals?: { findings?: unknown } };
  const n = overview.totals?.findings;
  return typeof n === 'number' ? n : -1;
};

/** Runs the clock in five-minute steps until the scan completes (or the guard stops it). */
const runFullPass = async (
  inst: EngineInstallation,
  maxHours: number,
  progress: (line: string) => void,
): Promise<boolean> => {
  await inst.admin('scan/start', {});
  const t0 = inst.clock.now();
  let lastReport = t0;
  const deadline = inst.clock.now() + maxHours * HOUR;
  for (;;) {
    await inst.runtime.drain({ advanceClock: true, maxInvocations: 1_000_000 });
    if (scanCursor(inst)?.finishedAt != null) return true;
    if (inst.clock.now() >= deadline) return false;
    if (inst.clock.now() - lastReport >= 6 * HOUR) {
      lastReport = inst.clock.now();
      progress(
        `full pass: ${((lastReport - t0) / HOUR).toFixed(0)} h simulated, ${inst.meter().points} points`,
      );
    }
    await inst.runtime.tick(5 * MINUTE);
  }
};

/** Follows the site's change feed until the runtime is idle. */
const settle = async (inst: EngineInstallation): Promise<void> => {
  await inst.runtime.pumpFeed();
  await inst.runtime.drain({ advanceClock: true, maxInvocations: 1_000_000 });
};

type FlowName = 'user created (KB-link sign-up)' | 'guest invited (+ space assigned)' | 'request created';

const measureFlows = async (
  inst: EngineInstallation,
  samples: number,
  seed: number,
): Promise<FlowStats[]> => {
  const rng = new Prng(seed >>> 0);
  const links = inst.synthetic.links;
  const pick = <T>(xs: readonly T[]): T => {
    const x = xs[Math.floor(rng.next() * xs.length)];
    if (x === undefined) throw new Error('nothing to pick');
    return x;
  };
  const out: FlowStats[] = [];
  const flows: FlowName[] = [
    'user created (KB-link sign-up)',
    'guest invited (+ space assigned)',
    'request created',
  ];
  let serial = 0;
  for (const flow of flows) {
    const points: number[] = [];
    let events = 0;
    const ops = new Map<string, { calls: number; points: number }>();
    for (let i = 0; i < samples; i += 1) {
      serial += 1;
      const link = pick(links);
      const domain = link.allowedDomains[0] ?? 'example.com';
      const email = `event.${serial}@${domain}`;
      await inst.clock.advance(MINUTE); // apart in time, like real changes (schedules that fall due run here)
      await settle(inst);
      const before = inst.meter().points;
      const opsBefore = inst.operations();
      if (flow === 'user created (KB-link sign-up)') {
        const r = await siteAction(inst.site, 'kb-signup', {
          email,
          displayName: `Event user ${serial}`,
          deskId: link.deskId,
          emailVisible: i % 3 !== 0,
        });
        events += r.events.length;
        await settle(inst);
      } else if (flow === 'guest invited (+ space assigned)') {
        const invited = await siteAction(inst.site, 'invite-guest', {
          email,
          displayName: `Event guest ${serial}`,
          emailVisible: i % 3 !== 0,
        });
        const assigned = await siteAction(inst.site, 'assign-guest-space', {
          accountId: invited.accountId ?? '',
          spaceId: link.spaceId,
        });
        events += invited.events.length + assigned.events.length;
        await settle(inst);
        // No user event for a guest invite: the next five-minute watch tick is what sees it.
        await inst.runtime.tick(5 * MINUTE);
        await settle(inst);
      } else {
        const desk = inst.site.state.desks.get(link.deskId);
        const reporter = desk ? pick([...desk.customers].filter((id) => inst.site.state.isActive(id))) : '';
        const r = await siteAction(inst.site, 'raise-request', {
          deskId: link.deskId,
          reporter,
          summary: 'Cannot log in',
        });
        events += r.events.length;
        await settle(inst);
      }
      points.push(inst.meter().points - before);
      for (const [key, v] of inst.operations()) {
        const calls = v.calls - (opsBefore.get(key)?.calls ?? 0);
        if (calls === 0) continue;
        const o = ops.get(key) ?? { calls: 0, points: 0 };
        ops.set(key, {
          calls: o.calls + calls,
          points: o.points + v.points - (opsBefore.get(key)?.points ?? 0),
        });
      }
    }
    out.push({
      flow,
      samples: points,
      median: percentile(points, 50),
      p95: percentile(points, 95),
      eventsPerSample: events / samples,
      operations: [...ops.entries()]
        .map(([key, v]) => ({ key, ...v }))
        .sort((a, b) => b.points - a.points || (a.key < b.key ? -1 : 1)),
    });
  }
  return out;
};

const runWeek = async (
  inst: EngineInstallation,
  o: EngineOptions,
): Promise<{ changes: number; byKind: Record<string, number>; feedEvents: number; scanIds: number }> => {
  const churn = new Churn(inst.site, inst.synthetic, o.seed * 7919 + 17);
  const rng = new Prng((o.seed * 104_729 + 3) >>> 0);
  const perDay = Math.max(1, Math.round(inst.synthetic.stats.accounts * o.dailyChurn));
  const byKind: Partial<Record<ChurnKind, number>> = {};
  let changes = 0;
  let feedEvents = 0;
  const scanIds = new Set<string>();
  const noteScan = (): void => {
    const c = scanCursor(inst);
    if (c !== null) scanIds.add(c.scanId);
  };
  noteScan();
  const startId = [...scanIds][0];
  for (let day = 0; day < o.weekDays; day += 1) {
    const dayStart = inst.clock.now();
    // A fractional last day (smoke runs) is shorter and gets its share of the day's changes.
    const share = Math.min(1, o.weekDays - day);
    const dayMs = Math.round(share * DAY);
    const count = Math.max(1, Math.round(perDay * share));
    const offsets = Array.from({ length: count }, () => Math.floor(rng.next() * dayMs)).sort((a, b) => a - b);
    for (const offset of offsets) {
      const at = dayStart + offset;
      if (at > inst.clock.now()) await inst.runtime.tick(at - inst.clock.now());
      noteScan();
      const change = await churn.next();
      byKind[change.kind] = (byKind[change.kind] ?? 0) + 1;
      feedEvents += change.events;
      changes += 1;
      await inst.runtime.pumpFeed();
    }
    for (let h = 1; h * HOUR <= dayMs; h += 1) {
      await inst.runtime.tick(Math.max(0, dayStart + h * HOUR - inst.clock.now()));
      noteScan();
    }
    await inst.runtime.tick(Math.max(0, dayStart + dayMs - inst.clock.now()));
    o.progress(`week: day ${day + 1} done, ${changes} changes, ${inst.meter().points} points metered so far`);
  }
  await settle(inst);
  noteScan();
  if (startId !== undefined) scanIds.delete(startId);
  return { changes, byKind, feedEvents, scanIds: scanIds.size };
};

export const measureEngine = async (
  synthetic: SyntheticSite,
  options: Partial<EngineOptions> = {},
): Promise<EngineResult> => {
  const o = { ...DEFAULT_ENGINE_OPTIONS, ...options };
  const wall0 = performance.now();
  const inst = await startEngineInstallation(synthetic);
  try {
    await inst.admin('policy/set', benchPolicy(synthetic));
    const ops0 = inst.operations();
    const full = await phase(inst, () => runFullPass(inst, o.maxScanHours, o.progress));
    const ops1 = inst.operations();
    const operations = [...ops1.entries()]
      .map(([key, v]) => ({
        key,
        calls: v.calls - (ops0.get(key)?.calls ?? 0),
        points: v.points - (ops0.get(key)?.points ?? 0),
      }))
      .filter((r) => r.calls > 0)
      .sort((a, b) => b.points - a.points || (a.key < b.key ? -1 : 1));
    const findings = full.value ? await countFindings(inst) : null;
    o.progress(`full pass: ${full.cost.points} points, ${full.cost.simulatedHours.toFixed(2)} h simulated`);

    const events = (await phase(inst, () => measureFlows(inst, o.eventSamples, o.seed))).value;

    o.progress(`events: ${events.map((e) => `${e.flow} median ${e.median}`).join('; ')}`);
    await settle(inst);
    const idle = await phase(inst, () => inst.runtime.tick(HOUR));
    const watchPoints = idle.records
      .filter((r) => r.functionKey === 'watch')
      .reduce((s, r) => s + r.points, 0);

    o.progress(`idle hour: ${idle.cost.points} points`);
    const week = await phase(inst, () => runWeek(inst, o));
    o.progress(`week: ${week.cost.points} points`);

    const hours = inst.site.governor.meter?.snapshot().hours ?? {};
    const hourly = Object.values(hours).map((h) => h.points);
    const overLimit = inst.attributed.filter(isOverLimit).map((r) => ({
      functionKey: r.functionKey,
      durationMs: Math.round(r.durationMs),
      limitMs: r.limitMs,
      outcome: r.outcome,
    }));
    return {
      accounts: synthetic.stats.accounts,
      fullPass: { ...full.cost, completed: full.value, findings, operations },
      events,
      idleHour: { ...idle.cost, watchPoints },
      week: {
        ...week.cost,
        changes: week.value.changes,
        changesByKind: week.value.byKind,
        feedEvents: week.value.feedEvents,
        fullScansStarted: week.value.scanIds,
      },
      quotaWallHours: hourly.filter((p) => p >= SITE_POINTS_PER_HOUR).length,
      maxPointsInAnHour: Math.max(0, ...hourly),
      overLimit,
      invocations: inst.attributed.length,
      wallS: (performance.now() - wall0) / 1000,
    };
  } finally {
    await inst.close();
  }
};
