import type { ServiceDesks } from '../../../src/core/ports';
import { reconcilePerson } from '../../../src/core/use-cases/reconcile/reconcile-person';
import { scanStep } from '../../../src/core/use-cases/scan/scan-step';
import { startScan } from '../../../src/core/use-cases/scan/start-scan';
import { followUpSource } from '../../../src/core/use-cases/watch/follow-up-source';
import {
  decideWatch,
  WATCH_INTERVAL_MS,
  watchTick,
  watchWindow,
  type WatchDecision,
  type WatchSignal,
} from '../../../src/core/use-cases/watch/watch-tick';
import { CASE_B, caseBWorld, signUpThroughKbLink, type World, value } from '../../support/fakes';

const fullScan = async (world: World): Promise<void> => {
  value(await startScan(world.deps, { now: world.clock.t }));
  for (;;) {
    const r = value(
      await scanStep(world.deps, {
        now: world.clock.t,
        budgetPoints: 1e9,
        deadlineMs: Number.MAX_SAFE_INTEGER,
      }),
    );
    if (r.stoppedBecause === 'finished') return;
  }
};

/** The fake site's desks plus the growth signal, answered from the fake's own lists (recorded as calls). */
const withGrowthSignal = (world: World): World => {
  const desks: ServiceDesks = {
    ...world.deps.serviceDesks,
    customersBeyond: (deskId, knownTotal) => {
      world.site.calls.push({ op: 'customersBeyond', arg: deskId, limit: 1 } as never);
      return Promise.resolve((world.site.desks.get(deskId)?.customers.length ?? 0) > knownTotal);
    },
  };
  return { ...world, deps: { ...world.deps, serviceDesks: desks } };
};

describe('watchWindow: which lists a tick reads', () => {
  const lists = ['a', 'b', 'c', 'd', 'e'];
  const at = (tick: number) => tick * WATCH_INTERVAL_MS + 1_000;
  it.each([
    ['all lists fit', lists, 0, 8, ['a', 'b', 'c', 'd', 'e']],
    ['exactly the cap', lists, 3, 5, ['a', 'b', 'c', 'd', 'e']],
    ['first window', lists, 0, 2, ['a', 'b']],
    ['second tick moves on', lists, 1, 2, ['c', 'd']],
    ['third tick wraps around', lists, 2, 2, ['e', 'a']],
    ['fifth tick', lists, 5, 2, ['a', 'b']],
    ['no lists', [], 7, 2, []],
  ])('%s', (_name, sources, tick, perTick, expected) => {
    expect(watchWindow(sources, at(tick), perTick)).toEqual(expected);
  });

  it('covers every list within ⌈lists / perTick⌉ consecutive ticks', () => {
    const many = Array.from({ length: 23 }, (_, i) => `s${i}`);
    for (const start of [0, 5, 11]) {
      const seen = new Set<string>();
      for (let t = start; t < start + Math.ceil(23 / 8); t += 1)
        for (const s of watchWindow(many, t * WATCH_INTERVAL_MS, 8)) seen.add(s);
      expect(seen.size).toBe(23);
    }
  });
});

describe('decideWatch: what a signal means against the watermark', () => {
  const cases: [string, { total: number } | undefined, WatchSignal, WatchDecision][] = [
    ['first sight of a group', undefined, { kind: 'total', total: 4 }, { kind: 'baseline', total: 4 }],
    ['first sight of an empty list', undefined, { kind: 'total', total: 0 }, { kind: 'baseline', total: 0 }],
    ['same total', { total: 4 }, { kind: 'total', total: 4 }, { kind: 'unchanged' }],
    ['a member added', { total: 4 }, { kind: 'total', total: 5 }, { kind: 'changed', observedTotal: 5 }],
    ['a member removed', { total: 4 }, { kind: 'total', total: 3 }, { kind: 'changed', observedTotal: 3 }],
    ['desk did not grow', { total: 7 }, { kind: 'grew', grew: false, knownTotal: 7 }, { kind: 'unchanged' }],
    [
      'desk grew: one past what was asked (lower bound)',
      { total: 7 },
      { kind: 'grew', grew: true, knownTotal: 7 },
      { kind: 'changed', observedTotal: 8 },
    ],
  ];
  it.each(cases)('%s', (_name, mark, signal, expected) => {
    expect(decideWatch(mark, signal)).toEqual(expected);
  });
});

describe('watch-tick on the fake site', () => {
  it('reads each list once from its watermark when idle, and a desk by its growth signal', async () => {
    const world = withGrowthSignal(caseBWorld());
    await fullScan(world);
    const calls = world.site.calls.length;
    const idle = value(await watchTick(world.deps, { now: world.clock.t }));
    expect(idle).toMatchObject({ changed: [], baselined: [] });
    expect(idle.sourcesChecked).toBe(idle.sourcesWatched);
    const ops = world.site.calls.slice(calls).map((c) => c.op);
    expect(ops.filter((op) => op === 'customersBeyond')).toHaveLength(world.site.desks.size);
    expect(ops).not.toContain('customerCount');
    expect(world.queue.jobs).toEqual([]);

    world.clock.advance(10 * 60_000);
    signUpThroughKbLink(world);
    const tick = value(await watchTick(world.deps, { now: world.clock.t }));
    const desk = tick.changed.find((c) => c.source === 'desk:30');
    expect(desk).toEqual({ source: 'desk:30', previous: desk!.previous, now: desk!.previous + 1 });

    // The follow-up reads the new customers and moves the watermark: the next tick is idle again.
    for (const { job } of world.queue.drain())
      if (job.type === 'watch-follow-up')
        value(
          await followUpSource(world.deps, {
            source: job.source,
            observedTotal: job.observedTotal,
            now: world.clock.t,
          }),
        );
    world.clock.advance(5 * 60_000);
    const after = value(await watchTick(world.deps, { now: world.clock.t }));
    expect(after.changed).toEqual([]);
  });

  it('reads at most readsPerTick lists per tick and covers all of them in turn', async () => {
    const world = withGrowthSignal(caseBWorld());
    await fullScan(world);
    const seen = new Set<string>();
    let watched = 0;
    for (let t = 0; t < 3; t += 1) {
      const calls = world.site.calls.length;
      const r = value(await watchTick(world.deps, { now: world.clock.t, readsPerTick: 2 }));
      watched = r.sourcesWatched;
      expect(r.sourcesChecked).toBe(Math.min(2, r.sourcesWatched));
      for (const c of world.site.calls.slice(calls)) seen.add(`${c.op}:${c.arg}`);
      world.clock.advance(WATCH_INTERVAL_MS);
    }
    expect(watched).toBeGreaterThan(2);
    expect(seen.size).toBe(Math.min(watched, 6));
  });
});

describe('reconcile-person: the directory email search', () => {
  it('is skipped for a new account whose email already has a known person (the twin is stored)', async () => {
    const world = caseBWorld();
    await fullScan(world);
    signUpThroughKbLink(world);
    const calls = world.site.calls.length;
    const r = value(
      await reconcilePerson(world.deps, {
        target: { accountId: CASE_B.signUp },
        reason: 'avi:jira:created:user',
        now: world.clock.t,
      }),
    );
    expect(world.site.calls.slice(calls).map((c) => c.op)).not.toContain('accountIdsForEmail');
    expect(r.findings.map((f) => f.code).sort()).toEqual(['DUPLICATE_ACCOUNTS', 'UNEXPECTED_CUSTOMER']);
  });

  it('runs for a new account whose email the app has never seen', async () => {
    const world = caseBWorld();
    signUpThroughKbLink(world);
    const calls = world.site.calls.length;
    const r = value(
      await reconcilePerson(world.deps, {
        target: { accountId: CASE_B.signUp },
        reason: 'avi:jira:created:user',
        now: world.clock.t,
      }),
    );
    expect(world.site.calls.slice(calls).map((c) => c.op)).toContain('accountIdsForEmail');
    expect(r.findings.map((f) => f.code)).toContain('DUPLICATE_ACCOUNTS');
  });
});
