/**
 * Scheduled triggers on the virtual clock (forge-platform.md §3.4): each manifest scheduledTrigger fires
 * once per interval at a consistent per-installation offset (a hash of cloudId + module key), starting
 * about 5 minutes after "deploy" (runtime creation). A fire that is due while the previous run of the same
 * trigger is still going is skipped, and an instant the clock jumped over is not back-filled (only the
 * latest missed slot fires); seeded chaos can add Forge's "small chance of duplicated invocations".
 */
import type { VirtualClock } from '../clock/virtual-clock';
import { SCHEDULE_INTERVALS, type ScheduledTriggerDef } from './manifest';
import { stableHash } from './seeded-random';

export interface ScheduleState {
  key: string;
  functionKey: string;
  interval: ScheduledTriggerDef['interval'];
  offsetMs: number;
  nextAt: number;
  fired: number;
  skipped: number;
  running: boolean;
}

export interface SchedulerOptions {
  clock: VirtualClock;
  cloudId: string;
  triggers: ScheduledTriggerDef[];
  startDelayMs: number;
  fire: (trigger: ScheduledTriggerDef) => Promise<void>;
  random: () => number;
  duplicateRate: number;
}

export class Scheduler {
  private readonly states: { def: ScheduledTriggerDef; state: ScheduleState }[];

  constructor(private readonly o: SchedulerOptions) {
    const anchor = o.clock.now() + o.startDelayMs;
    this.states = o.triggers.map((def) => {
      const interval = SCHEDULE_INTERVALS[def.interval];
      const offsetMs = stableHash(`${o.cloudId}|${def.key}`) % interval;
      // First slot ≥ anchor with slot ≡ offset (mod interval), epoch-aligned.
      const base = anchor - ((((anchor - offsetMs) % interval) + interval) % interval);
      const nextAt = base < anchor ? base + interval : base;
      return {
        def,
        state: {
          key: def.key,
          functionKey: def.functionKey,
          interval: def.interval,
          offsetMs,
          nextAt,
          fired: 0,
          skipped: 0,
          running: false,
        },
      };
    });
  }

  list(): readonly ScheduleState[] {
    return this.states.map((s) => s.state);
  }

  nextDueAt(): number | undefined {
    const times = this.states.map((s) => s.state.nextAt);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** Fires every trigger whose slot has come. Returns how many invocations ran. */
  async runDue(): Promise<number> {
    const now = this.o.clock.now();
    let runs = 0;
    for (const { def, state } of this.states) {
      if (state.nextAt > now) continue;
      const interval = SCHEDULE_INTERVALS[def.interval];
      const missed = Math.floor((now - state.nextAt) / interval);
      state.skipped += missed;
      state.nextAt += (missed + 1) * interval;
      if (state.running) {
        state.skipped += 1;
        continue;
      }
      state.running = true;
      try {
        await this.o.fire(def);
        state.fired += 1;
        runs += 1;
        if (this.o.duplicateRate > 0 && this.o.random() < this.o.duplicateRate) {
          await this.o.fire(def);
          state.fired += 1;
          runs += 1;
        }
      } finally {
        state.running = false;
      }
    }
    return runs;
  }
}

/**
 * What a scheduled function must answer. Forge "Scheduled triggers" function reference, section "Response":
 * `statusCode` (integer) is required; "The platform recognizes a status code of 204 as success, and status
 * codes in the 500 series as errors"; "If the response from your app does not follow that structure, the
 * platform records an error with a status code of 424 Failed dependency". The runtime records both errors
 * as a failed invocation (the trigger is not retried either way). Other integer codes are not described:
 * they count as success here (docs/assumptions.md, VERIFY).
 */
export class ScheduledResponseError extends Error {
  override readonly name = 'ScheduledResponseError';
  constructor(readonly statusCode: number) {
    super(
      statusCode === 424
        ? 'The scheduled function did not return { statusCode } (Forge records 424 Failed dependency)'
        : `The scheduled function answered statusCode ${statusCode} (an error)`,
    );
  }
}

export function checkScheduledResponse(value: unknown): void {
  const statusCode =
    typeof value === 'object' && value !== null ? (value as { statusCode?: unknown }).statusCode : undefined;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode)) throw new ScheduledResponseError(424);
  if (statusCode >= 500 && statusCode <= 599) throw new ScheduledResponseError(statusCode);
}
