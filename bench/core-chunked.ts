/**
 * Core scale, chunked the way the scan engine feeds the core (docs/performance.md "Core scale"): accounts are
 * assigned to buckets exactly as the scan's persons step does (`personKeyOf`, then `variant:<duplicateVariantKey>`
 * or the `unresolved:` key), buckets are taken in key order, `bucketsPerChunk` at a time (the engine's evaluate
 * step hands out 200), and each chunk is grouped into persons and evaluated on its own. The site context (desks,
 * spaces, groups, Links) is shared by every chunk; only accounts are chunked. POSSIBLE_DUPLICATE compares persons
 * with each other, but a bucket holds every person whose key folds to one variant, so each chunk sees all it
 * needs. KB_SIGNUP_RISK is site-level and runs once, then the planner runs once over every finding (it
 * de-duplicates steps across findings and persons).
 *
 * Two processes, so the evaluating one never holds the whole site:
 *  - the parent (`prepareChunks`) generates the synthetic site, maps it to core input, assigns buckets (timed
 *    on its own: the scan's persons step) and writes one JSON line per chunk to a temporary file;
 *  - the child (`measureChunked`, run by `runChunkedInChild`) reads that file one chunk at a time (reading and
 *    JSON.parse stand in for the engine's KVS reads and are not timed), times grouping and evaluation per
 *    chunk, then KB_SIGNUP_RISK and the plan, with `process.cpuUsage()`. Its peak RSS (VmHWM, reset before each
 *    run) covers everything it holds: the site context, one chunk, and the findings and plan it builds.
 * The findings are put back in whole-site order outside the timed section (person findings by person key, in
 * catalogue order; POSSIBLE_DUPLICATE by variant key; KB_SIGNUP_RISK last), so the output digest can be compared
 * byte for byte with the whole-site evaluation of bench/core-scale.ts.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { promisify } from 'node:util';
import type { Account } from '../src/core/model/account';
import { duplicateVariantKey } from '../src/core/model/email-key';
import type { Finding } from '../src/core/model/finding';
import { groupIntoPersons, personKeyOf } from '../src/core/model/group-into-persons';
import type { EmailKey } from '../src/core/model/email';
import { isUnresolvedKey } from '../src/core/model/person';
import type { SiteContext } from '../src/core/model/site';
import { evaluatePersons } from '../src/core/rules/evaluate';
import { kbSignupRisk } from '../src/core/rules/kb-signup-risk';
import { planFixes } from '../src/core/rules/planner';
import { generateSyntheticSite, type SyntheticSize } from '../local/atlassian-site/scenarios/synthetic';
import { collect, cpuSeconds, procStatusMb, resetHwm } from './process-stats';
import { coreInputOf } from './synthetic-to-core';

const MB = 1024 * 1024;

/**
 * The scan's bucket assignment (scan-step.ts, persons step): `variant:<duplicateVariantKey>` for an email key,
 * the `unresolved:` key itself otherwise; app accounts without an email are dropped, as groupIntoPersons does.
 */
export const bucketsOf = (accounts: readonly Account[]): Map<string, Account[]> => {
  const buckets = new Map<string, Account[]>();
  for (const account of accounts) {
    const personKey = personKeyOf(account);
    if (personKey === null) continue;
    const bucketKey = isUnresolvedKey(personKey) ? personKey : `variant:${duplicateVariantKey(personKey)}`;
    const list = buckets.get(bucketKey);
    if (list === undefined) buckets.set(bucketKey, [account]);
    else list.push(account);
  }
  return buckets;
};

/** Buckets in key order, `bucketsPerChunk` at a time, each chunk flattened to its accounts. */
export const chunksOf = (
  buckets: ReadonlyMap<string, readonly Account[]>,
  bucketsPerChunk: number,
): Account[][] => {
  const keys = [...buckets.keys()].sort();
  const chunks: Account[][] = [];
  for (let i = 0; i < keys.length; i += bucketsPerChunk) {
    const chunk: Account[] = [];
    for (const key of keys.slice(i, i + bucketsPerChunk))
      for (const a of buckets.get(key) ?? []) chunk.push(a);
    chunks.push(chunk);
  }
  return chunks;
};

export interface PreparedChunks {
  readonly file: string;
  readonly dir: string;
  readonly accounts: number;
  readonly buckets: number;
  readonly chunks: number;
  readonly bucketsPerChunk: number;
  /** CPU of the bucket assignment (personKeyOf + duplicateVariantKey per account: the scan's persons step). */
  readonly assignCpuS: number;
  readonly expectedFindings: Record<string, number>;
}

/** Parent side: generate the site, assign buckets, write `site` then one line of accounts per chunk. */
export const prepareChunks = (size: SyntheticSize, seed: number, bucketsPerChunk: number): PreparedChunks => {
  const synthetic = generateSyntheticSite({ size, seed });
  const expectedFindings = { ...synthetic.expectedFindings } as Record<string, number>;
  const { accounts, site } = coreInputOf(synthetic);

  const t0 = process.cpuUsage();
  const buckets = bucketsOf(accounts);
  const assignCpuS = cpuSeconds(t0);

  const dir = mkdtempSync(join(tmpdir(), 'core-chunked-'));
  const file = join(dir, 'chunks.ndjson');
  const fd = openSync(file, 'w');
  let chunks = 0;
  try {
    writeSync(fd, `${JSON.stringify(site)}\n`);
    for (const chunk of chunksOf(buckets, bucketsPerChunk)) {
      writeSync(fd, `${JSON.stringify(chunk)}\n`);
      chunks += 1;
    }
  } finally {
    closeSync(fd);
  }
  return {
    file,
    dir,
    accounts: accounts.length,
    buckets: buckets.size,
    chunks,
    bucketsPerChunk,
    assignCpuS,
    expectedFindings,
  };
};

/** Reads a file one line at a time without holding it whole (16 MB reads); `onLine` returns false to stop. */
const forEachLine = (file: string, onLine: (line: string) => boolean | void): void => {
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(16 * MB);
    const decoder = new StringDecoder('utf8');
    let carry = '';
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = carry + decoder.write(Buffer.from(buf.buffer, 0, n));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        if (onLine(text.slice(start, nl)) === false) return;
        start = nl + 1;
      }
      carry = text.slice(start);
    }
    carry += decoder.end();
    if (carry.length > 0) onLine(carry);
  } finally {
    closeSync(fd);
  }
};

export interface EvaluateRun {
  readonly groupCpuS: number;
  readonly evaluateCpuS: number;
  /** Reading and parsing the chunk lines (the engine's KVS reads; not part of the core). */
  readonly readCpuS: number;
  /** Serialising and writing each chunk's findings (the engine's KVS writes; not part of the core). */
  readonly writeCpuS: number;
  /** Peak RSS (MB) of the evaluating process during the run (VmHWM after a reset). */
  readonly peakRssMb: number | null;
}

export interface EvaluateResult {
  readonly chunks: number;
  readonly accounts: number;
  readonly persons: number;
  readonly findings: number;
  /** RSS (MB) of the process before the first run (site context loaded, nothing else). */
  readonly baselineRssMb: number | null;
  readonly runs: readonly EvaluateRun[];
}

export interface PlanRun {
  /** KB_SIGNUP_RISK, once per site. */
  readonly siteCpuS: number;
  /** The planner over every finding. */
  readonly planCpuS: number;
  /** Reading and parsing the stored findings (not part of the core). */
  readonly readCpuS: number;
  /** Peak RSS (MB) of the planning process during the run (VmHWM after a reset). */
  readonly peakRssMb: number | null;
}

export interface PlanResult {
  readonly findings: number;
  readonly planActions: number;
  /** sha256 of the findings in whole-site order and of the plan (same bytes as bench/core-scale.ts hashes). */
  readonly outputDigest: string;
  readonly baselineRssMb: number | null;
  readonly runs: readonly PlanRun[];
}

/**
 * Chunk findings put back in whole-site order: person findings by person key (catalogue order kept within a
 * person), then POSSIBLE_DUPLICATE by variant key, then the site-level findings.
 */
export const wholeSiteOrder = (
  chunkFindings: Iterable<readonly Finding[]>,
  site: readonly Finding[],
): Finding[] => {
  const personFindings = new Map<string, Finding[]>();
  const possible: Finding[] = [];
  for (const found of chunkFindings) {
    for (const f of found) {
      if (f.code === 'POSSIBLE_DUPLICATE') possible.push(f);
      else if (f.subject.type === 'person') {
        const list = personFindings.get(f.subject.emailKey);
        if (list === undefined) personFindings.set(f.subject.emailKey, [f]);
        else list.push(f);
      }
    }
  }
  const out: Finding[] = [];
  for (const key of [...personFindings.keys()].sort())
    for (const f of personFindings.get(key) ?? []) out.push(f);
  const variantOf = (f: Finding): string =>
    f.subject.type === 'person' ? duplicateVariantKey(f.subject.emailKey as EmailKey) : '';
  const sorted = possible.map((f) => [variantOf(f), f] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const [, f] of sorted) out.push(f);
  for (const f of site) out.push(f);
  return out;
};

const digestOf = (findings: readonly Finding[], plan: unknown): string => {
  // Same bytes as JSON.stringify(findings), without building one string for all of them.
  const hash = createHash('sha256');
  hash.update('[');
  findings.forEach((f, i) => hash.update(i === 0 ? JSON.stringify(f) : `,${JSON.stringify(f)}`));
  hash.update(']');
  return hash.update(JSON.stringify(plan)).digest('hex');
};

/** Chunks per timed batch in the evaluating process (25 × 200 buckets ≈ 5,000 accounts held at once). */
const CHUNKS_PER_TIMED_BATCH = 25;

const readSite = (file: string): SiteContext => {
  let site: SiteContext | null = null;
  forEachLine(file, (line) => {
    site = JSON.parse(line) as SiteContext;
    return false;
  });
  if (site === null) throw new Error('empty chunk file');
  return site;
};

/**
 * Evaluating process: every chunk of `file` in turn (group, then person rules and POSSIBLE_DUPLICATE), each
 * chunk's findings written to `findingsFile` as one JSON line, as the engine stores them per chunk. It holds
 * the site context and one batch of chunks (CHUNKS_PER_TIMED_BATCH) at a time.
 */
export const measureChunkedEvaluate = (
  file: string,
  findingsFile: string,
  repeats: number,
): EvaluateResult => {
  const site = readSite(file);
  collect();
  const baselineRssMb = procStatusMb('VmRSS');
  const runs: EvaluateRun[] = [];
  let counts = { chunks: 0, accounts: 0, persons: 0, findings: 0 };
  for (let r = 0; r < repeats; r += 1) {
    collect();
    resetHwm();
    let groupCpuS = 0;
    let evaluateCpuS = 0;
    let readCpuS = 0;
    let writeCpuS = 0;
    counts = { chunks: 0, accounts: 0, persons: 0, findings: 0 };
    const out = openSync(findingsFile, 'w');
    const us = (u: NodeJS.CpuUsage): number => u.user + u.system;
    // Chunks are timed a batch at a time (process.cpuUsage() is a system call): read a batch (not timed),
    // group each chunk, evaluate each chunk, then write each chunk's findings (not timed).
    let batch: string[] = [];
    const runBatch = (): void => {
      const t0 = process.cpuUsage();
      const parsed = batch.map((line) => JSON.parse(line) as Account[]);
      const t1 = process.cpuUsage();
      const grouped = parsed.map((chunk) => groupIntoPersons(chunk));
      const t2 = process.cpuUsage();
      const found = grouped.map((persons) => evaluatePersons(persons, site));
      const t3 = process.cpuUsage();
      for (const f of found) writeSync(out, `${JSON.stringify(f)}\n`);
      writeCpuS += cpuSeconds(t3);
      readCpuS += (us(t1) - us(t0)) / 1e6;
      groupCpuS += (us(t2) - us(t1)) / 1e6;
      evaluateCpuS += (us(t3) - us(t2)) / 1e6;
      for (let i = 0; i < parsed.length; i += 1) {
        counts.chunks += 1;
        counts.accounts += parsed[i]?.length ?? 0;
        counts.persons += grouped[i]?.length ?? 0;
        counts.findings += found[i]?.length ?? 0;
      }
      batch = [];
    };
    try {
      let first = true;
      forEachLine(file, (line) => {
        if (first) {
          first = false;
          return;
        }
        batch.push(line);
        if (batch.length === CHUNKS_PER_TIMED_BATCH) runBatch();
      });
      if (batch.length > 0) runBatch();
    } finally {
      closeSync(out);
    }
    runs.push({ groupCpuS, evaluateCpuS, readCpuS, writeCpuS, peakRssMb: procStatusMb('VmHWM') });
  }
  if (runs.length === 0) throw new Error('repeats must be ≥ 1');
  return { ...counts, baselineRssMb, runs };
};

/**
 * Planning process: reads the stored findings (not timed), runs KB_SIGNUP_RISK once and the planner over
 * every finding in whole-site order (timed), and hashes findings and plan.
 */
export const measureChunkedPlan = (file: string, findingsFile: string, repeats: number): PlanResult => {
  const site = readSite(file);
  collect();
  const baselineRssMb = procStatusMb('VmRSS');
  const runs: PlanRun[] = [];
  let result: Omit<PlanResult, 'runs' | 'baselineRssMb'> | null = null;
  for (let r = 0; r < repeats; r += 1) {
    result = null;
    collect();
    resetHwm();
    const t0 = process.cpuUsage();
    let stored: Finding[][] = [];
    forEachLine(findingsFile, (line) => {
      stored.push(JSON.parse(line) as Finding[]);
    });
    const readCpuS = cpuSeconds(t0);
    const t1 = process.cpuUsage();
    const siteFindings = kbSignupRisk(site);
    const siteCpuS = cpuSeconds(t1);
    const findings = wholeSiteOrder(stored, siteFindings);
    stored = [];
    const t2 = process.cpuUsage();
    const plan = planFixes(findings, site, { planId: 'bench', now: 0 });
    const planCpuS = cpuSeconds(t2);
    runs.push({ siteCpuS, planCpuS, readCpuS, peakRssMb: procStatusMb('VmHWM') });
    result = {
      findings: findings.length,
      planActions: plan.actions.length,
      outputDigest: r === repeats - 1 ? digestOf(findings, plan) : '',
    };
  }
  if (result === null) throw new Error('repeats must be ≥ 1');
  return { ...result, baselineRssMb, runs };
};

const exec = promisify(execFile);

const runChild = async <T>(args: readonly string[], maxOldSpaceMb: number): Promise<T> => {
  const { stdout } = await exec(
    process.execPath,
    [
      '--import',
      'tsx',
      '--expose-gc',
      `--max-old-space-size=${maxOldSpaceMb}`,
      join(__dirname, 'core-chunked-child.ts'),
      ...args,
    ],
    { maxBuffer: 64 * MB, cwd: join(__dirname, '..') },
  );
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
};

/** The evaluating process, then the planning process, each a fresh Node process with a heap cap. */
export const runChunkedInChildren = async (
  prepared: PreparedChunks,
  repeats: number,
  maxOldSpaceMb: number,
): Promise<{ evaluate: EvaluateResult; plan: PlanResult }> => {
  const findingsFile = join(prepared.dir, 'findings.ndjson');
  const evaluate = await runChild<EvaluateResult>(
    ['evaluate', prepared.file, findingsFile, String(repeats)],
    maxOldSpaceMb,
  );
  const plan = await runChild<PlanResult>(
    ['plan', prepared.file, findingsFile, String(repeats)],
    maxOldSpaceMb,
  );
  return { evaluate, plan };
};

/** Deletes the temporary chunk and findings files. */
export const removeChunks = (prepared: PreparedChunks): void =>
  rmSync(prepared.dir, { recursive: true, force: true });
