/**
 * start-scan: begin a full scan. `resume` (the default) returns the one already running (never two at
 * once: the cursor is created with compare-and-set); `restart` replaces a running scan with a new one: the
 * new cursor is saved over the running one by compare-and-set, so the old chain's next step loses its save
 * and its pending `scan-page` jobs name a scan id that is no longer current (they are dropped), and the old
 * scan's working set is cleared. Reads the site (info, desks, relevant groups, linked spaces) once, stores
 * it as the snapshot every later use case works from, and fixes the source list.
 */
import type { DomainError } from '../../errors';
import type { Clock, IdSource, PointsBudget, ScanCursor, ScanCursorStore, ScanWorkingSet } from '../../ports';
import { ok, type Result } from '../../result';
import { createMeter } from '../shared/points';
import { readSiteSnapshot, type SiteDeps } from '../shared/site-context';
import { progressOf, type ScanProgress } from './scan-progress';
import { planScanSources } from './scan-sources';

export interface StartScanDeps extends SiteDeps {
  readonly scanCursors: ScanCursorStore;
  readonly workingSet: ScanWorkingSet;
  readonly budget: PointsBudget;
  readonly ids: IdSource;
  readonly clock: Clock;
}

export interface StartScanInput {
  readonly now: number;
  /** `resume` (default): a running scan is returned as it is; `restart`: it is replaced by a new one. */
  readonly mode?: 'resume' | 'restart';
}

export interface StartScanOutput {
  /** False when a scan was already running and kept (its progress is returned). */
  readonly started: boolean;
  /** The running scan this start replaced (`restart` only), or null. */
  readonly replacedScanId: string | null;
  readonly progress: ScanProgress;
}

/**
 * Saves the restart may retry: the running chain keeps saving its cursor while the site is read, and each of
 * its saves makes the compare-and-set fail once. Bounded, so two restarts racing each other cannot loop.
 */
const RESTART_SAVE_ATTEMPTS = 5;

const running = (cursor: ScanCursor | null): cursor is ScanCursor =>
  cursor !== null && cursor.finishedAt === null;

export const startScan = async (
  deps: StartScanDeps,
  input: StartScanInput,
): Promise<Result<StartScanOutput, DomainError>> => {
  const restart = input.mode === 'restart';
  const current = await deps.scanCursors.get();
  if (running(current) && !restart)
    return ok({ started: false, replacedScanId: null, progress: progressOf(current) });

  const meter = createMeter(deps.budget);
  const policy = await deps.policies.get();
  const snapshot = await readSiteSnapshot(deps, meter, policy, input.now);
  if (!snapshot.ok) return snapshot;
  await deps.siteSnapshots.put(snapshot.value);

  const sources = planScanSources(snapshot.value, policy);
  const next: ScanCursor = {
    scanId: deps.ids.next(),
    startedAt: input.now,
    source: sources[0] as string,
    cursor: null,
    sourcesDone: 0,
    sourcesTotal: sources.length,
    finishedAt: null,
    sources,
    sourceItems: 0,
    accountsSeen: 0,
    personsEvaluated: 0,
    pointsUsed: meter.used(),
    updatedAt: input.now,
  };
  let expected = current;
  for (let attempt = 1; !(await deps.scanCursors.save(next, expected)); attempt += 1) {
    const latest = await deps.scanCursors.get();
    // Only the scan this start read may be replaced (it moved on, or finished, meanwhile): a different one
    // was started by another invocation between our read and our write, and that one is the running scan.
    const sameScan = latest !== null && latest.scanId === current?.scanId;
    if (!restart || !sameScan || attempt >= RESTART_SAVE_ATTEMPTS)
      return ok({ started: false, replacedScanId: null, progress: progressOf(latest) });
    expected = latest;
  }
  const replaced = running(expected) ? expected.scanId : null;
  if (replaced !== null) await deps.workingSet.clear(replaced);
  return ok({ started: true, replacedScanId: replaced, progress: progressOf(next) });
};
