/** Custom Entity Store entity `plan`: a previewed plan, who made it from which panel, and how far it got. */
import { z } from 'zod';
import { AccountIdSchema, EpochMsSchema, IdSchema, PlanSchema } from '../../contracts';

export const PLAN_ENTITY = 'plan';

export const PLAN_STATUSES = ['previewed', 'queued', 'applying', 'applied', 'failed', 'expired'] as const;

export const PlanRecordSchema = z
  .object({
    schemaVersion: z.literal(1),
    planId: IdSchema,
    status: z.enum(PLAN_STATUSES),
    createdAt: EpochMsSchema,
    createdBy: AccountIdSchema,
    /** The panel scope the plan was made in; applying re-checks the applier against the same scope. */
    scopeType: z.enum(['site', 'project', 'space']),
    /** Project id or space key; empty for the site scope. */
    scopeId: z.string().max(255),
    /** Number of actions already processed (the apply-plan job resumes from here). */
    appliedThrough: z.number().int().nonnegative(),
    plan: PlanSchema,
  })
  .superRefine((record, ctx) => {
    if (record.plan.id !== record.planId)
      ctx.addIssue({ code: 'custom', message: 'planId differs', path: ['planId'] });
    if (record.plan.createdAt !== record.createdAt) {
      ctx.addIssue({ code: 'custom', message: 'createdAt differs from the plan', path: ['createdAt'] });
    }
    if (record.appliedThrough > record.plan.actions.length) {
      ctx.addIssue({
        code: 'custom',
        message: 'appliedThrough beyond the last action',
        path: ['appliedThrough'],
      });
    }
    if ((record.scopeType === 'site') !== (record.scopeId === '')) {
      ctx.addIssue({
        code: 'custom',
        message: 'scopeId must be empty exactly for the site scope',
        path: ['scopeId'],
      });
    }
  });
export type PlanRecord = z.output<typeof PlanRecordSchema>;

/**
 * KVS key `plan-application:<planId>`: how the plan's application went. Created with FAIL_IF_EXISTS, so
 * two clicks or a replayed job cannot both start it (PlanStore.startApplication).
 */
export const PlanApplicationRecordSchema = z.object({
  schemaVersion: z.literal(1),
  planId: IdSchema,
  actorAccountId: z.string().min(1).max(128),
  startedAt: EpochMsSchema,
  finishedAt: EpochMsSchema.nullable(),
  status: z.enum(['applying', 'applied', 'failed']),
  skippedActionKeys: z.array(z.string().min(1).max(500)),
  auditIds: z.array(IdSchema),
  failed: z
    .object({ actionKey: z.string().min(1).max(500), errorCode: z.string().max(100), auditId: IdSchema })
    .nullable(),
  notAttemptedActionKeys: z.array(z.string().min(1).max(500)),
});
