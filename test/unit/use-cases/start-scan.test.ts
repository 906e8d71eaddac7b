/**
 * start-scan's modes: `resume` keeps a running scan; `restart` replaces it (compare-and-set over the running
 * cursor, retried while the old chain keeps saving), clears the old scan's working set, and the new scan,
 * run to the end, finds exactly what a scan from a clean start finds.
 */
import type { ScanCursor, ScanCursorStore } from '../../../src/core/ports';
import { scanStep } from '../../../src/core/use-cases/scan/scan-step';
import { startScan } from '../../../src/core/use-cases/scan/start-scan';
import { aLink, aPolicy, PARTNERS_GROUP } from '../../support/builders';
import { makeWorld, seedMix, type World, value } from '../../support/fakes';

const policy = aPolicy({ links: [aLink({ groupIds: [PARTNERS_GROUP.id] })] });
const mixWorld = (): World => {
  const world = makeWorld({ policy });
  seedMix(world);
  return world;
};

const FOREVER = Number.MAX_SAFE_INTEGER;
const steps = async (world: World, maxSteps: number) =>
  value(
    await scanStep(world.deps, { now: world.clock.t, budgetPoints: FOREVER, deadlineMs: FOREVER, maxSteps }),
  );
const runToEnd = async (world: World): Promise<void> => {
  for (let tick = 0; tick < 1000; tick += 1) {
    if ((await steps(world, 50)).stoppedBecause === 'finished') return;
  }
  throw new Error('scan does not finish');
};
const findingIds = (world: World): string[] =>
  world.findings
    .all()
    .map((f) => f.id)
    .sort();

describe('start-scan', () => {
  let reference: string[];

  beforeAll(async () => {
    const world = mixWorld();
    value(await startScan(world.deps, { now: world.clock.t }));
    await runToEnd(world);
    reference = findingIds(world);
    expect(reference.length).toBeGreaterThan(5);
  });

  it('resume (the default) returns the running scan unchanged', async () => {
    const world = mixWorld();
    const first = value(await startScan(world.deps, { now: world.clock.t }));
    await steps(world, 3);
    const running = await world.scanCursors.get();
    const again = value(await startScan(world.deps, { now: world.clock.t, mode: 'resume' }));
    expect(again).toMatchObject({ started: false, replacedScanId: null });
    expect(again.progress.scanId).toBe(first.progress.scanId);
    expect(await world.scanCursors.get()).toEqual(running);
  });

  it('restart replaces the running scan, clears its working set, and the new scan finds the same', async () => {
    const world = mixWorld();
    const first = value(await startScan(world.deps, { now: world.clock.t }));
    const oldId = first.progress.scanId as string;
    await steps(world, 3); // listed some sources: the old scan has a working set
    expect((await world.scanCursors.get())?.sourcesDone).toBeGreaterThan(0);
    expect(world.workingSet.scans.get(oldId)?.facts.size).toBeGreaterThan(0);

    world.clock.advance(1000);
    const restarted = value(await startScan(world.deps, { now: world.clock.t, mode: 'restart' }));
    expect(restarted.started).toBe(true);
    expect(restarted.replacedScanId).toBe(oldId);
    expect(restarted.progress.scanId).not.toBe(oldId);
    expect(restarted.progress).toMatchObject({ state: 'running', sourcesDone: 0, startedAt: world.clock.t });
    expect(world.workingSet.scans.has(oldId)).toBe(false);
    expect((await world.scanCursors.get())?.scanId).toBe(restarted.progress.scanId);

    await runToEnd(world);
    expect(findingIds(world)).toEqual(reference);
  });

  it('restart wins over the old chain saving its cursor while the site is read', async () => {
    const world = mixWorld();
    value(await startScan(world.deps, { now: world.clock.t }));
    await steps(world, 2);
    // The old chain saves twice more between the restart's read of the cursor and its save.
    const store = world.scanCursors;
    let raced = 0;
    const racing: ScanCursorStore = {
      get: () => store.get(),
      save: async (next: ScanCursor, expected: ScanCursor | null) => {
        if (raced < 2) {
          raced += 1;
          const old = (await store.get()) as ScanCursor;
          expect(await store.save({ ...old, updatedAt: old.updatedAt + 1 }, old)).toBe(true);
        }
        return store.save(next, expected);
      },
    };
    const restarted = value(
      await startScan({ ...world.deps, scanCursors: racing }, { now: world.clock.t, mode: 'restart' }),
    );
    expect(raced).toBe(2);
    expect(restarted.started).toBe(true);
    expect((await store.get())?.scanId).toBe(restarted.progress.scanId);
    await runToEnd(world);
    expect(findingIds(world)).toEqual(reference);
  });

  it('restart keeps a scan another invocation started meanwhile (never two at once)', async () => {
    const world = mixWorld();
    const store = world.scanCursors;
    let other: ScanCursor | null = null;
    const racing: ScanCursorStore = {
      get: () => store.get(),
      save: async (next: ScanCursor, expected: ScanCursor | null) => {
        if (other === null) {
          other = { ...next, scanId: 'other-scan' };
          expect(await store.save(other, expected)).toBe(true);
        }
        return store.save(next, expected);
      },
    };
    const result = value(
      await startScan({ ...world.deps, scanCursors: racing }, { now: world.clock.t, mode: 'restart' }),
    );
    expect(result).toMatchObject({
      started: false,
      replacedScanId: null,
      progress: { scanId: 'other-scan' },
    });
    expect((await store.get())?.scanId).toBe('other-scan');
  });

  it('restart with nothing running starts a scan and replaces none', async () => {
    const world = mixWorld();
    const result = value(await startScan(world.deps, { now: world.clock.t, mode: 'restart' }));
    expect(result).toMatchObject({ started: true, replacedScanId: null, progress: { state: 'running' } });
  });
});
