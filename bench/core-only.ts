/**
 * Core-only bench (issue #7): `npx tsx bench/core-only.ts --size S|M|L [--seed 1] [--repeats 3]
 * [--buckets-per-chunk 200] [--child-heap-mb 384] [--no-whole] [--json out.json]`.
 *
 * Runs the core two ways on the same synthetic site and compares their output digests:
 *  - whole site (bench/core-scale.ts): every account in one process, one groupIntoPersons + evaluateSite +
 *    planFixes;
 *  - chunked as the scan engine feeds it (bench/core-chunked.ts): buckets of persons, `--buckets-per-chunk`
 *    per chunk, evaluated one chunk at a time by a process that never holds the whole site.
 * Exits 1 when the digests differ or the whole-site guard (findings vs the generator's expectation) fails.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { SyntheticSize } from '../local/atlassian-site/scenarios/synthetic';
import {
  type EvaluateRun,
  type PlanRun,
  prepareChunks,
  removeChunks,
  runChunkedInChildren,
} from './core-chunked';
import { type CoreScaleResult, runCoreScaleInChild } from './core-scale';

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

const fmt = (n: number | null, digits = 2): string => (n === null ? 'n/a' : n.toFixed(digits));

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'S' },
      seed: { type: 'string', default: '1' },
      repeats: { type: 'string', default: '3' },
      'buckets-per-chunk': { type: 'string', default: '200' },
      'no-whole': { type: 'boolean', default: false },
      'child-heap-mb': { type: 'string', default: '384' },
      json: { type: 'string' },
    },
  });
  const size = values.size as SyntheticSize;
  if (!['S', 'M', 'L'].includes(size)) throw new Error('--size must be S, M or L');
  const seed = Number(values.seed);
  const repeats = Number(values.repeats);
  const perChunk = Number(values['buckets-per-chunk']);

  let whole: CoreScaleResult | null = null;
  if (!values['no-whole']) whole = await runCoreScaleInChild(size, seed, repeats, size === 'L' ? 4096 : 2048);

  const prepared = prepareChunks(size, seed, perChunk);
  let chunked;
  try {
    chunked = await runChunkedInChildren(prepared, repeats, Number(values['child-heap-mb']));
  } finally {
    removeChunks(prepared);
  }
  const { evaluate, plan } = chunked;
  const me = (pick: (r: EvaluateRun) => number): number => median(evaluate.runs.map(pick));
  const mp = (pick: (r: PlanRun) => number): number => median(plan.runs.map(pick));
  const maxOf = (peaks: readonly (number | null)[]): number | null => {
    const known = peaks.filter((p): p is number => p !== null);
    return known.length === 0 ? null : Math.max(...known);
  };
  const total = median(
    evaluate.runs.map((r, i) => {
      const p = plan.runs[i];
      return r.groupCpuS + r.evaluateCpuS + (p === undefined ? 0 : p.siteCpuS + p.planCpuS);
    }),
  );

  const lines: string[] = [];
  lines.push(
    `core-only size ${size} seed ${seed}, CPU seconds (median of ${repeats}), RSS in MB, ` +
      `child heap cap ${values['child-heap-mb']} MB, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
  if (whole !== null) {
    const w = whole.median;
    lines.push(
      `whole site : ${whole.accounts} accounts, ${whole.persons} persons, ${whole.findings} findings, ` +
        `${whole.planActions} plan steps | group ${fmt(w.groupCpuS)} evaluate ${fmt(w.evaluateCpuS)} ` +
        `plan ${fmt(w.planCpuS)} total ${fmt(w.totalCpuS)} | peak RSS ${fmt(w.peakRssMb, 0)} ` +
        `(floor ${fmt(whole.baselineRssMb, 0)}) | guard ${whole.matchesExpected ? 'ok' : 'FAILED'} | ` +
        `digest ${whole.outputDigest}`,
    );
  }
  lines.push(
    `chunked    : ${prepared.accounts} accounts (${evaluate.accounts} with a person key), ${prepared.buckets} ` +
      `buckets, ${evaluate.chunks} chunks of ${perChunk} buckets, ${evaluate.persons} persons, ` +
      `${plan.findings} findings, ${plan.planActions} plan steps`,
    `  evaluating process: group ${fmt(me((r) => r.groupCpuS))} evaluate ${fmt(me((r) => r.evaluateCpuS))} | ` +
      `peak RSS ${fmt(maxOf(evaluate.runs.map((r) => r.peakRssMb)), 0)} (floor ${fmt(evaluate.baselineRssMb, 0)}) | ` +
      `not core: chunk reads ${fmt(me((r) => r.readCpuS))}, finding writes ${fmt(me((r) => r.writeCpuS))}`,
    `  planning process  : KB_SIGNUP_RISK ${fmt(mp((r) => r.siteCpuS))} plan ${fmt(mp((r) => r.planCpuS))} | ` +
      `peak RSS ${fmt(maxOf(plan.runs.map((r) => r.peakRssMb)), 0)} (floor ${fmt(plan.baselineRssMb, 0)}) | ` +
      `not core: finding reads ${fmt(mp((r) => r.readCpuS))}`,
    `  core total ${fmt(total)} | bucket assignment (scan's persons step, parent, once) ${fmt(prepared.assignCpuS)} | ` +
      `digest ${plan.outputDigest}`,
  );
  const same = whole === null ? null : whole.outputDigest === plan.outputDigest;
  if (same !== null) lines.push(`digests ${same ? 'IDENTICAL' : 'DIFFER'}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json !== undefined) {
    writeFileSync(
      values.json,
      JSON.stringify(
        { size, seed, repeats, whole, prepared: { ...prepared, file: undefined }, chunked },
        null,
        2,
      ),
    );
  }
  if (same === false || (whole !== null && !whole.matchesExpected)) process.exitCode = 1;
};

void main();
