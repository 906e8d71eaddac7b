/**
 * start-scan: begin a full scan, or return the one already running (never two at once: the cursor is
 * created with compare-and-set). Reads the site (info, desks, relevant groups, linked spaces) once, stores
 * it as the snapshot every later use case works from, and fixes the source list.
 */
import type { DomainError } from '../../errors';
import type { Clock, IdSource, PointsBudget, ScanCursor, ScanCursorStore } from '../../ports';
import { ok, type Result } from '../../result';
import { createMeter } from '../shared/points';
import { readSiteSnapshot, type SiteDeps } from '../shared/site-context';
import { progressOf, type ScanProgress } from './scan-progress';
import { planScanSources } from './scan-sources';

export interface StartScanDeps extends SiteDeps {
  readonly scanCursors: ScanCursorStore;
  readonly budget: PointsBudget;
  readonly ids: IdSource;
  readonly clock: Clock;
}

export interface StartScanOutput {
  /** False when a scan was already running (its progress is returned). */
  readonly started: boolean;
  readonly progress: ScanProgress;
}

export const startScan = async (
  deps: StartScanDeps,
  input: { readonly now: number },
): Promise<Result<StartScanOutput, DomainError>> => {
  const current = await deps.scanCursors.get();
  if (current !== null && current.finishedAt === null)
    return ok({ started: false, progress: progressOf(current) });

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
  if (!(await deps.scanCursors.save(next, current))) {
    // Another invocation started one between our read and our write: that one is the running scan.
    return ok({ started: false, progress: progressOf(await deps.scanCursors.get()) });
  }
  return ok({ started: true, progress: progressOf(next) });
};
