/**
 * Findings-page latency with a large finding store (issue 7): `findings/list` as the admin page calls it,
 * through the runtime's resolver invocation, with ≥ 100k findings stored.
 *
 * The findings are real core output, not hand-made records: a synthetic site large enough, with planted
 * conflict rates raised (×12, every kind), goes through `groupIntoPersons` → `evaluateSite`; subjects are
 * taken in order until the target count is reached. They are stored through the app's own FindingStore
 * (`createFindingStore` from src/adapters/storage, `replaceForSubject` per subject) into the runtime's KVS:
 * the same entity rows, scope fan-out and subject records the reconcile worker writes. The calls run on an
 * S installation (its site admin authorises them; the larger site is not kept in memory); desk and space
 * filters name the desks and spaces the stored findings carry.
 *
 * Resolver calls get Forge's 25 s limit in wall time; a call that reaches it is reported FUNCTION_TIME_OUT
 * (latency = the limit, the page fails) and, as on Forge, stopped: the runtime's `stopTimedOut` makes its
 * later storage calls fail instead of running on in-process and slowing the next calls.
 */
import {
  generateSyntheticSite,
  PLANT_KINDS,
  syntheticRatesSchema,
} from '../local/atlassian-site/scenarios/synthetic';
import { createFindingStore } from '../src/adapters/storage/finding-store';
import type { Finding } from '../src/core/model/finding';
import { groupIntoPersons } from '../src/core/model/group-into-persons';
import { subjectKeyOf } from '../src/core/ports';
import { evaluateSite } from '../src/core/rules/evaluate';
import { ADMIN_MODULE, cpuSeconds, resetHwm, startEngineInstallation, vmHwmMb } from './engine-harness';
import { percentile } from './engine';
import { coreInputOf } from './synthetic-to-core';

/** Forge's resolver limit (forge-platform.md): 25 s. */
export const RESOLVER_LIMIT_MS = 25_000;

export interface PageCall {
  readonly filter: string;
  readonly page: number;
  readonly ms: number;
  readonly items: number;
  readonly ok: boolean;
  readonly timedOut: boolean;
  /** Storage calls and Custom Entity Store rows (index rows + entity gets) this call made. */
  readonly kvsOps: number;
  readonly rowsRead: number;
}

/** The store alone on the same filters' first pages (no resolver): `list` vs `summarize` (the page's total). */
export interface StoreSplit {
  readonly filters: number;
  readonly listP50Ms: number;
  readonly listP95Ms: number;
  readonly listMaxRows: number;
  readonly summarizeP50Ms: number;
  readonly summarizeP95Ms: number;
  readonly summarizeMaxRows: number;
}

export interface FindingsPageResult {
  readonly stored: number;
  readonly subjects: number;
  readonly generatorAccounts: number;
  readonly seedCpuS: number;
  readonly seedWallS: number;
  readonly seedKvsOps: number;
  readonly calls: readonly PageCall[];
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly overLimit: number;
  readonly kvsOpsPerCall: number;
  readonly rowsReadP50: number;
  readonly rowsReadMax: number;
  readonly storeSplit: StoreSplit;
  readonly peakRssMb: number | null;
}

export interface FindingsPageOptions {
  readonly target: number;
  readonly calls: number;
  readonly seed: number;
  /** Stop issuing calls after this much wall time (the row says how many ran). */
  readonly maxWallS: number;
  readonly progress: (line: string) => void;
}

/** Planted conflict rates ×9 (they then sum to 0.58 of persons; the generator allows 0.6). */
export const FINDINGS_RATE_FACTOR = 9;

/**
 * Core output with at least `target` findings, grouped by subject (the site is grown until it has them);
 * the generated site itself is dropped here, only the findings are kept.
 */
const findingsBySubject = (
  target: number,
  seed: number,
): { generatorAccounts: number; total: number; bySubject: Map<string, Finding[]> } => {
  const defaults = syntheticRatesSchema.parse({});
  const rates = Object.fromEntries(PLANT_KINDS.map((k) => [k, defaults[k] * FINDINGS_RATE_FACTOR]));
  let accounts = Math.max(1_000, Math.ceil(target / 0.55));
  for (;;) {
    const input = coreInputOf(generateSyntheticSite({ size: accounts, seed, rates }));
    const findings = evaluateSite(groupIntoPersons(input.accounts), input.site);
    if (findings.length >= target) {
      const bySubject = new Map<string, Finding[]>();
      for (const f of findings) {
        const key = subjectKeyOf(f);
        const list = bySubject.get(key);
        if (list === undefined) bySubject.set(key, [f]);
        else list.push(f);
      }
      return { generatorAccounts: input.accounts.length, total: findings.length, bySubject };
    }
    accounts = Math.ceil(accounts * Math.max(1.1, (target / Math.max(1, findings.length)) * 1.05));
  }
};

export const measureFindingsPage = async (o: FindingsPageOptions): Promise<FindingsPageResult> => {
  const { generatorAccounts, total, bySubject } = findingsBySubject(o.target, o.seed);
  o.progress(`findings page: ${total} findings from a ${generatorAccounts}-account site`);
  // The page is served from an S installation (its site admin authorises the calls); the stored findings
  // name the larger site's desks and spaces, which the filters use. Only the findings are needed from it.
  const inst = await startEngineInstallation(generateSyntheticSite({ size: 'S', seed: o.seed }), {
    stopTimedOut: true,
  });
  try {
    // Seed through the app's own store; outside any invocation the SDK calls reach this (the newest) runtime.
    const store = createFindingStore({ now: () => inst.clock.now() });
    const k0 = inst.runtime.kvs.opStats().total;
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    let stored = 0;
    let subjects = 0;
    for (const [subjectKey, list] of [...bySubject.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (stored >= o.target) break;
      await store.replaceForSubject(subjectKey, list);
      stored += list.length;
      subjects += 1;
      if (subjects % 5_000 === 0) o.progress(`findings page: ${stored} findings stored`);
    }
    const seedCpuS = cpuSeconds(c0);
    const seedWallS = (performance.now() - w0) / 1000;
    const seedKvsOps = inst.runtime.kvs.opStats().total - k0;
    o.progress(`findings page: ${stored} stored in ${seedWallS.toFixed(0)} s`);

    // The filters an admin uses: none (following the cursor), each code, each severity, a desk, a space,
    // a one-letter search, and combinations; every filter's first page, then its next pages while calls remain.
    const storedFindings = [...bySubject.values()].flat();
    bySubject.clear();
    const codes = [...new Set(storedFindings.map((f) => f.code))].sort();
    const severities = [...new Set(storedFindings.map((f) => f.severity))].sort();
    const desks = [...new Set(storedFindings.flatMap((f) => f.scope.deskIds))].sort();
    const spaces = [...new Set(storedFindings.flatMap((f) => f.scope.spaceKeys))].sort();
    const filters: { name: string; filter?: Record<string, unknown> }[] = [
      { name: 'none' },
      ...codes.map((c) => ({ name: `code ${c}`, filter: { codes: [c] } })),
      ...severities.map((s) => ({ name: `severity ${s}`, filter: { severities: [s] } })),
      ...desks.slice(0, 5).map((d) => ({ name: 'one desk', filter: { deskIds: [d] } })),
      ...spaces.slice(0, 5).map((s) => ({ name: 'one space', filter: { spaceKeys: [s] } })),
      { name: 'search a', filter: { search: 'a' } },
      {
        name: 'code + severity',
        filter: { codes: codes.slice(0, 2), severities: severities.slice(0, 1) },
      },
    ];
    // Warm-up, untimed: the emulator sorts an entity index on its first query and maintains it from then on
    // (Forge's indexes are maintained on every write, so no real query pays that sort), and the first call
    // per filter also compiles the code path. One call per filter before timing.
    for (const f of filters) {
      await inst.runtime.invokeResolver(
        ADMIN_MODULE,
        'findings/list',
        { limit: 25, ...(f.filter === undefined ? {} : { filter: f.filter }) },
        { accountId: inst.adminId, extension: {} },
      );
    }
    const calls: PageCall[] = [];
    const cursors = new Map<string, string | null>();
    const k1 = inst.runtime.kvs.opStats().total;
    resetHwm();
    const wallStart = performance.now();
    for (let round = 0; calls.length < o.calls; round += 1) {
      let progressed = false;
      for (const [i, f] of filters.entries()) {
        if (calls.length >= o.calls || (performance.now() - wallStart) / 1000 > o.maxWallS) break;
        const key = `${i}`;
        const cursor = cursors.get(key);
        if (round > 0 && (cursor === null || cursor === undefined)) continue;
        const payload = {
          limit: 25,
          ...(f.filter === undefined ? {} : { filter: f.filter }),
          ...(cursor ? { cursor } : {}),
        };
        const before = inst.runtime.kvs.opStats();
        const t0 = performance.now();
        const r = await inst.runtime.invokeResolver(ADMIN_MODULE, 'findings/list', payload, {
          accountId: inst.adminId,
          extension: {},
        });
        const ms = performance.now() - t0;
        const after = inst.runtime.kvs.opStats();
        const env = r.ok
          ? (r.value as { ok?: boolean; data?: { items?: unknown[]; cursor?: string | null } })
          : {};
        const ok = r.ok && env.ok === true;
        const timedOut = !r.ok && r.timedOut;
        calls.push({
          filter: f.name,
          page: round + 1,
          ms,
          items: env.data?.items?.length ?? 0,
          ok,
          timedOut,
          kvsOps: after.total - before.total,
          rowsRead: after.entityRowsRead - before.entityRowsRead,
        });
        o.progress(
          `findings page: call ${calls.length} (${f.name}) ${Math.round(ms)} ms, ${after.entityRowsRead - before.entityRowsRead} rows${timedOut ? ' TIMEOUT' : ''}`,
        );
        cursors.set(key, ok ? (env.data?.cursor ?? null) : null);
        progressed = true;
      }
      if (!progressed || (performance.now() - wallStart) / 1000 > o.maxWallS) break;
    }
    const kvsOpsPerCall = calls.length === 0 ? 0 : (inst.runtime.kvs.opStats().total - k1) / calls.length;
    const peakRssMb = vmHwmMb();

    // The same filters' first pages against the store alone, outside any invocation: `list` (the page) and
    // `summarize` (the page's total, which list-findings asks for on every call) timed and counted apart.
    const store2 = createFindingStore({ now: () => inst.clock.now() });
    const timed = async (run: () => Promise<unknown>): Promise<{ ms: number; rows: number }> => {
      const r0 = inst.runtime.kvs.opStats().entityRowsRead;
      const t0 = performance.now();
      await run();
      return { ms: performance.now() - t0, rows: inst.runtime.kvs.opStats().entityRowsRead - r0 };
    };
    const storeQueries = filters
      .filter((f) => f.filter?.['search'] === undefined)
      .map((f) => ({
        ...(f.filter?.['codes'] === undefined ? {} : { codes: f.filter['codes'] as Finding['code'][] }),
        ...(f.filter?.['severities'] === undefined
          ? {}
          : { severities: f.filter['severities'] as Finding['severity'][] }),
        ...(f.filter?.['deskIds'] === undefined ? {} : { anyDeskIds: f.filter['deskIds'] as string[] }),
        ...(f.filter?.['spaceKeys'] === undefined ? {} : { anySpaceKeys: f.filter['spaceKeys'] as string[] }),
      }));
    const lists: { ms: number; rows: number }[] = [];
    const sums: { ms: number; rows: number }[] = [];
    for (const q of storeQueries) {
      lists.push(await timed(() => store2.list(q, { cursor: null, limit: 25 })));
      if ((performance.now() - wallStart) / 1000 <= o.maxWallS)
        sums.push(await timed(() => store2.summarize(q)));
      o.progress(
        `findings page: store ${JSON.stringify(q)} list ${Math.round(lists.at(-1)?.ms ?? 0)} ms, summarize ${Math.round(sums.at(-1)?.ms ?? 0)} ms / ${sums.at(-1)?.rows ?? 0} rows`,
      );
    }
    const storeSplit: StoreSplit = {
      filters: storeQueries.length,
      listP50Ms: percentile(
        lists.map((x) => x.ms),
        50,
      ),
      listP95Ms: percentile(
        lists.map((x) => x.ms),
        95,
      ),
      listMaxRows: Math.max(0, ...lists.map((x) => x.rows)),
      summarizeP50Ms: percentile(
        sums.map((x) => x.ms),
        50,
      ),
      summarizeP95Ms: percentile(
        sums.map((x) => x.ms),
        95,
      ),
      summarizeMaxRows: Math.max(0, ...sums.map((x) => x.rows)),
    };
    const rows = calls.map((c) => c.rowsRead);
    const ms = calls.map((c) => c.ms);
    return {
      stored,
      subjects,
      generatorAccounts,
      seedCpuS,
      seedWallS,
      seedKvsOps,
      calls,
      p50Ms: percentile(ms, 50),
      p95Ms: percentile(ms, 95),
      maxMs: Math.max(0, ...ms),
      overLimit: calls.filter((c) => c.timedOut || c.ms > RESOLVER_LIMIT_MS).length,
      kvsOpsPerCall,
      rowsReadP50: percentile(rows, 50),
      rowsReadMax: Math.max(0, ...rows),
      storeSplit,
      peakRssMb,
    };
  } finally {
    await inst.close();
  }
};
