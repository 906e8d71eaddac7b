/**
 * Custom Entity Store entity `audit`: one row per applied action, confirmation and undo. The indexed
 * attributes (time, plan, target account, actor, outcome) are copies of the embedded entry, kept equal by
 * the refinement. Empty string stands for "none" in indexed attributes (no plan, app actor, guided step).
 */
import { z } from 'zod';
import { AUDIT_OUTCOMES, AuditEntrySchema, EpochMsSchema, IdSchema } from '../../contracts';

export const AUDIT_ENTITY = 'audit';

export const AuditRecordSchema = z
  .object({
    schemaVersion: z.literal(1),
    auditId: IdSchema,
    at: EpochMsSchema,
    actorType: z.enum(['user', 'auto', 'app']),
    actorAccountId: z.string().max(128),
    planId: z.string().max(256),
    targetAccountId: z.string().max(128),
    outcome: z.enum(AUDIT_OUTCOMES),
    entry: AuditEntrySchema,
  })
  .superRefine((record, ctx) => {
    const { entry } = record;
    const actorAccountId =
      entry.actor.type === 'user'
        ? entry.actor.accountId
        : entry.actor.type === 'auto'
          ? entry.actor.onBehalfOf
          : '';
    const expected = {
      auditId: entry.id,
      at: entry.at,
      actorType: entry.actor.type,
      actorAccountId,
      planId: entry.planId ?? '',
      targetAccountId: entry.action.accountId ?? '',
      outcome: entry.outcome,
    } as const;
    for (const [key, value] of Object.entries(expected)) {
      if (record[key as keyof typeof expected] !== value) {
        ctx.addIssue({ code: 'custom', message: `${key} differs from the entry`, path: [key] });
      }
    }
  });
export type AuditRecord = z.output<typeof AuditRecordSchema>;
