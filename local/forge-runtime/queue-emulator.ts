/**
 * Async events (Forge queue) with Forge's documented semantics (forge-platform.md §3.3):
 * push ≤ 50 events and ≤ 200 KB (100 KB per event when the consumer's timeout is > 55 s), delayInSeconds
 * 0–900 on the virtual clock, 500 events/min per installation, 1,000 pushes per invocation chain, at-least-once
 * delivery with no ordering guarantee, retries (InvocationError up to 4 times with retryAfter ≤ 900 s;
 * thrown errors and time-outs with exponential backoff), 24 h retention (+72 h for platform errors),
 * job stats and cancel. The wire side answers the stargate calls @forge/events 3.0.8 makes
 * (`/webhook/queue/{publish,stats,cancel}/...`, 201 / 200 / 204).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { VirtualClock } from '../clock/virtual-clock';
import { isInvocationErrorValue, type InvocationScope, type InvokeResult } from './invocation';
import type { ConsumerDef } from './manifest';

export const QUEUE_LIMITS = {
  maxEventsPerPush: 50,
  maxPushBytes: 200 * 1024,
  maxEventBytesLongConsumer: 100 * 1024,
  maxDelaySeconds: 900,
  eventsPerMinute: 500,
  maxChainPushes: 1000,
  maxAppRetries: 4,
  maxRetryAfterSeconds: 900,
  retentionMs: 24 * 3_600_000,
  platformExtraRetentionMs: 72 * 3_600_000,
  /** Not Forge's exact curve (unpublished): 30 s doubling, capped at 15 min ("gaps up to ~15 min"). */
  backoffBaseMs: 30_000,
  backoffCapMs: 900_000,
} as const;

const pushEventSchema = z.object({
  body: z.record(z.string(), z.unknown()),
  delayInSeconds: z.number().optional(),
  concurrency: z.object({ key: z.string(), limit: z.number() }).optional(),
});
const pushRequestSchema = z.object({
  queueName: z.string(),
  jobId: z.string().min(1),
  type: z.literal('avi:forge:app:event'),
  schema: z.string(),
  payload: z.array(pushEventSchema),
  time: z.string(),
});
const jobRequestSchema = z.object({ queueName: z.string(), jobId: z.string().min(1), time: z.string() });

export type QueueEventState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';

export interface RetryContext {
  retryCount: number;
  retryReason: string;
  retryData?: unknown;
  retentionWindow: { startTime: string; remainingTimeMs: number };
}

export interface QueueEventRecord {
  eventId: string;
  jobId: string;
  queueName: string;
  body: Record<string, unknown>;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
  pushedAt: number;
  dueAt: number;
  state: QueueEventState;
  deliveries: number;
  appRetries: number;
  retryContext?: RetryContext;
  lastError?: string;
  chain: InvocationScope['chain'];
}

export interface JobStats {
  success: number;
  inProgress: number;
  failed: number;
}

export interface QueueWireResponse {
  status: number;
  body?: unknown;
}

export interface QueueEmulatorOptions {
  clock: VirtualClock;
  consumers: ConsumerDef[];
  /** Time limit (ms, unscaled) of the consumer function of a queue. */
  consumerLimitMs: (queue: string) => number | undefined;
  deliver: (consumer: ConsumerDef, event: AsyncEvent, record: QueueEventRecord) => Promise<InvokeResult>;
  random: () => number;
  duplicateRate: number;
  reorder: boolean;
}

export interface AsyncEvent {
  body: Record<string, unknown>;
  queueName: string;
  jobId: string;
  eventId: string;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
  retryContext?: RetryContext;
}

export class QueueEmulator {
  private readonly events: QueueEventRecord[] = [];
  private readonly pushTimes: { at: number; count: number }[] = [];
  private seq = 0;

  constructor(private readonly o: QueueEmulatorOptions) {}

  // ---------- wire ----------
  publish(rawBody: unknown, scope: InvocationScope | undefined): QueueWireResponse {
    const parsed = pushRequestSchema.safeParse(rawBody);
    if (!parsed.success)
      return { status: 400, body: { message: `Invalid push request: ${z.prettifyError(parsed.error)}` } };
    const req = parsed.data;
    if (!/^[a-zA-Z0-9-_]+$/.test(req.queueName))
      return { status: 400, body: { message: 'Invalid queue name' } };
    if (req.payload.length === 0) return { status: 400, body: { message: 'No events pushed' } };
    if (req.payload.length > QUEUE_LIMITS.maxEventsPerPush) {
      return {
        status: 400,
        body: { message: `The maximum number of events allowed is ${QUEUE_LIMITS.maxEventsPerPush}` },
      };
    }
    const bytes = Buffer.byteLength(JSON.stringify(req.payload));
    if (bytes > QUEUE_LIMITS.maxPushBytes) {
      return {
        status: 413,
        body: { errorMessage: `The maximum payload size allowed is ${QUEUE_LIMITS.maxPushBytes / 1024}KB` },
      };
    }
    const limit = this.o.consumerLimitMs(req.queueName);
    if (limit !== undefined && limit > 55_000) {
      const big = req.payload.findIndex(
        (e) => Buffer.byteLength(JSON.stringify(e)) > QUEUE_LIMITS.maxEventBytesLongConsumer,
      );
      if (big >= 0) {
        return {
          status: 413,
          body: {
            errorMessage: `Event ${big} exceeds 100KB, the per-event limit for consumers with a timeout above 55 seconds`,
          },
        };
      }
    }
    for (const e of req.payload) {
      if (
        e.delayInSeconds !== undefined &&
        (e.delayInSeconds < 0 || e.delayInSeconds > QUEUE_LIMITS.maxDelaySeconds)
      ) {
        return { status: 400, body: { message: 'The delayInSeconds setting must be between 0 and 900' } };
      }
    }
    const now = this.o.clock.now();
    while (this.pushTimes.length > 0 && (this.pushTimes[0]?.at ?? now) <= now - 60_000)
      this.pushTimes.shift();
    const lastMinute = this.pushTimes.reduce((n, p) => n + p.count, 0);
    if (lastMinute + req.payload.length > QUEUE_LIMITS.eventsPerMinute)
      return { status: 429, body: { message: 'Rate limit exceeded' } };
    const chain = scope?.chain ?? { originId: randomUUID(), pushes: 0 };
    if (chain.pushes + 1 > QUEUE_LIMITS.maxChainPushes)
      return { status: 405, body: { message: 'Invocation limit reached' } };
    chain.pushes += 1;
    this.pushTimes.push({ at: now, count: req.payload.length });
    for (const e of req.payload) {
      this.events.push({
        eventId: `${req.jobId}#${this.seq++}`,
        jobId: req.jobId,
        queueName: req.queueName,
        body: e.body,
        ...(e.delayInSeconds !== undefined ? { delayInSeconds: e.delayInSeconds } : {}),
        ...(e.concurrency ? { concurrency: e.concurrency } : {}),
        pushedAt: now,
        dueAt: now + (e.delayInSeconds ?? 0) * 1000,
        state: 'pending',
        deliveries: 0,
        appRetries: 0,
        chain,
      });
    }
    return { status: 201 };
  }

  stats(rawBody: unknown): QueueWireResponse {
    const req = jobRequestSchema.safeParse(rawBody);
    if (!req.success) return { status: 400, body: { message: 'Invalid stats request' } };
    const stats = this.jobStats(req.data.jobId);
    return stats ? { status: 200, body: stats } : { status: 404, body: { message: 'Job not found' } };
  }

  cancel(rawBody: unknown): QueueWireResponse {
    const req = jobRequestSchema.safeParse(rawBody);
    if (!req.success) return { status: 400, body: { message: 'Invalid cancel request' } };
    const job = this.events.filter((e) => e.jobId === req.data.jobId);
    if (job.length === 0) return { status: 404, body: { message: 'Job not found' } };
    for (const e of job) if (e.state === 'pending') e.state = 'cancelled';
    return { status: 204 };
  }

  // ---------- inspection ----------
  all(): readonly QueueEventRecord[] {
    return this.events;
  }
  pending(): QueueEventRecord[] {
    return this.events.filter((e) => e.state === 'pending');
  }
  jobStats(jobId: string): JobStats | undefined {
    const job = this.events.filter((e) => e.jobId === jobId);
    if (job.length === 0) return undefined;
    return {
      success: job.filter((e) => e.state === 'succeeded').length,
      inProgress: job.filter((e) => e.state === 'pending' || e.state === 'running').length,
      failed: job.filter((e) => e.state === 'failed' || e.state === 'expired').length,
    };
  }

  /** Earliest due time among events a consumer exists for. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const e of this.events) {
      if (e.state !== 'pending' || !this.consumerFor(e.queueName)) continue;
      if (next === undefined || e.dueAt < next) next = e.dueAt;
    }
    return next;
  }

  /** Delivers every event due now (one pass). Returns how many deliveries ran. */
  async deliverDue(): Promise<number> {
    const now = this.o.clock.now();
    const due = this.events.filter(
      (e) => e.state === 'pending' && e.dueAt <= now && this.consumerFor(e.queueName),
    );
    if (this.o.reorder) {
      for (let i = due.length - 1; i > 0; i--) {
        const j = Math.floor(this.o.random() * (i + 1));
        [due[i], due[j]] = [due[j] as QueueEventRecord, due[i] as QueueEventRecord];
      }
    } else {
      due.sort((a, b) => a.dueAt - b.dueAt);
    }
    let delivered = 0;
    for (const e of due) {
      if (e.state !== 'pending') continue; // cancelled meanwhile
      if (now - e.pushedAt > this.retentionFor(e)) {
        e.state = 'expired';
        continue;
      }
      delivered += await this.deliverOne(e);
    }
    return delivered;
  }

  private consumerFor(queue: string): ConsumerDef | undefined {
    return this.o.consumers.find((c) => c.queue === queue);
  }

  private retentionFor(e: QueueEventRecord): number {
    const platform = e.retryContext?.retryReason === 'FUNCTION_TIME_OUT';
    return QUEUE_LIMITS.retentionMs + (platform ? QUEUE_LIMITS.platformExtraRetentionMs : 0);
  }

  private async deliverOne(e: QueueEventRecord): Promise<number> {
    const consumer = this.consumerFor(e.queueName);
    if (!consumer) return 0;
    const asyncEvent = (): AsyncEvent => ({
      body: structuredClone(e.body),
      queueName: e.queueName,
      jobId: e.jobId,
      eventId: e.eventId,
      ...(e.delayInSeconds !== undefined ? { delayInSeconds: e.delayInSeconds } : {}),
      ...(e.concurrency ? { concurrency: e.concurrency } : {}),
      ...(e.retryContext ? { retryContext: structuredClone(e.retryContext) } : {}),
    });
    e.state = 'running';
    e.deliveries += 1;
    const result = await this.o.deliver(consumer, asyncEvent(), e);
    let runs = 1;
    const now = this.o.clock.now();
    if (result.ok && !isInvocationErrorValue(result.value)) {
      e.state = 'succeeded';
      if (this.o.duplicateRate > 0 && this.o.random() < this.o.duplicateRate) {
        // At-least-once: the same event (same eventId) arrives again.
        await this.o.deliver(consumer, asyncEvent(), e);
        e.deliveries += 1;
        runs += 1;
      }
      return runs;
    }
    if (result.ok && isInvocationErrorValue(result.value)) {
      const options = result.value.retryOptions ?? {};
      if (e.appRetries >= QUEUE_LIMITS.maxAppRetries) {
        e.state = 'failed';
        e.lastError = `retry requested after ${QUEUE_LIMITS.maxAppRetries} retries: dropped`;
        return runs;
      }
      e.appRetries += 1;
      const after = Math.min(Math.max(options.retryAfter ?? 1, 1), QUEUE_LIMITS.maxRetryAfterSeconds);
      this.scheduleRetry(
        e,
        now + after * 1000,
        options.retryReason ?? 'FUNCTION_RETRY_REQUEST',
        options.retryData,
      );
      return runs;
    }
    if (!result.ok) {
      e.lastError = `${result.error.name}: ${result.error.message}`;
      const retryCount = (e.retryContext?.retryCount ?? 0) + 1;
      const backoff = Math.min(QUEUE_LIMITS.backoffBaseMs * 2 ** (retryCount - 1), QUEUE_LIMITS.backoffCapMs);
      this.scheduleRetry(
        e,
        now + backoff,
        result.timedOut ? 'FUNCTION_TIME_OUT' : 'FUNCTION_PLATFORM_UNKNOWN_ERROR',
        undefined,
      );
    }
    return runs;
  }

  private scheduleRetry(e: QueueEventRecord, dueAt: number, retryReason: string, retryData: unknown): void {
    const retention =
      QUEUE_LIMITS.retentionMs +
      (retryReason === 'FUNCTION_TIME_OUT' ? QUEUE_LIMITS.platformExtraRetentionMs : 0);
    if (dueAt - e.pushedAt > retention) {
      e.state = 'expired';
      return;
    }
    e.state = 'pending';
    e.dueAt = dueAt;
    e.retryContext = {
      retryCount: (e.retryContext?.retryCount ?? 0) + 1,
      retryReason,
      ...(retryData !== undefined ? { retryData } : {}),
      retentionWindow: {
        startTime: new Date(e.pushedAt).toISOString(),
        remainingTimeMs: Math.max(0, e.pushedAt + retention - dueAt),
      },
    };
  }
}
