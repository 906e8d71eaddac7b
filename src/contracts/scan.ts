/** overview, scan/start and scan/status: counts, scope and the budgeted scan's progress. */
import { z } from 'zod';
import { FINDING_CODES, SEVERITIES } from '../core/model';
import { EpochMsSchema, IdSchema, SpaceKeySchema } from './model';

const Count = z.number().int().nonnegative();

export const EmptyPayloadSchema = z.strictObject({});

export const ScanStatusSchema = z.strictObject({
  state: z.enum(['idle', 'running', 'waiting-for-budget', 'completed', 'failed']),
  scanId: IdSchema.nullable(),
  startedAt: EpochMsSchema.nullable(),
  updatedAt: EpochMsSchema.nullable(),
  completedAt: EpochMsSchema.nullable(),
  sources: z.strictObject({ done: Count, total: Count }),
  personsEvaluated: Count,
  points: z.strictObject({
    usedThisHour: Count,
    budgetPerHour: Count,
    /** Start of the next UTC hour, when the quota window resets. */
    resetsAt: EpochMsSchema.nullable(),
  }),
});

export const ScanStartPayloadSchema = z.strictObject({
  mode: z.enum(['resume', 'restart']).default('resume'),
});

/** Where the panel is: derived by the resolver from the Forge context, echoed so the UI can title itself. */
export const PanelScopeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('site') }),
  z.strictObject({ type: z.literal('desk'), deskId: IdSchema, projectKey: z.string().min(1).max(255) }),
  z.strictObject({ type: z.literal('space'), spaceKey: SpaceKeySchema }),
]);

const countsOf = <const K extends readonly [string, ...string[]]>(keys: K) => z.record(z.enum(keys), Count);

export const OverviewResponseSchema = z.strictObject({
  scope: PanelScopeSchema,
  totals: z.strictObject({ findings: Count, persons: Count }),
  countsByCode: countsOf(FINDING_CODES),
  countsBySeverity: countsOf(SEVERITIES),
  scan: ScanStatusSchema,
  generatedAt: EpochMsSchema,
});
