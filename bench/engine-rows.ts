/**
 * Table rows of the engine bench (bench/engine.ts, bench/findings-page.ts), with issue 7's targets and
 * whether each holds (met / NOT MET and the margin). Shared row type and number formats of bench/run.ts.
 */
import type { EngineResult, PhaseCost } from './engine';
import type { FindingsPageResult } from './findings-page';
import type { MeteredRun } from './rest';

export interface Row {
  readonly workload: string;
  readonly metric: string;
  readonly value: string;
  readonly target: string;
}

export const fmt = (n: number, digits = 2): string => n.toFixed(digits);
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/** `met (margin)` / `NOT MET (margin)` for "value ≤ limit". */
export const verdictAtMost = (value: number, limit: number, unit = ''): string => {
  const margin = limit - value;
  return margin >= 0
    ? `met (${fmt(margin, unit === '×' ? 2 : 0)}${unit} to spare)`
    : `NOT MET (${fmt(-margin, unit === '×' ? 2 : 0)}${unit} over)`;
};

/** The targets of issue 7, as numbers (docs/performance.md). */
export const TARGETS = {
  fullPassOverLb: 1.1,
  weekNaiveOverOurs: 10,
  medianEventPoints: 12,
  idleWatchPointsPerHour: 100,
  findingsPageP95Ms: 300,
} as const;

/** Derived ratios, computed once for the table, the JSON and the smoke test. */
export interface EngineRatios {
  readonly fullPassOverLb: number | null;
  readonly naivePassOverOurs: number | null;
  readonly naiveWeekPoints: number | null;
  readonly naiveWeekOverOurs: number | null;
}

export const engineRatios = (
  e: EngineResult,
  lb: MeteredRun | null,
  naive: MeteredRun | null,
): EngineRatios => {
  const naiveWeekPoints = naive === null ? null : naive.points * (e.week.simulatedHours / 24);
  return {
    fullPassOverLb: lb === null || lb.points === 0 ? null : e.fullPass.points / lb.points,
    naivePassOverOurs: naive === null || e.fullPass.points === 0 ? null : naive.points / e.fullPass.points,
    naiveWeekPoints,
    naiveWeekOverOurs:
      naiveWeekPoints === null || e.week.points === 0 ? null : naiveWeekPoints / e.week.points,
  };
};

const costLine = (c: PhaseCost): string =>
  `${int(c.points)} pts, ${int(c.calls)} calls, ${int(c.kvsOps)} KVS ops, ${fmt(c.cpuS)} CPU s, ` +
  `peak RSS ${c.peakRssMb === null ? 'n/a' : int(c.peakRssMb)} MB, ${fmt(c.simulatedHours)} h simulated`;

const byFunction = (c: PhaseCost): string =>
  Object.entries(c.pointsByFunction)
    .filter(([, p]) => p > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([f, p]) => `${f} ${int(p)}`)
    .join(', ');

export const engineRows = (e: EngineResult, lb: MeteredRun | null, naive: MeteredRun | null): Row[] => {
  const r = engineRatios(e, lb, naive);
  const w = 'engine';
  const rows: Row[] = [
    {
      workload: w,
      metric: 'full reconciliation (scan/start → completed)',
      value: `${e.fullPass.completed ? '' : 'NOT COMPLETED, '}${costLine(e.fullPass)}`,
      target: '',
    },
    {
      workload: w,
      metric: 'full reconciliation points / LB',
      value:
        r.fullPassOverLb === null
          ? 'n/a (run without --skip-rest)'
          : `${int(e.fullPass.points)} / ${int(lb?.points ?? 0)} = ${fmt(r.fullPassOverLb)}×`,
      target:
        r.fullPassOverLb === null
          ? `≤ ${TARGETS.fullPassOverLb}× LB`
          : `≤ ${TARGETS.fullPassOverLb}× LB: ${verdictAtMost(r.fullPassOverLb, TARGETS.fullPassOverLb, '×')}`,
    },
    {
      workload: w,
      metric: 'full reconciliation points by function',
      value: byFunction(e.fullPass),
      target: '',
    },
    {
      workload: w,
      metric: 'full reconciliation calls per operation (top 6)',
      value: e.fullPass.operations
        .slice(0, 6)
        .map((o) => `${o.key} ${int(o.calls)}×/${int(o.points)} pts`)
        .join('; '),
      target: '',
    },
    {
      workload: w,
      metric: 'findings after the full pass',
      value: e.fullPass.findings === null ? 'n/a' : int(e.fullPass.findings),
      target: '',
    },
    {
      workload: w,
      metric: 'simulated hours to full coverage (app budget 10k pts/h, site pool 65k/h)',
      value: fmt(e.fullPass.simulatedHours),
      target: '',
    },
    {
      workload: w,
      metric: 'naive one pass / ours (points)',
      value: r.naivePassOverOurs === null ? 'n/a' : `${fmt(r.naivePassOverOurs)}×`,
      target: '',
    },
  ];
  for (const f of e.events)
    rows.push({
      workload: w,
      metric: `per event: ${f.flow} (n=${f.samples.length}, ${fmt(f.eventsPerSample, 1)} events each)`,
      value: `median ${int(f.median)} pts, p95 ${int(f.p95)} pts`,
      target: `≤ ${TARGETS.medianEventPoints} median: ${verdictAtMost(f.median, TARGETS.medianEventPoints)}`,
    });
  rows.push(
    {
      workload: w,
      metric: 'idle hour (no change): all points / watch points',
      value: `${int(e.idleHour.points)} / ${int(e.idleHour.watchPoints)} pts (${int(e.idleHour.invocations)} invocations)`,
      target: `≤ ${TARGETS.idleWatchPointsPerHour}/h: ${verdictAtMost(e.idleHour.points, TARGETS.idleWatchPointsPerHour)}`,
    },
    {
      workload: w,
      metric: `week: ${int(e.week.changes)} changes (${Object.entries(e.week.changesByKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}), ${int(e.week.feedEvents)} product events`,
      value: costLine(e.week),
      target: '',
    },
    {
      workload: w,
      metric: 'week points by function',
      value: `${byFunction(e.week)}; full scans started by the schedule: ${e.week.fullScansStarted}`,
      target: '',
    },
    {
      workload: w,
      metric: 'week: naive (daily audit × days) / ours',
      value:
        r.naiveWeekOverOurs === null || r.naiveWeekPoints === null
          ? 'n/a (run without --skip-rest)'
          : `${int(r.naiveWeekPoints)} / ${int(e.week.points)} = ${fmt(r.naiveWeekOverOurs)}×`,
      target:
        r.naiveWeekOverOurs === null
          ? `≥ ${TARGETS.weekNaiveOverOurs}×`
          : `≥ ${TARGETS.weekNaiveOverOurs}×: ${
              r.naiveWeekOverOurs >= TARGETS.weekNaiveOverOurs
                ? 'met'
                : `NOT MET (${fmt(TARGETS.weekNaiveOverOurs / r.naiveWeekOverOurs)}× short)`
            }`,
    },
    {
      workload: w,
      metric: 'quota walls hit (hours at the 65k pool) / 429s / max points in an hour',
      value: `${e.quotaWallHours} / ${int(e.fullPass.rateLimited + e.week.rateLimited + e.idleHour.rateLimited)} / ${int(e.maxPointsInAnHour)}`,
      target: '0 walls',
    },
    {
      workload: w,
      metric: 'invocations over their limit (all phases)',
      value: `${e.overLimit.length} of ${int(e.invocations)}`,
      target: `0: ${e.overLimit.length === 0 ? 'met' : 'NOT MET'}`,
    },
    { workload: w, metric: 'engine bench wall time', value: `${fmt(e.wallS, 0)} s`, target: '' },
  );
  return rows;
};

export const findingsPageRows = (p: FindingsPageResult): Row[] => {
  const w = 'findings page';
  const timeouts = p.calls.filter((c) => c.timedOut).length;
  return [
    {
      workload: w,
      metric: 'stored findings (core output, app FindingStore) / subjects / seed',
      value: `${int(p.stored)} / ${int(p.subjects)} / ${int(p.seedKvsOps)} KVS ops, ${fmt(p.seedCpuS)} CPU s, ${fmt(p.seedWallS, 0)} s wall`,
      target: '≥ 100,000',
    },
    {
      workload: w,
      metric: `findings/list p50 / p95 / max over ${p.calls.length} calls`,
      value: `${int(p.p50Ms)} / ${int(p.p95Ms)} / ${int(p.maxMs)} ms (${timeouts} timed out at 25 s)`,
      target: `p95 ≤ ${TARGETS.findingsPageP95Ms} ms: ${verdictAtMost(p.p95Ms, TARGETS.findingsPageP95Ms, ' ms')}`,
    },
    {
      workload: w,
      metric: 'KVS ops per findings/list call (mean)',
      value: fmt(p.kvsOpsPerCall, 1),
      target: '',
    },
    {
      workload: w,
      metric: 'findings/list calls over the 25 s resolver limit',
      value: `${p.overLimit} of ${p.calls.length}`,
      target: `0: ${p.overLimit === 0 ? 'met' : 'NOT MET'}`,
    },
  ];
};
