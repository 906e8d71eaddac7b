/**
 * Scheduled-trigger invocation: the event carries no data of its own and there is no user (forge-platform.md
 * §3.4). The site comes from `cloudId`, which Forge puts in the invocation context; some runtimes also echo
 * it as `event.context.cloudId` (VERIFY which): both places are accepted, at least one is required.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../core/result';
import { guarded, parseInput, type InputInvalid } from './parse';

export const CloudIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'not a cloud id');

const Where = z.object({
  cloudId: CloudIdSchema.optional(),
  moduleKey: z.string().min(1).max(255).optional(),
});

export const ScheduledEventSchema = guarded(z.object({ context: Where.optional() }).optional());
export const ScheduledContextSchema = guarded(Where.optional());

export interface ScheduledInvocation {
  readonly cloudId: string;
  readonly moduleKey: string | null;
}

export const parseScheduledInvocation = (
  event: unknown,
  context: unknown,
): Result<ScheduledInvocation, InputInvalid> => {
  const e = parseInput(ScheduledEventSchema, event, 'scheduled event');
  if (!e.ok) return e;
  const c = parseInput(ScheduledContextSchema, context, 'scheduled invocation context');
  if (!c.ok) return c;
  const cloudId = c.value?.cloudId ?? e.value?.context?.cloudId;
  if (cloudId === undefined) {
    return err({
      code: 'INPUT.INVALID',
      message: 'scheduled invocation has no cloudId',
      issues: [{ path: 'context.cloudId', message: 'required' }],
    });
  }
  return ok({ cloudId, moduleKey: c.value?.moduleKey ?? e.value?.context?.moduleKey ?? null });
};
