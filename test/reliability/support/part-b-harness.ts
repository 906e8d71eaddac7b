/**
 * The journeys' harness (test/e2e/journeys/harness.ts: the demo site, the local runtime running the real
 * handlers, log capture) with Forge's time limits measured on the virtual clock instead of the wall clock.
 * The fuzz suites run tens of thousands of invocations on a shared machine, where a garbage-collection or
 * scheduling stall can exceed 25 s of wall time; a time limit there would be a timed assertion (style:
 * no timing in tests), and a late invocation that keeps running could write during the next case.
 */
import { startHarness, type Harness } from '../../e2e/journeys/harness';
import { captureLogs } from './part-b-logs';

export async function startFuzzHarness(): Promise<Harness> {
  captureLogs();
  return startHarness({ timeLimits: { clock: 'virtual' } });
}
