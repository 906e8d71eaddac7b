/**
 * The crash/resume flow of reliability part A (test/reliability/crash.test.ts and its pending reproduction):
 * one short demo flow run on a fresh site, optionally with one injected crash (local/forge-runtime/crash.ts),
 * and the final state two runs must agree on.
 */
import path from 'node:path';
import { DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
import type { CrashMode } from '../../../local/forge-runtime';
import type { Harness } from '../../e2e/journeys/harness';
import {
  appWrites,
  applyAllFindings,
  findingSignatures,
  report,
  savePolicy,
  settle,
  siteMemberships,
  startPartA,
  unauditedWrites,
} from './part-a';

/** CRASH_TRACE=1 prints each step's wall time (to find what makes a point slow). */
export const TRACE = process.env.CRASH_TRACE === '1';

export interface Final {
  findings: string[];
  memberships: string[];
  writes: string[];
  unaudited: string[];
  ops: number;
}

type Step = (h: Harness) => Promise<unknown>;

/** Reported case (a): the guest twin of a portal-only customer; its plan adds a customer role and a group. */
const PEOPLE = [DEMO_IDS.graceGuest];

/**
 * A Jira user event per person; a delivery whose invocation failed for good (a thrown error is not retried
 * by the platform) counts as a failed step and is delivered again, standing in for the next change about
 * that person or the hourly scan that would find it.
 */
const deliverEvents: Step = async (h) => {
  for (const accountId of PEOPLE) {
    const results = await h.runtime.deliverProductEvent({
      eventType: 'avi:jira:updated:user',
      payload: { user: { accountId } },
    });
    if (results.some((r) => !r.ok && !r.timedOut)) throw new Error('event delivery failed');
  }
};

/** The flow as the admin and the platform drive it. */
const STEPS: readonly { name: string; run: Step }[] = [
  { name: 'policy/set', run: (h) => savePolicy(h) },
  { name: 'events', run: deliverEvents },
  { name: 'settle', run: (h) => settle(h, 2) },
  { name: 'apply', run: (h) => applyAllFindings(h, 6) },
  { name: 'settle', run: (h) => settle(h, 2) },
];

export type FlowResult = Final & {
  /** `<mode>@<operation kind>` (kvs, site, queue) of the crash that fired, or `none`. */
  fired: string;
  restarts: number;
  repeats: number;
  /** Operations counted before each step began, by step name (the last one of a repeated name wins). */
  stepStarts: Record<string, number>;
};

const opsSoFar = (h: Harness): number =>
  Object.values(h.runtime.crash.report().ops).reduce((a, b) => a + b, 0);

export async function runFlow(
  dir: string,
  crash: { at: number; mode: CrashMode } | null,
): Promise<FlowResult> {
  const kvsFile = path.join(dir, `kvs-${crash?.at ?? 0}-${crash?.mode ?? 'none'}.json`);
  let h = await startPartA({ kvsFile });
  const site = h.site;
  let restarts = 0;
  let repeats = 0;
  let fired = 'none';
  const stepStarts: Record<string, number> = {};
  let opsBefore = 0; // operations of runtimes that died
  try {
    if (crash !== null) h.runtime.crash.arm({ at: crash.at, mode: crash.mode });
    for (const step of STEPS) {
      stepStarts[step.name] = opsBefore + opsSoFar(h);
      for (let attempt = 1; ; attempt++) {
        const t0 = Date.now();
        try {
          await step.run(h);
          break;
        } catch (error) {
          // Only a crash run repeats a failed step (as the admin re-clicks after the error): the clean run
          // must pass first time, so any error there fails the test instead of being retried away.
          if (crash === null || attempt >= 4) throw error;
          repeats += 1;
        } finally {
          if (TRACE)
            report(
              `crash trace ${crash?.mode ?? 'clean'}@${crash?.at ?? 0} ${step.name} ${Date.now() - t0} ms`,
            );
          const state = h.runtime.crash.report();
          if (state.fired !== null && fired === 'none') fired = `${state.fired.mode}@${state.fired.op}`;
          if (state.exited) {
            // The process died: a new runtime on the same KVS file, same clock and site. Queued work is
            // lost; the events are delivered again.
            opsBefore += opsSoFar(h);
            await h.runtime.close();
            // A new process starts with fresh module state: the app's module-level state (e.g. the rate
            // limiter's spacing chains and slots, held by operations parked forever) must not survive.
            jest.resetModules();
            h = await startPartA({ kvsFile, clock: h.clock, site });
            await deliverEvents(h);
            restarts += 1;
          }
        }
      }
    }
    // The flow is over: a point beyond its last operation must not fire in the reads that measure it, and
    // those reads are not counted (a point drawn among them could never fire).
    const ops = opsBefore + opsSoFar(h);
    h.runtime.crash.disarm();
    return {
      findings: await findingSignatures(h),
      memberships: siteMemberships(site),
      writes: appWrites(site),
      unaudited: await unauditedWrites(h),
      ops,
      fired,
      stepStarts,
      restarts,
      repeats,
    };
  } finally {
    await h.runtime.close();
    await site.close();
  }
}
