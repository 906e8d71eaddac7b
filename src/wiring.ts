/**
 * Composition root (style.md rule 14): the one module that builds adapters and hands them to handlers.
 * Handlers never import src/adapters directly; they ask for what they need here, per invocation.
 * Use cases join this file as they land (core/use-cases), each bound to its ports here.
 */
import { createLogger, type Logger } from './adapters/forge/logger';
import { createJobQueue, type JobQueue } from './adapters/forge/queue';

export { defineResolvers, type ResolverDefinitions, type ResolverRequest } from './adapters/forge/resolver';
export { QueueRateLimitedError, retryLater, type JobQueue, type RetryRequest } from './adapters/forge/queue';
export type { Logger } from './adapters/forge/logger';

/** The manifest's `consumer.queue` (checked by test/contract/manifest.test.ts). */
export const RECONCILE_QUEUE_KEY = 'reconcile';

export interface TriggerDeps<Job> {
  readonly queue: JobQueue<Job>;
  readonly log: Logger;
  readonly now: () => number;
}

/** What a product-event trigger or a schedule needs: the reconcile queue, a logger, the clock. */
export const triggerDeps = <Job extends Record<string, unknown>>(operation: string): TriggerDeps<Job> => ({
  queue: createJobQueue<Job>(RECONCILE_QUEUE_KEY),
  log: createLogger(operation),
  now: () => Date.now(),
});

export const operationLogger = (operation: string): Logger => createLogger(operation);
