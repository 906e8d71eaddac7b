/**
 * BUDGET.EXHAUSTED names what holds the work back: the installation's own hourly share, or the app's pool
 * shared by every installation (docs/rate-limits.md "The app's side of the pool").
 */
import type { PointsBudget } from '../../../src/core/ports';
import { createMeter } from '../../../src/core/use-cases/shared/points';

const refusing = (status: Awaited<ReturnType<PointsBudget['status']>>): PointsBudget => ({
  tryReserve: () => Promise.resolve(false),
  settle: () => Promise.resolve(),
  status: () => Promise.resolve(status),
});

it("says the installation's share is spent when that is what refused", async () => {
  const out = await createMeter(refusing({ used: 10_000, limit: 10_000, resetsAt: 7 })).run(
    5,
    () => Promise.resolve(1),
    () => 5,
  );
  expect(out).toMatchObject({ ok: false, error: { code: 'BUDGET.EXHAUSTED', resetsAt: 7 } });
  expect(!out.ok && out.error.message).toContain('(10000 of 10000)');
});

it("says the shared pool holds the work back, with the pool's reset, when that is what refused", async () => {
  const out = await createMeter(refusing({ used: 120, limit: 10_000, resetsAt: 9, heldByPool: true })).run(
    5,
    () => Promise.resolve(1),
    () => 5,
  );
  expect(out).toMatchObject({ ok: false, error: { code: 'BUDGET.EXHAUSTED', resetsAt: 9 } });
  expect(!out.ok && out.error.message).toContain('shared by every site');
  expect(!out.ok && out.error.message).not.toContain('120 of 10000');
});
