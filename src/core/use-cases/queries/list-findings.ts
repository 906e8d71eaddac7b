/**
 * list-findings: one server-side page of findings within the viewer's scope, filtered by code, severity,
 * desk and space, or searched by email (normalised to its email key first; raw emails are never compared).
 */
import { domainError, type DomainError } from '../../errors';
import { canSeeFinding, type Finding, toEmailKey, type Viewer } from '../../model';
import type { FindingStore, PageRequest } from '../../ports';
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
  /** Stored findings matching the same query (the store's summary of it), at the time of this call. */
  readonly total: number;
}

export const MAX_PAGE = 100;

export const listFindings = async (
  deps: ListFindingsDeps,
  input: ListFindingsInput,
): Promise<Result<FindingsPage, DomainError>> => {
  const query = scopedQuery(input.viewer, input.filter);
  if (query === null) return ok({ items: [], nextCursor: null, total: 0 });
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
  const summary = await deps.findings.summarize(scoped);
  return ok({
    items: page.items.filter((f) => canSeeFinding(input.viewer, f)),
    nextCursor: page.nextCursor,
    total: summary.total,
  });
};
