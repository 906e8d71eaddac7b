/**
 * list-findings: one server-side page of findings within the viewer's scope, filtered by code, severity,
 * desk and space, or searched by email (normalised to its email key first; raw emails are never compared).
 */
import { domainError, type DomainError } from '../../errors';
import { canSeeFinding, type Finding, toEmailKey, type Viewer } from '../../model';
import type { FindingQuery, FindingStore, Page, PageRequest } from '../../ports';
import { err, ok, type Result } from '../../result';
import { type FindingFilter, scopedQuery } from '../shared/visibility';

export interface ListFindingsDeps {
  readonly findings: FindingStore;
}

export interface ListFindingsInput {
  readonly viewer: Viewer;
  readonly filter?: FindingFilter & { readonly email?: string };
  readonly page: PageRequest;
}

export interface FindingsPage {
  readonly items: readonly Finding[];
  readonly nextCursor: string | null;
  /**
   * Stored findings matching the same query at the time of this call, counted until TOTAL_COUNT_CAP is
   * reached; when more remain, `totalIsLowerBound` is true and the panel shows "500+".
   */
  readonly total: number;
  readonly totalIsLowerBound: boolean;
}

export const MAX_PAGE = 100;

/**
 * How far a findings page counts. An exact total of 100k stored findings means reading every row on every
 * page (seconds per call: docs/performance.md); the Overview's summary gives the exact counts by code.
 */
export const TOTAL_COUNT_CAP = 500;

/** Count the findings matching `query`, stopping at `cap` (pages of the store's own listing). */
export const countUpTo = async (
  findings: FindingStore,
  query: FindingQuery,
  cap: number,
): Promise<{ readonly total: number; readonly totalIsLowerBound: boolean }> => {
  let total = 0;
  let cursor: string | null = null;
  do {
    const page: Page<Finding> = await findings.list(query, { cursor, limit: MAX_PAGE });
    total += page.items.length;
    cursor = page.nextCursor;
  } while (cursor !== null && total < cap);
  return { total, totalIsLowerBound: cursor !== null };
};

export const listFindings = async (
  deps: ListFindingsDeps,
  input: ListFindingsInput,
): Promise<Result<FindingsPage, DomainError>> => {
  const query = scopedQuery(input.viewer, input.filter);
  if (query === null) return ok({ items: [], nextCursor: null, total: 0, totalIsLowerBound: false });
  let subjectKeys: string[] | undefined;
  if (input.filter?.email !== undefined) {
    const key = toEmailKey(input.filter.email);
    if (key === null)
      return err(domainError({ code: 'INPUT.INVALID', message: 'That is not an email address.' }));
    subjectKeys = [key];
  }
  const scoped = subjectKeys === undefined ? query : { ...query, subjectKeys };
  const page = await deps.findings.list(scoped, {
    cursor: input.page.cursor,
    limit: Math.min(Math.max(1, input.page.limit), MAX_PAGE),
  });
  const counted = await countUpTo(deps.findings, scoped, TOTAL_COUNT_CAP);
  return ok({
    items: page.items.filter((f) => canSeeFinding(input.viewer, f)),
    nextCursor: page.nextCursor,
    ...counted,
  });
};
