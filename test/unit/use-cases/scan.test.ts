import type { Finding } from '../../../src/core/model/finding';
import { getScanProgress } from '../../../src/core/use-cases/scan/get-scan-progress';
import { scanStep } from '../../../src/core/use-cases/scan/scan-step';
import { startScan } from '../../../src/core/use-cases/scan/start-scan';
import { CUSTOMERS_GROUP, GUESTS_GROUP, PARTNERS_GROUP, aLink, aPolicy } from '../../support/builders';
import { CASE_A, makeWorld, seedMix, SimulatedCrash, type World } from '../../support/fakes';

const policy = aPolicy({ links: [aLink({ groupIds: [PARTNERS_GROUP.id] })] });
const mixWorld = (budgetPerHour?: number): World => {
  const world = makeWorld({ policy, ...(budgetPerHour !== undefined ? { budgetPerHour } : {}) });
  seedMix(world);
  return world;
};

const FOREVER = Number.MAX_SAFE_INTEGER;
const start = async (world: World) => {
  const r = await startScan(world.deps, { now: world.clock.t });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};

/** Tick until finished, each tick limited as given; crashes are caught and the next tick resumes. */
const runToEnd = async (
  world: World,
  tick: { maxSteps?: number; budgetPoints?: number } = {},
): Promise<number> => {
  let ticks = 0;
  for (;;) {
    ticks += 1;
    if (ticks > 5000) throw new Error('scan does not finish');
    try {
      const r = await scanStep(world.deps, {
        now: world.clock.t,
        budgetPoints: tick.budgetPoints ?? FOREVER,
        deadlineMs: FOREVER,
        ...(tick.maxSteps !== undefined ? { maxSteps: tick.maxSteps } : {}),
      });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      if (r.value.stoppedBecause === 'finished') return ticks;
    } catch (e) {
      if (!(e instanceof SimulatedCrash)) throw e;
    }
  }
};

const outcome = (world: World): { findings: Finding[]; persons: unknown } => ({
  findings: world.findings.all(),
  persons: world.persons.all(),
});

describe('scan', () => {
  let reference: ReturnType<typeof outcome>;
  let referenceWrites: number;

  beforeAll(async () => {
    const world = mixWorld();
    await start(world);
    const before = world.crash.writes;
    await runToEnd(world);
    referenceWrites = world.crash.writes - before;
    reference = outcome(world);
  });

  it('finds the catalogue in the mix', () => {
    const codes = new Set(reference.findings.map((f) => f.code));
    for (const code of [
      'DUPLICATE_ACCOUNTS',
      'GUEST_WITHOUT_CUSTOMER_ROLE',
      'GUEST_ALSO_USER',
      'GUEST_WITHOUT_SPACE',
      'INACTIVE_WITH_ACCESS',
      'POSSIBLE_DUPLICATE',
      'EMAIL_UNRESOLVED',
      'LINKED_GROUP_DRIFT',
    ]) {
      expect(codes).toContain(code);
    }
    expect(
      reference.findings
        .filter((f) => f.subject.type === 'person' && f.subject.emailKey === CASE_A.email)
        .map((f) => f.code)
        .sort(),
    ).toEqual([
      'DUPLICATE_ACCOUNTS',
      'GUEST_WITHOUT_CUSTOMER_ROLE',
      'LINKED_GROUP_DRIFT', // a customer of HELP (through the twin) and guest of KB, missing from partners-kb
    ]);
  });

  it('reads every list once, at the largest page, and books exactly what the site metered', async () => {
    const world = mixWorld();
    const started = await start(world);
    expect(started.started).toBe(true);
    await runToEnd(world);
    const lists = [...world.site.callsOf('membersOfGroup'), ...world.site.callsOf('customersOfDesk')];
    const pages = lists.map((c) => c.arg + '@' + String(c.items));
    expect(new Set(pages).size).toBe(pages.length);
    for (const c of lists) expect(c.limit).toBe(50);
    const expectedPages = (n: number) => Math.max(1, Math.ceil(n / 50));
    const customers = world.site.groups.get(CUSTOMERS_GROUP.id)?.members.size ?? 0;
    expect(world.site.callsOf('membersOfGroup').filter((c) => c.arg === CUSTOMERS_GROUP.id)).toHaveLength(
      expectedPages(customers),
    );
    expect(world.site.callsOf('customersOfDesk').filter((c) => c.arg === '10')).toHaveLength(
      expectedPages(world.site.desks.get('10')?.customers.length ?? 0),
    );
    // Emails only for hidden profiles; guest facts only for guest-group members.
    const hidden = [...world.site.accounts.values()].filter((a) => !a.emailVisible).length;
    expect(world.site.callsOf('emailsByIds').reduce((n, c) => n + c.arg.split(',').length, 0)).toBe(hidden);
    const guests = world.site.groups.get(GUESTS_GROUP.id)?.members.size ?? 0;
    expect(world.site.callsOf('usersFacts').reduce((n, c) => n + c.arg.split(',').length, 0)).toBe(guests);
    // Every account profiled exactly once.
    const profiled = world.site.callsOf('accountsByIds').flatMap((c) => c.arg.split(','));
    expect(new Set(profiled).size).toBe(profiled.length);
    const progress = await getScanProgress(world.deps);
    expect(progress).toMatchObject({
      ok: true,
      value: { state: 'finished', pointsUsed: world.site.pointsMetered },
    });
    expect(world.budget.used).toBe(world.site.pointsMetered);
    expect(world.budget.reserved).toBe(0);
    expect(outcome(world)).toEqual(reference);
  });

  it('returns the running scan when started again', async () => {
    const world = mixWorld();
    const first = await start(world);
    const second = await start(world);
    expect(second.started).toBe(false);
    expect(second.progress.scanId).toBe(first.progress.scanId);
  });

  it('gives the same findings when stopped after every single step', async () => {
    const world = mixWorld();
    await start(world);
    const ticks = await runToEnd(world, { maxSteps: 1 });
    expect(ticks).toBeGreaterThan(15);
    expect(outcome(world)).toEqual(reference);
  });

  it('gives the same findings when it crashes at any write and resumes', async () => {
    expect(referenceWrites).toBeGreaterThan(20);
    for (let k = 1; k <= referenceWrites; k += 1) {
      const world = mixWorld();
      await start(world);
      world.crash.crashAt = world.crash.writes + k;
      await runToEnd(world);
      expect(outcome(world)).toEqual(reference);
    }
  });

  it('stops each tick before its points would exceed the tick budget, and resumes', async () => {
    const world = mixWorld();
    await start(world);
    const r = await scanStep(world.deps, { now: world.clock.t, budgetPoints: 150, deadlineMs: FOREVER });
    expect(r).toMatchObject({ ok: true, value: { stoppedBecause: 'tick-budget' } });
    if (r.ok) expect(r.value.pointsUsed).toBeLessThanOrEqual(150);
    await runToEnd(world, { budgetPoints: 600 });
    expect(outcome(world)).toEqual(reference);
  });

  it('stops at the deadline', async () => {
    const world = mixWorld();
    await start(world);
    world.clock.step = 10;
    const r = await scanStep(world.deps, {
      now: world.clock.t,
      budgetPoints: FOREVER,
      deadlineMs: world.clock.t + 100,
    });
    expect(r).toMatchObject({ ok: true, value: { stoppedBecause: 'deadline' } });
    if (r.ok) expect(r.value.steps).toBeGreaterThan(0);
  });

  it('returns BUDGET.EXHAUSTED with the reset time when the installation budget is spent, then continues next hour', async () => {
    const world = mixWorld(400);
    await start(world);
    const tick = () =>
      scanStep(world.deps, { now: world.clock.t, budgetPoints: FOREVER, deadlineMs: FOREVER });
    const first = await tick();
    expect(first).toMatchObject({ ok: true, value: { stoppedBecause: 'budget-exhausted' } });
    if (first.ok) expect(first.value.steps).toBeGreaterThan(0);
    // Nothing fits any more this hour: the caller learns when to come back.
    const second = await tick();
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'BUDGET.EXHAUSTED', resetsAt: world.clock.t - (world.clock.t % 3_600_000) + 3_600_000 },
    });
    expect(world.budget.used).toBeLessThanOrEqual(400);
    for (let hour = 0; hour < 10; hour += 1) {
      world.clock.advance(3_600_000);
      const r = await tick();
      if (r.ok && r.value.stoppedBecause === 'finished') break;
    }
    expect((await getScanProgress(world.deps)).ok && world.site.pointsMetered > 400).toBe(true);
    expect(outcome(world)).toEqual(reference);
  });

  it('removes persons and findings of accounts deleted since the last scan', async () => {
    const world = mixWorld();
    await start(world);
    await runToEnd(world);
    world.site.deleteAccount('aa-gone');
    world.clock.advance(3_600_000);
    await start(world);
    await runToEnd(world);
    expect(world.persons.all().some((p) => p.accounts.some((a) => a.accountId === 'aa-gone'))).toBe(false);
    expect(world.findings.all().some((f) => f.evidence.accountIds.includes('aa-gone'))).toBe(false);
    expect(world.workingSet.scans.size).toBe(0);
  });
});
