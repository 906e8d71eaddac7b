/**
 * The queue consumer's invocation: an AsyncEvent `{ body, queueName, jobId, eventId, retryContext? }`
 * (@forge/events 3.x, `consumer.function` form) whose body is one of our jobs (jobs.schema.ts).
 */
import { z } from 'zod';
import { JobBodySchema } from './jobs.schema';
import { guarded } from './parse';

export const RetryContextSchema = z.object({
  retryCount: z.number().int().nonnegative(),
  retryReason: z.string().max(100),
  retryData: z.unknown().optional(),
});

export const ReconcileAsyncEventSchema = guarded(
  z.object({
    body: JobBodySchema,
    queueName: z.string().min(1).max(36),
    jobId: z.string().min(1).max(256),
    eventId: z.string().min(1).max(256),
    delayInSeconds: z.number().int().min(0).max(900).optional(),
    retryContext: RetryContextSchema.optional(),
  }),
);
