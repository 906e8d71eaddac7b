/**
 * Product events (forge-platform.md §1.5): read from the site's change feed (`GET /__local/feed?after=<seq>`)
 * and delivered to every manifest trigger subscribed to the event type, after an optional delivery delay
 * (Forge: "up to 3 minutes"). `filter.ignoreSelf` drops events the app itself caused when the feed says who
 * caused them; otherwise such events arrive with `selfGenerated: true`. A returned InvocationError is retried
 * up to 4 times (retryAfter ≤ 900 s), a time-out is retried as a platform error, a thrown error is not.
 */
import { z } from 'zod';
import type { VirtualClock } from '../clock/virtual-clock';
import { isInvocationErrorValue, type InvokeResult } from './invocation';
import type { TriggerDef } from './manifest';

/**
 * One change-feed entry. Two shapes are accepted: the emulated site's (`local/atlassian-site/feed.ts`:
 * `{seq, at, event: {eventType, ...payload}}`) and a flat one (`{seq, eventType, payload}`). `caller` (optional,
 * either shape) is the X-Local-Caller of the request that caused the change (`app:<appId>` | `user:<id>`).
 */
const siteFeedEntrySchema = z.object({
  seq: z.number().int().nonnegative(),
  at: z.string().optional(),
  event: z.looseObject({ eventType: z.string().min(1) }),
  caller: z.string().optional(),
});
const flatFeedEntrySchema = z.object({
  seq: z.number().int().nonnegative(),
  eventType: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
  caller: z.string().optional(),
});
export const feedEntrySchema = z.union([siteFeedEntrySchema, flatFeedEntrySchema]);
export type FeedEntry = z.infer<typeof feedEntrySchema>;
export const feedResponseSchema = z.union([
  z.looseObject({ events: z.array(feedEntrySchema) }),
  z.array(feedEntrySchema),
]);

/** The product event a feed entry announces. */
export function productEventOf(entry: FeedEntry): ProductEvent {
  if ('event' in entry) {
    const { eventType, ...payload } = entry.event;
    return { eventType, payload, ...(entry.caller !== undefined ? { caller: entry.caller } : {}) };
  }
  return {
    eventType: entry.eventType,
    payload: entry.payload,
    ...(entry.caller !== undefined ? { caller: entry.caller } : {}),
  };
}

export interface ProductEvent {
  eventType: string;
  payload: Record<string, unknown>;
  caller?: string;
}

export interface TriggerDelivery {
  id: number;
  triggerKey: string;
  functionKey: string;
  event: ProductEvent;
  dueAt: number;
  attempts: number;
  state: 'pending' | 'delivered' | 'failed' | 'ignored-self' | 'retrying';
  retryContext?: { retryCount: number; retryReason: string; retryData?: unknown };
}

export const TRIGGER_LIMITS = {
  maxRetries: 4,
  maxRetryAfterSeconds: 900,
  platformRetryDelayMs: 60_000,
} as const;

export interface ProductEventsOptions {
  clock: VirtualClock;
  appId: string;
  triggers: TriggerDef[];
  /** Fixed delay or a seeded range in [min, max] ms; Forge's documented bound is 180 000. */
  delayMs: () => number;
  random: () => number;
  duplicateRate: number;
  invoke: (
    trigger: TriggerDef,
    event: Record<string, unknown>,
    delivery: TriggerDelivery,
  ) => Promise<InvokeResult>;
}

export class ProductEvents {
  private readonly deliveries: TriggerDelivery[] = [];
  private nextId = 1;

  constructor(private readonly o: ProductEventsOptions) {}

  all(): readonly TriggerDelivery[] {
    return this.deliveries;
  }

  /** Queues deliveries of one event to every subscribed trigger; returns the deliveries created. */
  enqueue(event: ProductEvent, delayMs = this.o.delayMs()): TriggerDelivery[] {
    const created: TriggerDelivery[] = [];
    const self = event.caller === `app:${this.o.appId}` || event.payload.selfGenerated === true;
    for (const trigger of this.o.triggers) {
      const subscription = trigger.events.find((e) => e.eventType === event.eventType);
      if (!subscription) continue;
      const copies = this.o.duplicateRate > 0 && this.o.random() < this.o.duplicateRate ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        const d: TriggerDelivery = {
          id: this.nextId++,
          triggerKey: trigger.key,
          functionKey: trigger.functionKey,
          event,
          dueAt: this.o.clock.now() + delayMs,
          attempts: 0,
          state: self && subscription.filter.ignoreSelf === true ? 'ignored-self' : 'pending',
        };
        this.deliveries.push(d);
        created.push(d);
      }
    }
    return created;
  }

  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const d of this.deliveries)
      if (d.state === 'pending' && (next === undefined || d.dueAt < next)) next = d.dueAt;
    return next;
  }

  async deliverDue(): Promise<number> {
    const now = this.o.clock.now();
    const due = this.deliveries
      .filter((d) => d.state === 'pending' && d.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
    for (const d of due) await this.deliver(d);
    return due.length;
  }

  async deliver(d: TriggerDelivery): Promise<InvokeResult | undefined> {
    const trigger = this.o.triggers.find((t) => t.key === d.triggerKey);
    if (!trigger || d.state !== 'pending') return undefined;
    d.attempts += 1;
    const selfGenerated = d.event.caller === `app:${this.o.appId}` || d.event.payload.selfGenerated === true;
    const event: Record<string, unknown> = {
      ...structuredClone(d.event.payload),
      eventType: d.event.eventType,
      ...(selfGenerated ? { selfGenerated: true } : {}),
      ...(d.retryContext ? { retryContext: structuredClone(d.retryContext) } : {}),
    };
    const result = await this.o.invoke(trigger, event, d);
    const now = this.o.clock.now();
    const retry = (afterMs: number, retryReason: string, retryData: unknown): void => {
      if ((d.retryContext?.retryCount ?? 0) >= TRIGGER_LIMITS.maxRetries) {
        d.state = 'failed';
        return;
      }
      d.state = 'pending';
      d.dueAt = now + afterMs;
      d.retryContext = {
        retryCount: (d.retryContext?.retryCount ?? 0) + 1,
        retryReason,
        ...(retryData !== undefined ? { retryData } : {}),
      };
    };
    if (result.ok && isInvocationErrorValue(result.value)) {
      const options = result.value.retryOptions ?? {};
      const after = Math.min(Math.max(options.retryAfter ?? 1, 1), TRIGGER_LIMITS.maxRetryAfterSeconds);
      retry(after * 1000, options.retryReason ?? 'FUNCTION_RETRY_REQUEST', options.retryData);
    } else if (result.ok) {
      d.state = 'delivered';
    } else if (result.timedOut) {
      retry(TRIGGER_LIMITS.platformRetryDelayMs, 'FUNCTION_TIME_OUT', undefined);
    } else {
      d.state = 'failed';
    }
    return result;
  }
}
