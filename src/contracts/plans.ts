/**
 * plan/preview, plan/apply, plan/confirm-step, audit/undo and audit/list. Strict payloads; the acting admin
 * comes from context.
 */
import { z } from 'zod';
import { RESOLVER_ERROR_CODES, ResolverErrorSchema } from './envelope';
import { CursorSchema, PageLimitSchema } from './findings';
import {
  AUDIT_OUTCOMES,
  AuditEntrySchema,
  EpochMsSchema,
  IdSchema,
  PlannedActionSchema,
  PlanSchema,
} from './model';
import type { ViewerBlockReason } from '../core/model';
import type { Assert } from './type-checks';

const Count = z.number().int().nonnegative();
const ActionKeySchema = z.string().min(1).max(500);

export const PlanPreviewPayloadSchema = z.strictObject({
  findingIds: z.array(IdSchema).min(1).max(200),
});

/**
 * Why the calling admin cannot apply an action themselves (writes run as them): `needs-site-admin` for group
 * membership (Jira and Confluence groups are site-wide: only a site admin may change them), `needs-desk-admin`
 * for the customers of a service project they do not administer.
 */
export const VIEWER_BLOCK_REASONS = ['needs-site-admin', 'needs-desk-admin'] as const;
/**
 * Exactly the core's reasons (core/model/viewer.ts): adding one there breaks this line.
 * @public a compile-time check, imported by nobody (knip keeps @public exports).
 */
export type ViewerBlockReasonsInSync = Assert<
  [ViewerBlockReason] extends [(typeof VIEWER_BLOCK_REASONS)[number]]
    ? [(typeof VIEWER_BLOCK_REASONS)[number]] extends [ViewerBlockReason]
      ? true
      : false
    : false
>;

/**
 * A previewed action, with `viewerCannotApply`: null when the calling admin may apply it, else why not. Such
 * actions get no Apply; plan/apply refuses them (AUTH.FORBIDDEN) unless they are in `skipActionKeys`.
 */
export const PreviewActionSchema = PlannedActionSchema.extend({
  viewerCannotApply: z.strictObject({ reason: z.enum(VIEWER_BLOCK_REASONS) }).nullable(),
});
export const PlanPreviewResponseSchema = PlanSchema.extend({
  actions: z.array(PreviewActionSchema),
}).refine((p) => p.actions.every((a) => a.viewerCannotApply === null || a.skipped === null), {
  message: 'only live actions can be blocked for the viewer',
});

export const PlanApplyPayloadSchema = z.strictObject({
  planId: IdSchema,
  /** Required when the plan's review removals exceed the blast-radius threshold. */
  confirm: z.boolean().default(false),
  /** Actions the admin unticked in the preview. */
  skipActionKeys: z.array(ActionKeySchema).max(1000).default([]),
});

/**
 * What happened to one change step of an apply, in plan order. `outcome-unknown`: the write was sent, no
 * answer came back and the membership could not be read back either; the plan stopped there.
 */
export const APPLY_STEP_OUTCOMES = [
  'applied',
  'already-in-place',
  'failed',
  'outcome-unknown',
  'not-attempted',
] as const;
export const ApplyStepSchema = z.strictObject({
  actionKey: ActionKeySchema,
  outcome: z.enum(APPLY_STEP_OUTCOMES),
  /** The step's audit entry; null for steps never attempted. */
  auditId: IdSchema.nullable(),
  /** Why the step failed (`failed`, `outcome-unknown` only). */
  errorCode: z.enum(RESOLVER_ERROR_CODES).nullable(),
});

/**
 * The apply runs within the resolver call, step by step, and the answer says what really happened:
 * `applied` (every step ran), `partially-applied` (some steps ran, then one failed and stopped the rest),
 * `failed` (the first step failed; nothing changed), `nothing-to-apply` (every change step was skipped).
 * Refusals before any step runs (stale, not found, blast radius, scope) are error envelopes instead.
 */
export const PlanApplyResponseSchema = z
  .strictObject({
    planId: IdSchema,
    status: z.enum(['applied', 'partially-applied', 'failed', 'nothing-to-apply']),
    /** Change steps this apply ran or was to run (unticked and skipped ones excluded). */
    actionCount: Count,
    steps: z.array(ApplyStepSchema).max(1000),
    /** The failure that stopped the plan; null unless status is `failed` or `partially-applied`. */
    error: ResolverErrorSchema.nullable(),
    pointsUsed: Count,
  })
  .refine((r) => r.steps.length === r.actionCount, { message: 'one step outcome per action' })
  .refine((r) => (r.error === null) === (r.status === 'applied' || r.status === 'nothing-to-apply'), {
    message: 'an error exactly when a step failed',
  });

export const PlanConfirmStepPayloadSchema = z.strictObject({ planId: IdSchema, actionKey: ActionKeySchema });
/** The guided step's `confirmed` audit entry (the first one when the step was confirmed before). */
export const PlanConfirmStepResponseSchema = z.strictObject({
  planId: IdSchema,
  actionKey: ActionKeySchema,
  auditId: IdSchema,
  confirmedAt: EpochMsSchema,
});

export const AuditUndoPayloadSchema = z.strictObject({ auditId: IdSchema });
export const AuditUndoResponseSchema = z.strictObject({
  auditId: IdSchema,
  undoAuditId: IdSchema,
  outcome: z.enum(AUDIT_OUTCOMES),
});

export const AuditListPayloadSchema = z.strictObject({
  planId: IdSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: PageLimitSchema.default(25),
});
/**
 * An audit entry as the panels see it: `undoable` when audit/undo would revert it now (an applied change,
 * not itself an undo, not undone yet), `undoneBy` naming the entry that undid it.
 */
export const AuditListItemSchema = AuditEntrySchema.extend({
  undoable: z.boolean(),
  undoneBy: IdSchema.nullable(),
});
export const AuditListResponseSchema = z.strictObject({
  items: z.array(AuditListItemSchema),
  cursor: CursorSchema.nullable(),
});
