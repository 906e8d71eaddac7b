/**
 * Smoke run of the engine bench (bench/engine.ts) on the S synthetic site, reduced: two samples per event
 * flow and one simulated hour of churn instead of a week. It drives the same path as `npm run bench`: the
 * real handlers in the local Forge runtime, the site's meter, the KVS op counter, the REST lower bound and
 * a sampled naive baseline. It checks structure and sanity only (no timings): the scan completes and
 * finds findings, every phase metered points, the ratios are computed, and no invocation ran over its limit.
 */
import { generateSyntheticSite } from '../../local/atlassian-site/scenarios/synthetic';
import { measureEngine } from '../../bench/engine';
import { engineRatios, engineRows } from '../../bench/engine-rows';
import { measureLowerBound, measureNaive, startBenchSite, type MeteredRun } from '../../bench/rest';

jest.setTimeout(600_000);

const synthetic = generateSyntheticSite({ size: 'S', seed: 1 });

let lb: MeteredRun;
let naive: MeteredRun;
beforeAll(async () => {
  const site = await startBenchSite(generateSyntheticSite({ size: 'S', seed: 1 }));
  try {
    lb = await measureLowerBound(site);
    naive = await measureNaive(site, 10);
  } finally {
    await site.close();
  }
});

it('runs the S engine path end to end and yields sane, complete rows', async () => {
  const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const result = await measureEngine(synthetic, { eventSamples: 2, weekDays: 1 / 24, seed: 1 });
  info.mockRestore();
  warn.mockRestore();

  expect(lb.points).toBeGreaterThan(0);
  expect(naive.points).toBeGreaterThan(0);

  // The full pass ran through the handlers and metered REST, storage and findings.
  expect(result.fullPass.completed).toBe(true);
  expect(result.fullPass.points).toBeGreaterThan(0);
  expect(result.fullPass.calls).toBeGreaterThan(0);
  expect(result.fullPass.kvsOps).toBeGreaterThan(0);
  expect(result.fullPass.findings).toBeGreaterThan(0);
  expect(result.fullPass.pointsByFunction['reconcile-worker']).toBeGreaterThan(0);
  expect(result.fullPass.operations.reduce((s, o) => s + o.points, 0)).toBe(result.fullPass.points);

  // Every flow has its samples; each KB-link sign-up raised product events, a guest invite no user event.
  expect(result.events.map((f) => f.samples.length)).toEqual([2, 2, 2]);
  expect(result.events[0]?.eventsPerSample).toBeGreaterThan(0);
  for (const f of result.events) expect(f.p95).toBeGreaterThanOrEqual(f.median);

  // The idle hour is one simulated hour of schedules; the churn hour changed the site.
  expect(result.idleHour.simulatedHours).toBe(1);
  expect(result.idleHour.invocations).toBeGreaterThan(0);
  expect(result.week.changes).toBeGreaterThan(0);
  expect(result.week.simulatedHours).toBeCloseTo(1, 5);

  const ratios = engineRatios(result, lb, naive);
  expect(ratios.fullPassOverLb).not.toBeNull();
  expect(ratios.fullPassOverLb).toBeGreaterThan(0);
  expect(Number.isFinite(ratios.naiveWeekOverOurs)).toBe(true);
  expect(Number.isFinite(ratios.naivePassOverOurs)).toBe(true);

  expect(result.overLimit).toEqual([]);
  const rows = engineRows(result, lb, naive);
  expect(rows.length).toBeGreaterThan(10);
  expect(rows.every((r) => r.value.length > 0)).toBe(true);
});
