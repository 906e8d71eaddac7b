import type { DomainError } from '../../errors';
import type { ScanCursorStore } from '../../ports';
import { ok, type Result } from '../../result';
import { progressOf, type ScanProgress } from './scan-progress';

export interface GetScanProgressDeps {
  readonly scanCursors: ScanCursorStore;
}

/** The scan's progress (store read only: no REST points). */
export const getScanProgress = async (
  deps: GetScanProgressDeps,
  _input: Record<string, never> = {},
): Promise<Result<ScanProgress, DomainError>> => ok(progressOf(await deps.scanCursors.get()));
