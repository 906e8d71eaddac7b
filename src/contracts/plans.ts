/** plan/preview, plan/apply, audit/undo and audit/list. Strict payloads; the acting admin comes from context. */
import { z } from 'zod';
import { CursorSchema, PageLimitSchema } from './findings';
import { AUDIT_OUTCOMES, AuditEntrySchema, IdSchema, PlanSchema } from './model';

export const PlanPreviewPayloadSchema = z.strictObject({
  findingIds: z.array(IdSchema).min(1).max(200),
});
export const PlanPreviewResponseSchema = PlanSchema;

export const PlanApplyPayloadSchema = z.strictObject({
  planId: IdSchema,
  /** Required when the plan's review removals exceed the blast-radius threshold. */
  confirm: z.boolean().default(false),
  /** Actions the admin unticked in the preview. */
  skipActionKeys: z.array(z.string().min(1).max(500)).max(1000).default([]),
});
export const PlanApplyResponseSchema = z.strictObject({
  planId: IdSchema,
  /** Application runs on the queue in checkpointed chunks; the audit tab shows each outcome. */
  status: z.enum(['queued', 'nothing-to-apply']),
  actionCount: z.number().int().nonnegative(),
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
export const AuditListResponseSchema = z.strictObject({
  items: z.array(AuditEntrySchema),
  cursor: CursorSchema.nullable(),
});
