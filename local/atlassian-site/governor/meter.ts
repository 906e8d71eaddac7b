/**
 * Metering: what the emulated site charged, per operation, per caller and per virtual UTC hour. Benches read it
 * (through `GET /__local/meter`) to check points targets; tests read `snapshot()` directly.
 */
import { type VirtualClock } from '../../clock/virtual-clock';
import { windowStartOf, type QuotaSnapshot } from './quota';
import { type Caller, type RequestInfo } from './types';

export interface MeterCounters {
  /** Requests seen (served, rejected or dropped). */
  calls: number;
  /** Points charged to an app quota. */
  points: number;
  /** 429 responses (governor rejections and handler 429s). */
  rateLimited: number;
  /** Other error responses (status ≥ 400, not 429), including injected 5xx. */
  errors: number;
  /** Connections dropped by fault injection. */
  drops: number;
}

export interface OperationMeter extends MeterCounters {
  product: RequestInfo['product'];
  method: string;
  operationId: string;
}

export interface MeterSnapshot {
  totals: MeterCounters;
  /** Keyed `<product>.<operationId>` (operationIds collide across products, e.g. getUser). */
  operations: Record<string, OperationMeter>;
  /** Keyed `app:<appId>`, `user:<accountId>`, `anonymous`. */
  callers: Record<string, MeterCounters>;
  /** Keyed by the ISO start of the virtual UTC hour. */
  hours: Record<string, MeterCounters>;
}

export type MeterEvent =
  | { kind: 'settled'; status: number; points: number }
  | { kind: 'rejected'; status: number; points: number }
  | { kind: 'dropped' };

export interface Meter {
  record(request: RequestInfo, event: MeterEvent): void;
  snapshot(): MeterSnapshot;
  reset(): void;
}

export function emptyCounters(): MeterCounters {
  return { calls: 0, points: 0, rateLimited: 0, errors: 0, drops: 0 };
}

export function operationKey(request: Pick<RequestInfo, 'product' | 'operationId'>): string {
  return `${request.product}.${request.operationId}`;
}

export function callerKey(caller: Caller): string {
  switch (caller.type) {
    case 'app':
      return `app:${caller.appId}`;
    case 'user':
      return `user:${caller.accountId}`;
    case 'anonymous':
      return 'anonymous';
  }
}

function add(target: MeterCounters, event: MeterEvent): void {
  target.calls += 1;
  if (event.kind === 'dropped') {
    target.drops += 1;
    return;
  }
  target.points += event.points;
  if (event.status === 429) target.rateLimited += 1;
  else if (event.status >= 400) target.errors += 1;
}

function copyCounters(c: MeterCounters): MeterCounters {
  return { calls: c.calls, points: c.points, rateLimited: c.rateLimited, errors: c.errors, drops: c.drops };
}

function sortedRecord<T>(map: Map<string, T>, copy: (v: T) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of [...map.keys()].sort()) {
    const value = map.get(key);
    if (value !== undefined) out[key] = copy(value);
  }
  return out;
}

export function createMeter(clock: VirtualClock): Meter {
  let totals = emptyCounters();
  const operations = new Map<string, OperationMeter>();
  const callers = new Map<string, MeterCounters>();
  const hours = new Map<string, MeterCounters>();

  return {
    record(request, event) {
      add(totals, event);
      const opKey = operationKey(request);
      let op = operations.get(opKey);
      if (op === undefined) {
        op = {
          product: request.product,
          method: request.method.toUpperCase(),
          operationId: request.operationId,
          ...emptyCounters(),
        };
        operations.set(opKey, op);
      }
      add(op, event);
      const cKey = callerKey(request.caller);
      let caller = callers.get(cKey);
      if (caller === undefined) callers.set(cKey, (caller = emptyCounters()));
      add(caller, event);
      const hKey = new Date(windowStartOf(clock.now())).toISOString();
      let hour = hours.get(hKey);
      if (hour === undefined) hours.set(hKey, (hour = emptyCounters()));
      add(hour, event);
    },
    snapshot: () => ({
      totals: copyCounters(totals),
      operations: sortedRecord(operations, (o) => ({ ...o })),
      callers: sortedRecord(callers, copyCounters),
      hours: sortedRecord(hours, copyCounters),
    }),
    reset() {
      totals = emptyCounters();
      operations.clear();
      callers.clear();
      hours.clear();
    },
  };
}

export interface MeterReport {
  generatedAt: string;
  totals: MeterCounters;
  /** Operations, most points first (ties by key). */
  operations: Array<OperationMeter & { key: string; pointsShare: number }>;
  callers: Array<MeterCounters & { caller: string }>;
  hours: Array<MeterCounters & { hourStart: string }>;
  quota: QuotaSnapshot;
}

/** The JSON document `GET /__local/meter` returns. Pure: same inputs, same report. */
export function meterReport(snapshot: MeterSnapshot, quota: QuotaSnapshot, nowMs: number): MeterReport {
  const total = snapshot.totals.points;
  const operations = Object.entries(snapshot.operations)
    .map(([key, op]) => ({ key, ...op, pointsShare: total === 0 ? 0 : op.points / total }))
    .sort((a, b) => b.points - a.points || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    generatedAt: new Date(nowMs).toISOString(),
    totals: copyCounters(snapshot.totals),
    operations,
    callers: Object.entries(snapshot.callers).map(([caller, c]) => ({ caller, ...c })),
    hours: Object.entries(snapshot.hours).map(([hourStart, c]) => ({ hourStart, ...c })),
    quota,
  };
}
