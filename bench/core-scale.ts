/**
 * Core scale: groupIntoPersons + evaluateSite + planFixes on a synthetic site, timed with process.cpuUsage()
 * (CPU, not wall: the machine is shared) and with the peak RSS of the core phase only.
 *
 * Run as a child process (`runCoreScaleInChild`) so the peak RSS belongs to this measurement alone: the child
 * generates the site, maps it to core input, drops the seed, collects garbage, then resets the kernel's RSS
 * high-water mark (`/proc/self/clear_refs` = 5) before each run, so VmHWM is the peak while the core runs
 * (input accounts included, generator garbage excluded as far as V8 returned it).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { groupIntoPersons } from '../src/core/model/group-into-persons';
import type { Finding, FindingCode } from '../src/core/model/finding';
import { evaluateSite } from '../src/core/rules/evaluate';
import { planFixes } from '../src/core/rules/planner';
import { generateSyntheticSite, type SyntheticSize } from '../local/atlassian-site/scenarios/synthetic';
import { collect, cpuSeconds, resetHwm, vmHwmMb } from './process-stats';
import { coreInputOf } from './synthetic-to-core';

export interface CoreRun {
  /** CPU seconds (user + system) per phase and in total. */
  readonly groupCpuS: number;
  readonly evaluateCpuS: number;
  readonly planCpuS: number;
  readonly totalCpuS: number;
  /** Peak RSS (MB) during the core phase (VmHWM after a reset); null where /proc is not available. */
  readonly peakRssMb: number | null;
  /** Heap used (MB) right after the run, before collection (what the run allocated and still holds). */
  readonly heapAfterMb: number;
}

export interface CoreScaleResult {
  readonly size: SyntheticSize;
  readonly accounts: number;
  readonly persons: number;
  readonly findings: number;
  readonly planActions: number;
  readonly findingsByCode: Record<string, number>;
  /** Distinct person subjects per code (what `expectedFindings` counts) — KB_SIGNUP_RISK counts spaces. */
  readonly subjectsByCode: Record<string, number>;
  readonly expectedFindings: Record<string, number>;
  /** The guard: every code's distinct-subject count equals the generator's expectation. */
  readonly matchesExpected: boolean;
  readonly guardNotes: readonly string[];
  /** sha256 of the findings and the plan (JSON): equal before/after an optimisation means byte-identical output. */
  readonly outputDigest: string;
  readonly setupCpuS: number;
  /** RSS (MB) once the core input is built and the seed dropped: the floor the core phase starts from. */
  readonly baselineRssMb: number;
  readonly runs: readonly CoreRun[];
  readonly median: CoreRun;
}

const MB = 1024 * 1024;

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

export const medianRun = (runs: readonly CoreRun[]): CoreRun => {
  const peaks = runs.map((r) => r.peakRssMb).filter((p): p is number => p !== null);
  return {
    groupCpuS: median(runs.map((r) => r.groupCpuS)),
    evaluateCpuS: median(runs.map((r) => r.evaluateCpuS)),
    planCpuS: median(runs.map((r) => r.planCpuS)),
    totalCpuS: median(runs.map((r) => r.totalCpuS)),
    peakRssMb: peaks.length === 0 ? null : median(peaks),
    heapAfterMb: median(runs.map((r) => r.heapAfterMb)),
  };
};

const digestOf = (findings: readonly Finding[], plan: unknown): string =>
  createHash('sha256').update(JSON.stringify(findings)).update(JSON.stringify(plan)).digest('hex');

/** In-process measurement (the child's body). */
export const measureCoreScale = (size: SyntheticSize, seed: number, repeats: number): CoreScaleResult => {
  const setupStart = process.cpuUsage();
  let synthetic: ReturnType<typeof generateSyntheticSite> | null = generateSyntheticSite({ size, seed });
  const expectedFindings = { ...synthetic.expectedFindings } as Record<string, number>;
  const { accounts, site } = coreInputOf(synthetic);
  synthetic = null;
  const setupCpuS = cpuSeconds(setupStart);
  collect();
  const baselineRssMb = process.memoryUsage().rss / MB;

  const runs: CoreRun[] = [];
  let last: { findings: Finding[]; persons: number; planActions: number; digest: string } | null = null;
  for (let r = 0; r < repeats; r += 1) {
    last = null;
    collect();
    resetHwm();
    const t0 = process.cpuUsage();
    const persons = groupIntoPersons(accounts);
    const groupCpuS = cpuSeconds(t0);
    const t1 = process.cpuUsage();
    const findings = evaluateSite(persons, site);
    const evaluateCpuS = cpuSeconds(t1);
    const t2 = process.cpuUsage();
    const plan = planFixes(findings, site, { planId: 'bench', now: 0 });
    const planCpuS = cpuSeconds(t2);
    const heapAfterMb = process.memoryUsage().heapUsed / MB;
    const peakRssMb = vmHwmMb();
    runs.push({
      groupCpuS,
      evaluateCpuS,
      planCpuS,
      totalCpuS: groupCpuS + evaluateCpuS + planCpuS,
      peakRssMb,
      heapAfterMb,
    });
    // The digest is computed outside the timed section (JSON of every finding is not the core's cost).
    last = { findings, persons: persons.length, planActions: plan.actions.length, digest: '' };
    if (r === repeats - 1) last.digest = digestOf(findings, plan);
  }
  if (last === null) throw new Error('repeats must be ≥ 1');

  const findingsByCode: Record<string, number> = {};
  const subjects = new Map<FindingCode, Set<string>>();
  for (const f of last.findings) {
    findingsByCode[f.code] = (findingsByCode[f.code] ?? 0) + 1;
    const key = f.subject.type === 'person' ? f.subject.emailKey : `space:${f.subject.spaceKey}`;
    const set = subjects.get(f.code) ?? new Set<string>();
    set.add(key);
    subjects.set(f.code, set);
  }
  const subjectsByCode: Record<string, number> = {};
  for (const code of Object.keys(expectedFindings))
    subjectsByCode[code] = subjects.get(code as FindingCode)?.size ?? 0;
  const guardNotes: string[] = [];
  let matchesExpected = true;
  for (const [code, n] of Object.entries(expectedFindings)) {
    if (subjectsByCode[code] !== n) {
      matchesExpected = false;
      guardNotes.push(`${code}: ${subjectsByCode[code] ?? 0} subjects, expected ${n}`);
    }
  }

  return {
    size,
    accounts: accounts.length,
    persons: last.persons,
    findings: last.findings.length,
    planActions: last.planActions,
    findingsByCode,
    subjectsByCode,
    expectedFindings,
    matchesExpected,
    guardNotes,
    outputDigest: last.digest,
    setupCpuS,
    baselineRssMb,
    runs,
    median: medianRun(runs),
  };
};

const exec = promisify(execFile);

/** Runs `measureCoreScale` in a fresh Node process (tsx loader, --expose-gc, a heap cap) and parses its JSON. */
export const runCoreScaleInChild = async (
  size: SyntheticSize,
  seed: number,
  repeats: number,
  maxOldSpaceMb: number,
): Promise<CoreScaleResult> => {
  const child = join(__dirname, 'core-child.ts');
  const { stdout } = await exec(
    process.execPath,
    [
      '--import',
      'tsx',
      '--expose-gc',
      `--max-old-space-size=${maxOldSpaceMb}`,
      child,
      size,
      String(seed),
      String(repeats),
    ],
    { maxBuffer: 64 * MB, cwd: join(__dirname, '..') },
  );
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as CoreScaleResult;
};
