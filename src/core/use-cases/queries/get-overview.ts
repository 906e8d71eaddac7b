/** get-overview: counts by code and severity within the viewer's scope, scan progress, points used vs budget. */
import type { DomainError } from '../../errors';
import { FINDING_CODES, type FindingCode, SEVERITIES, type Severity, type Viewer } from '../../model';
import type { FindingStore, PointsBudget, ScanCursorStore } from '../../ports';
import { ok, type Result } from '../../result';
import { progressOf, type ScanProgress } from '../scan/scan-progress';
import { scopedQuery } from '../shared/visibility';

export interface GetOverviewDeps {
  readonly findings: FindingStore;
  readonly scanCursors: ScanCursorStore;
  readonly budget: PointsBudget;
}

export interface Overview {
  readonly totals: { readonly findings: number; readonly persons: number };
  readonly countsByCode: Readonly<Record<FindingCode, number>>;
  readonly countsBySeverity: Readonly<Record<Severity, number>>;
  readonly scan: ScanProgress;
  readonly points: { readonly used: number; readonly limit: number; readonly resetsAt: number };
  readonly generatedAt: number;
}

export const getOverview = async (
  deps: GetOverviewDeps,
  input: { readonly viewer: Viewer; readonly now: number },
): Promise<Result<Overview, DomainError>> => {
  const query = scopedQuery(input.viewer);
  const summary =
    query === null
      ? { total: 0, byCode: {}, bySeverity: {}, subjects: 0 }
      : await deps.findings.summarize(query);
  const countsByCode = Object.fromEntries(FINDING_CODES.map((c) => [c, summary.byCode[c] ?? 0])) as Record<
    FindingCode,
    number
  >;
  const countsBySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, summary.bySeverity[s] ?? 0]),
  ) as Record<Severity, number>;
  const budget = await deps.budget.status();
  return ok({
    totals: { findings: summary.total, persons: summary.subjects },
    countsByCode,
    countsBySeverity,
    scan: progressOf(await deps.scanCursors.get()),
    points: { used: budget.used, limit: budget.limit, resetsAt: budget.resetsAt },
    generatedAt: input.now,
  });
};
