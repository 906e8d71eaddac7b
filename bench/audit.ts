/**
 * Issue 17 scale: `npm run bench -- --audit --size S|M`. The command-line audit (src/cli/audit.ts runAudit, the
 * same code `npm run audit` runs) against the emulated site seeded with the synthetic site of that size, over
 * HTTP with Basic auth as its first site admin (also a Jira admin), under the site's default governor (the
 * documented rate limits, docs/emulated-site.md). The audit sleeps on the site's virtual clock (manual mode), so
 * "virtual s" is the time it would spend waiting out rate limits (Retry-After / X-RateLimit-Reset); request
 * latency is not modelled and is not in it. Real wall time, peak RSS and peak heap (sampled every 250 ms) are
 * of this process, which also runs the emulated site. Method and latest numbers: docs/performance.md.
 */
import { PolicySchema } from '../src/contracts';
import { runAudit } from '../src/cli/audit';
import { createSite } from '../local/atlassian-site/index';
import type { SyntheticSite } from '../local/atlassian-site/scenarios/synthetic';
import { VirtualClock } from '../local/clock/virtual-clock';
import { benchPolicy } from './engine-harness';

export interface AuditBenchResult {
  accounts: number;
  findings: number;
  notVisible: number;
  requests: number;
  byMethod: Record<string, number>;
  byStatus: Record<string, number>;
  virtualS: number;
  realS: number;
  peakRssMb: number;
  peakHeapMb: number;
  rssBeforeMb: number;
  heapBeforeMb: number;
}

const BENCH_TOKEN = 'ATATT-bench-audit-token';
const MB = 1024 * 1024;

export async function measureAudit(
  synthetic: SyntheticSite,
  progress: (line: string) => void,
): Promise<AuditBenchResult> {
  const admin = synthetic.site.accounts.find((a) => a.siteAdmin === true && a.jiraAdmin === true);
  if (admin === undefined || admin.email === undefined || admin.email === null)
    throw new Error('the synthetic site has no site admin with an email');
  const clock = new VirtualClock();
  const site = await createSite({
    clock,
    seed: { ...synthetic.site, apiTokens: [{ accountId: admin.accountId, token: BENCH_TOKEN }] },
    appId: 'bench-app',
  });
  // Sleepers share one timeline: after the event loop has let every concurrent sleeper register, the clock moves
  // to the earliest deadline and wakes those due, so overlapping waits cost their maximum, not their sum.
  const sleepers: { at: number; wake: () => void }[] = [];
  let draining = false;
  const drain = async (): Promise<void> => {
    sleepers.sort((a, b) => a.at - b.at);
    const first = sleepers[0];
    if (first !== undefined && first.at > clock.now()) await clock.advance(first.at - clock.now());
    while (sleepers[0] !== undefined && sleepers[0].at <= clock.now()) sleepers.shift()?.wake();
    if (sleepers.length > 0) setImmediate(() => void drain());
    else draining = false;
  };
  const time = {
    now: () => clock.now(),
    sleep: (ms: number): Promise<void> =>
      new Promise<void>((wake) => {
        sleepers.push({ at: clock.now() + Math.max(0, ms), wake });
        if (!draining) {
          draining = true;
          setImmediate(() => void drain());
        }
      }),
  };
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 250);
  const virtualStart = clock.now();
  const realStart = performance.now();
  let lastShown = realStart;
  try {
    const result = await runAudit({
      siteUrl: site.url,
      email: admin.email,
      apiToken: BENCH_TOKEN,
      cloudId: synthetic.site.cloudId ?? null,
      // The policy file's defaults (src/cli/main.ts PolicyFileSchema) spelled out.
      policy: PolicySchema.parse({
        schemaVersion: 1,
        autoFixActorAccountId: null,
        ...(benchPolicy(synthetic) as object),
      }),
      concurrency: 4,
      maxWaitMs: 3_600_000,
      resumeFrom: null,
      onProgress: (p) => {
        if (performance.now() - lastShown < 10_000) return;
        lastShown = performance.now();
        progress(
          `audit ${JSON.stringify(p)} virtual ${Math.round((clock.now() - virtualStart) / 1000)} s, ` +
            `rss ${Math.round(process.memoryUsage().rss / MB)} MB, heap ${Math.round(process.memoryUsage().heapUsed / MB)} MB`,
        );
      },
      time,
    });
    sample();
    if (!result.ok) throw new Error(`the audit failed: ${JSON.stringify(result.error)}`);
    const r = result.value;
    return {
      accounts: synthetic.stats.accounts,
      findings: r.findings.length,
      notVisible: r.notVisible.length,
      requests: r.requests.sent,
      byMethod: r.requests.byMethod,
      byStatus: r.requests.byStatus,
      virtualS: (clock.now() - virtualStart) / 1000,
      realS: (performance.now() - realStart) / 1000,
      peakRssMb: peakRss / MB,
      peakHeapMb: peakHeap / MB,
      rssBeforeMb: before.rss / MB,
      heapBeforeMb: before.heapUsed / MB,
    };
  } finally {
    clearInterval(timer);
    await site.close();
  }
}
