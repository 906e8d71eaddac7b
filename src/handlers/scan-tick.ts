/**
 * One chunk of the resumable scan, shared by the hourly schedule and the queue's `scan-page` jobs: run scan
 * steps from the stored cursor until the chunk's step cap, its points share or the invocation's deadline,
 * then hand the rest to a `scan-page` job (one pending continuation per scan, by its dedupe key). The cursor
 * is saved by compare-and-set after every step, so a chunk that dies resumes where the last one stopped.
 */
import { scanStep } from '../core/use-cases';
import type { Logger, Services } from '../wiring';
import { outcomeOfError, type JobOutcome } from './job-outcome';
import type { ScanPageJob } from './jobs.schema';

/** Steps per chunk: one list page, one batch or one evaluation chunk each. */
export const SCAN_STEPS_PER_CHUNK = 8;
/** Points one chunk may spend; the installation's hourly budget is the real limit. */
export const SCAN_CHUNK_POINTS = 2_000;
/** No step starts this close to the invocation's time limit. */
const DEADLINE_MARGIN_MS = 10_000;
/** A chunk stopped by its points share continues after this pause (other work gets the budget first). */
const TICK_BUDGET_PAUSE_SECONDS = 60;

/**
 * The next chunk of a scan. Its dedupe key names the cursor state it continues from, so two runners at the
 * same state merge, while a continuation lost with a crashed runtime never blocks the next state's.
 */
export const scanPageJob = (scanId: string, cursorUpdatedAt: number | null, now: number): ScanPageJob => ({
  kind: 'scan-page',
  schemaVersion: 1,
  scanId,
  dedupeKey: `scan-page:${scanId}:${cursorUpdatedAt ?? 0}`,
  requestedAt: now,
});

export const scanTick = async (
  services: Services,
  log: Logger,
  input: { readonly now: number; readonly timeLeftMs: number; readonly scanId?: string },
): Promise<JobOutcome> => {
  if (input.scanId !== undefined) {
    const cursor = await services.scanCursors.get();
    if (cursor === null || cursor.scanId !== input.scanId || cursor.finishedAt !== null) {
      return { status: 'dropped', reason: 'scan no longer running' };
    }
  }
  const result = await scanStep(services, {
    now: input.now,
    budgetPoints: SCAN_CHUNK_POINTS,
    deadlineMs: input.now + Math.max(0, input.timeLeftMs - DEADLINE_MARGIN_MS),
    maxSteps: SCAN_STEPS_PER_CHUNK,
  });
  if (!result.ok) return outcomeOfError(result.error, 'scan-page', input.now, log);
  const { progress, stoppedBecause, steps, pointsUsed } = result.value;
  log.info('scan chunk', {
    steps,
    pointsUsed,
    stoppedBecause,
    sourcesDone: progress.sourcesDone,
    sourcesTotal: progress.sourcesTotal,
  });
  // A chunk that made no step (too little time left) leaves the rest to the next schedule, so a chain of
  // continuations cannot spin without progress.
  const continues =
    (steps > 0 && stoppedBecause === 'deadline') ||
    stoppedBecause === 'max-steps' ||
    stoppedBecause === 'tick-budget';
  if (continues && progress.state === 'running' && progress.scanId !== null) {
    await services.continueWith(
      scanPageJob(progress.scanId, progress.updatedAt, services.clock.now()),
      stoppedBecause === 'tick-budget' ? TICK_BUDGET_PAUSE_SECONDS : undefined,
    );
  }
  return { status: 'done', kind: 'scan-page' };
};
