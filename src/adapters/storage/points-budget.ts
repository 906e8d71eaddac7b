/**
 * The installation's hourly REST points budget in KVS (`budget:points`): reserve the worst case before a
 * call, settle what it really cost after. Windows are UTC hours. A site-imposed wall (429 at the quota, or a
 * long Retry-After) can be recorded with `blockUntil`, and refuses reservations until then.
 */
import type { Clock, PointsBudget } from '../../core/ports';
import { KEYS } from './keys';
import { readValue, writeValue } from './kvs-io';
import { PointsBudgetSchema, type PointsBudget as BudgetRecord } from './points-budget.schema';

const HOUR_MS = 3_600_000;

export interface InstallationBudget extends PointsBudget {
  /** Refuse every reservation until `untilMs` (epoch ms). */
  blockUntil(untilMs: number): Promise<void>;
}

export const createPointsBudget = (clock: Clock, budgetPerHour: number): InstallationBudget => {
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

  return {
    async tryReserve(points) {
      const record = await current();
      if (record.blockedUntil !== null && record.blockedUntil > clock.now()) return false;
      if (record.used + record.reserved + points > record.budgetPerHour) return false;
      await save({ ...record, reserved: record.reserved + Math.max(0, Math.ceil(points)) });
      return true;
    },

    async settle(reserved, actual) {
      const record = await current();
      await save({
        ...record,
        reserved: Math.max(0, record.reserved - Math.max(0, Math.ceil(reserved))),
        used: record.used + Math.max(0, Math.ceil(actual)),
      });
    },

    async status() {
      const record = await current();
      const resetsAt =
        record.blockedUntil !== null && record.blockedUntil > record.windowStart + HOUR_MS
          ? record.blockedUntil
          : record.windowStart + HOUR_MS;
      return { used: record.used, limit: record.budgetPerHour, resetsAt };
    },

    async blockUntil(untilMs) {
      const record = await current();
      await save({ ...record, blockedUntil: Math.max(untilMs, record.blockedUntil ?? 0) });
    },
  };
};
