/**
 * The change feed: the Forge product events Atlassian would send for what happened on the site, in order.
 * The local runtime reads it over HTTP (`GET /__local/feed?after=<seq>`) or in-process (`since`, `subscribe`)
 * and delivers each event to the trigger handlers subscribed to it. Events are recorded with the virtual time
 * they happened at; delivery delay, duplication and reordering are the runtime's business.
 */
import type { VirtualClock } from '../clock/virtual-clock';

/** One product-event payload, exactly as a Forge trigger would receive it (forge-platform.md §1.2). */
export interface ProductEvent {
  eventType: string;
  [field: string]: unknown;
}

export interface FeedEntry {
  seq: number;
  /** ISO-8601 virtual time the event was produced. */
  at: string;
  event: ProductEvent;
}

export type FeedListener = (entry: FeedEntry) => void;

export class ChangeFeed {
  private readonly entries: FeedEntry[] = [];
  private readonly listeners = new Set<FeedListener>();

  constructor(private readonly clock: VirtualClock) {}

  /** Append an event (seq starts at 1) and notify subscribers synchronously, in subscription order. */
  append(event: ProductEvent): FeedEntry {
    const entry: FeedEntry = { seq: this.entries.length + 1, at: this.clock.date().toISOString(), event };
    this.entries.push(entry);
    for (const listener of [...this.listeners]) listener(entry);
    return entry;
  }

  /** Entries with seq > `after` (0 = everything). */
  since(after: number): FeedEntry[] {
    return this.entries.slice(Math.max(0, Math.floor(after)));
  }

  get lastSeq(): number {
    return this.entries.length;
  }

  /** Call `listener` for every future entry; returns the unsubscribe function. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
