/**
 * Scheduled-trigger invocation (Forge "Scheduled triggers" function reference, sections "Request" and
 * "Context"): the request is `{ context: { cloudId, moduleKey }, contextToken }`, the context argument is
 * the common function context (function-context.schema.ts: `installContext`, no user, no `cloudId`). The
 * site comes from the request's `context.cloudId`; a request without it falls back to the cloud id in the
 * `installContext` ARI. The handler must answer `{ statusCode }` (204 = success, 5xx = error; anything else
 * is recorded by Forge as "424 Failed dependency").
 */
import { z } from 'zod';
import { ok, type Result } from '../core/result';
import { CloudIdSchema, FunctionContextSchema } from './function-context.schema';
import { guarded, parseInput, type InputInvalid } from './parse';

export { CloudIdSchema } from './function-context.schema';

export const ScheduledEventSchema = guarded(
  z
    .object({
      context: z
        .object({
          cloudId: CloudIdSchema.optional(),
          moduleKey: z.string().min(1).max(255).optional(),
        })
        .optional(),
      contextToken: z.string().max(8192).optional(),
    })
    .optional(),
);

export interface ScheduledInvocation {
  readonly cloudId: string;
  readonly moduleKey: string | null;
}

/** What a scheduled function returns (the page's "Response"): the platform reads `statusCode`. */
export interface ScheduledResponse {
  readonly statusCode: 204 | 500;
}

export const parseScheduledInvocation = (
  event: unknown,
  context: unknown,
): Result<ScheduledInvocation, InputInvalid> => {
  const e = parseInput(ScheduledEventSchema, event, 'scheduled request');
  if (!e.ok) return e;
  const fromRequest = e.value?.context?.cloudId;
  const moduleKey = e.value?.context?.moduleKey ?? null;
  if (fromRequest !== undefined) return ok({ cloudId: fromRequest, moduleKey });
  const c = parseInput(FunctionContextSchema, context, 'scheduled invocation context');
  if (!c.ok) return c;
  return ok({ cloudId: c.value.installContext, moduleKey });
};

/** The site of a queue consumer's invocation: consumers get only the common context (no `cloudId`). */
export const parseConsumerSite = (context: unknown): Result<string, InputInvalid> => {
  const c = parseInput(FunctionContextSchema, context, 'consumer invocation context');
  if (!c.ok) return c;
  return ok(c.value.installContext);
};
