/**
 * Benchmarks of issue #7: `npx tsx bench/run.ts --size S|M|L [--json out.json] [--repeats 3] [--naive-sample k]
 * [--skip-core] [--skip-rest] [--skip-engine] [--skip-findings-page] [--event-samples n] [--week-days d]
 * [--stored-findings n] [--page-calls n]`; `--audit` runs only the command-line audit (bench/audit.ts). Prints one table and optionally writes the JSON. Method and latest
 * numbers: docs/performance.md.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateSyntheticSite, type SyntheticSize } from '../local/atlassian-site/scenarios/synthetic';
import { type AuditBenchResult, measureAudit } from './audit';
import { type CoreScaleResult, runCoreScaleInChild } from './core-scale';
import { type EngineResult, measureEngine } from './engine';
import { engineRows, findingsPageRows, fmt, int, type Row } from './engine-rows';
import { type FindingsPageResult, measureFindingsPage } from './findings-page';
import { measureLowerBound, measureNaive, type MeteredRun, startBenchSite } from './rest';
const DEFAULT_NAIVE_SAMPLE: Record<SyntheticSize, number> = { S: 1, M: 100, L: 1000 };

const coreRows = (c: CoreScaleResult): Row[] => [
  {
    workload: 'core scale',
    metric: 'accounts / persons / findings / plan steps',
    value: `${int(c.accounts)} / ${int(c.persons)} / ${int(c.findings)} / ${int(c.planActions)}`,
    target: '',
  },
  {
    workload: 'core scale',
    metric: 'findings guard (generator expectations)',
    value: c.matchesExpected ? 'ok' : `MISMATCH ${c.guardNotes.join('; ')}`,
    target: 'ok',
  },
  {
    workload: 'core scale',
    metric: 'CPU s group / evaluate / plan (median)',
    value: `${fmt(c.median.groupCpuS)} / ${fmt(c.median.evaluateCpuS)} / ${fmt(c.median.planCpuS)}`,
    target: '',
  },
  {
    workload: 'core scale',
    metric: `CPU s total (median of ${c.runs.length})`,
    value: fmt(c.median.totalCpuS),
    target: c.size === 'L' ? '≤ 3 s' : '',
  },
  {
    workload: 'core scale',
    metric: 'peak RSS MB during core (input held) / floor',
    value: `${c.median.peakRssMb === null ? 'n/a' : int(c.median.peakRssMb)} / ${int(c.baselineRssMb)}`,
    target: c.size === 'L' ? '≤ 512 MB' : '',
  },
];

const restRows = (name: string, run: MeteredRun): Row[] => [
  ...run.sources.map((s) => ({
    workload: name,
    metric: s.source,
    value: `${int(s.points)} pts, ${int(s.calls)} calls, ${int(s.items)} items`,
    target: '',
  })),
  {
    workload: name,
    metric: 'TOTAL points / calls',
    value: `${int(run.points)} / ${int(run.calls)}`,
    target: '',
  },
  ...(run.method === null
    ? []
    : [{ workload: name, metric: 'method', value: `EXTRAPOLATED: ${run.method}`, target: '' }]),
];

const auditRows = (a: AuditBenchResult): Row[] => [
  {
    workload: 'cli audit',
    metric: 'accounts / findings / not visible',
    value: `${int(a.accounts)} / ${int(a.findings)} / ${int(a.notVisible)}`,
    target: '',
  },
  {
    workload: 'cli audit',
    metric: 'requests (by method; by status)',
    value: `${int(a.requests)} (${JSON.stringify(a.byMethod)}; ${JSON.stringify(a.byStatus)})`,
    target: '',
  },
  {
    workload: 'cli audit',
    metric: 'virtual s (endpoint pacing + rate-limit waits; latency 0)',
    value: fmt(a.virtualS),
    target: '',
  },
  {
    workload: 'cli audit',
    metric: 'real wall s (audit + emulated site, one process)',
    value: fmt(a.realS),
    target: '',
  },
  {
    workload: 'cli audit',
    metric: 'peak RSS MB / before',
    value: `${int(a.peakRssMb)} / ${int(a.rssBeforeMb)}`,
    target: '',
  },
  {
    workload: 'cli audit',
    metric: 'peak heap MB / before',
    value: `${int(a.peakHeapMb)} / ${int(a.heapBeforeMb)}`,
    target: '',
  },
];

const printTable = (title: string, rows: readonly Row[]): void => {
  const w = [8, 6, 5, 6].map((min, i) =>
    Math.max(min, ...rows.map((r) => [r.workload, r.metric, r.value, r.target][i]?.length ?? 0)),
  );
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(w[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(['workload', 'metric', 'value', 'target']));
  console.log(line(w.map((n) => '-'.repeat(n))));
  for (const r of rows) console.log(line([r.workload, r.metric, r.value, r.target]));
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'S' },
      json: { type: 'string' },
      seed: { type: 'string', default: '1' },
      repeats: { type: 'string', default: '3' },
      'naive-sample': { type: 'string' },
      'skip-core': { type: 'boolean', default: false },
      'skip-rest': { type: 'boolean', default: false },
      'skip-engine': { type: 'boolean', default: false },
      'skip-findings-page': { type: 'boolean', default: false },
      'event-samples': { type: 'string', default: '15' },
      'week-days': { type: 'string', default: '7' },
      'stored-findings': { type: 'string', default: '100000' },
      'page-calls': { type: 'string', default: '50' },
      'page-max-wall-s': { type: 'string', default: '2400' },
      audit: { type: 'boolean', default: false },
    },
  });
  const size = values.size as SyntheticSize;
  if (!['S', 'M', 'L'].includes(size)) throw new Error('--size must be S, M or L');
  const seed = Number(values.seed);
  const repeats = Number(values.repeats);

  const progress = (line: string): void => {
    process.stderr.write(`[bench ${new Date().toISOString()}] ${line}\n`);
  };
  if (values.audit) {
    // Issue 17: only the command-line audit (bench/audit.ts); the other workloads are left out.
    const a = await measureAudit(generateSyntheticSite({ size, seed }), progress);
    printTable(`Identity Reconciler bench: command-line audit, size ${size}, seed ${seed}`, auditRows(a));
    if (values.json !== undefined) {
      writeFileSync(values.json, JSON.stringify({ size, seed, audit: a }, null, 2));
      console.log(`\nJSON written to ${values.json}`);
    }
    return;
  }
  const core = values['skip-core']
    ? null
    : await runCoreScaleInChild(size, seed, repeats, size === 'L' ? 4096 : 2048);
  const rows: Row[] = core === null ? [] : coreRows(core);

  let lb: MeteredRun | null = null;
  let naive: MeteredRun | null = null;
  if (!values['skip-rest']) {
    const site = await startBenchSite(generateSyntheticSite({ size, seed }));
    try {
      lb = await measureLowerBound(site);
      naive = await measureNaive(site, Number(values['naive-sample'] ?? DEFAULT_NAIVE_SAMPLE[size]));
    } finally {
      await site.close();
    }
    rows.push(...restRows('REST LB', lb), ...restRows('naive', naive));
    rows.push({
      workload: 'naive',
      metric: 'naive / LB (points)',
      value: `${fmt(naive.points / lb.points)}×`,
      target: '',
    });
    rows.push({
      workload: 'REST LB',
      metric: 'hours at 65k pts/h (LB ÷ quota, a floor)',
      value: fmt(lb.points / 65_000),
      target: '',
    });
  }
  // The app logs one JSON line per job to the console; during the engine runs they are counted, not printed.
  const appLogs = { info: 0, warn: 0, error: 0 };
  const quiet = async <T>(body: () => Promise<T>): Promise<T> => {
    const saved = { info: console.info, warn: console.warn, error: console.error };
    console.info = () => void (appLogs.info += 1);
    console.warn = () => void (appLogs.warn += 1);
    console.error = () => void (appLogs.error += 1);
    try {
      return await body();
    } finally {
      Object.assign(console, saved);
    }
  };
  let engine: EngineResult | null = null;
  if (!values['skip-engine']) {
    const synthetic = generateSyntheticSite({ size, seed });
    engine = await quiet(() =>
      measureEngine(synthetic, {
        seed,
        eventSamples: Number(values['event-samples']),
        weekDays: Number(values['week-days']),
        progress,
      }),
    );
    rows.push(...engineRows(engine, lb, naive));
  }
  let findingsPage: FindingsPageResult | null = null;
  if (!values['skip-findings-page']) {
    findingsPage = await quiet(() =>
      measureFindingsPage({
        target: Number(values['stored-findings']),
        calls: Number(values['page-calls']),
        seed,
        maxWallS: Number(values['page-max-wall-s']),
        progress,
      }),
    );
    rows.push(...findingsPageRows(findingsPage));
  }

  printTable(`Identity Reconciler bench: size ${size}, seed ${seed}`, rows);
  if (values.json !== undefined) {
    writeFileSync(
      values.json,
      JSON.stringify({ size, seed, core, lowerBound: lb, naive, engine, findingsPage, appLogs }, null, 2),
    );
    console.log(`\nJSON written to ${values.json}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
