/**
 * KVS key `budget:points`: REST points spent in the current UTC hour against the installation's share of
 * the app's hourly quota (forge-platform.md §3.8), and any Retry-After wall the site imposed.
 */
import { z } from 'zod';
import { EpochMsSchema } from '../../contracts';

const HOUR_MS = 3_600_000;

export const PointsBudgetSchema = z
  .object({
    schemaVersion: z.literal(1),
    /** Start of the UTC hour this window counts (a multiple of one hour). */
    windowStart: EpochMsSchema.refine((t) => t % HOUR_MS === 0, 'not the start of a UTC hour'),
    budgetPerHour: z.number().int().nonnegative(),
    used: z.number().int().nonnegative(),
    /** Points promised to jobs in flight, released when they report what they really spent. */
    reserved: z.number().int().nonnegative(),
    /** No REST call before this time (a 429 Retry-After or the quota wall); null when free. */
    blockedUntil: EpochMsSchema.nullable(),
  })
  .refine((b) => b.used + b.reserved <= b.budgetPerHour * 2, 'spend implausibly above budget');
export type PointsBudget = z.output<typeof PointsBudgetSchema>;
