/**
 * The installation's hourly REST points budget in KVS (`budget:points`): the core reserves the worst case
 * before a port call and settles after it; what is booked is what the request layer measured on the answers
 * (`record`: the points model applied to each response, exactly what Atlassian meters), not the core's
 * per-port estimate, which cannot see the REST calls a port makes. Measured points are held in memory and
 * booked at the next `settle` or `flush`. Windows are UTC hours. A site-imposed wall (429 at the quota, or a
 * long Retry-After) can be recorded with `blockUntil`, and refuses reservations until then.
 *
 * Two limits apply to every reservation (docs/rate-limits.md "The app's side of the pool"):
 * - the per-installation hourly figure, a fairness cap: one installation never takes more than its share of
 *   the app's Tier 1 pool, however busy its site is;
 * - the app's pool itself, shared by every installation, as the last answer's rate-limit headers described
 *   it (`pool`): bulk work stops at the NearLimit reserve, interactive work before the wall ({@link poolAdmits}).
 */
import type { Clock, PointsBudget } from '../../core/ports';
import type { PointsSink } from '../http/request';
import { poolAdmits, type PoolView, type WorkClass } from '../http/limits';
import { KEYS } from './keys';
import { readValue, writeValue } from './kvs-io';
import { PointsBudgetSchema, type PointsBudget as BudgetRecord } from './points-budget.schema';

const HOUR_MS = 3_600_000;

export interface InstallationBudget extends PointsBudget, PointsSink {
  /** Refuse every reservation until `untilMs` (epoch ms). */
  blockUntil(untilMs: number): Promise<void>;
  /** Book what was measured since the last booking (calls made outside a core reservation). */
  flush(): Promise<void>;
}

interface PoolSteering {
  /** The pool as the installation's last answer described it (null: not known). */
  readonly view: (nowMs: number) => PoolView | null;
  readonly work: WorkClass;
}

export const createPointsBudget = (
  clock: Clock,
  budgetPerHour: number,
  pool?: PoolSteering,
): InstallationBudget => {
  const windowOf = (now: number): number => now - (now % HOUR_MS);

  const current = async (): Promise<BudgetRecord> => {
    const now = clock.now();
    const stored = await readValue(KEYS.pointsBudget, PointsBudgetSchema);
    if (stored !== null && stored.windowStart === windowOf(now)) return { ...stored, budgetPerHour };
    return {
      schemaVersion: 1,
      windowStart: windowOf(now),
      budgetPerHour,
      used: 0,
      reserved: 0,
      blockedUntil:
        stored?.blockedUntil !== null && stored?.blockedUntil !== undefined && stored.blockedUntil > now
          ? stored.blockedUntil
          : null,
    };
  };

  /** Spend above twice the budget is clamped so a runaway meter cannot make the record unreadable. */
  const save = (record: BudgetRecord): Promise<void> => {
    const cap = record.budgetPerHour * 2;
    const used = Math.min(record.used, cap);
    return writeValue(
      KEYS.pointsBudget,
      PointsBudgetSchema.parse({ ...record, used, reserved: Math.min(record.reserved, cap - used) }),
    );
  };

  /** Measured, not yet booked (this budget object lives for one invocation). */
  let measured = 0;
  const drain = (): number => {
    const points = measured;
    measured = 0;
    return points;
  };

  return {
    record(points) {
      if (Number.isFinite(points) && points > 0) measured += Math.ceil(points);
    },

    async flush() {
      if (measured === 0) return;
      const record = await current();
      await save({ ...record, used: record.used + drain() });
    },

    async tryReserve(points) {
      if (pool !== undefined && !poolAdmits(pool.view(clock.now()), pool.work, points, clock.now()).ok)
        return false;
      const record = await current();
      if (record.blockedUntil !== null && record.blockedUntil > clock.now()) return false;
      if (record.used + record.reserved + points > record.budgetPerHour) return false;
      await save({ ...record, reserved: record.reserved + Math.max(0, Math.ceil(points)) });
      return true;
    },

    // The core's `actual` is its model of the port call; the answers' measured cost is booked instead.
    async settle(reserved) {
      const record = await current();
      await save({
        ...record,
        reserved: Math.max(0, record.reserved - Math.max(0, Math.ceil(reserved))),
        used: record.used + drain(),
      });
    },

    async status() {
      const record = await current();
      const resetsAt =
        record.blockedUntil !== null && record.blockedUntil > record.windowStart + HOUR_MS
          ? record.blockedUntil
          : record.windowStart + HOUR_MS;
      // While the shared pool holds this work class back, work resumes when the pool resets.
      const view = pool?.view(clock.now()) ?? null;
      const held = pool !== undefined ? poolAdmits(view, pool.work, 1, clock.now()) : { ok: true as const };
      return held.ok
        ? { used: record.used, limit: record.budgetPerHour, resetsAt }
        : { used: record.used, limit: record.budgetPerHour, resetsAt: held.until, heldByPool: true };
    },

    async blockUntil(untilMs) {
      const record = await current();
      await save({ ...record, blockedUntil: Math.max(untilMs, record.blockedUntil ?? 0) });
    },
  };
};
