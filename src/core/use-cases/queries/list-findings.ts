/**
 * list-findings: one server-side page of findings within the viewer's scope, filtered by code, severity,
 * desk and space, or searched by any part of an email or a name (model/search.ts): each typed word is a
 * case-insensitive prefix of one of a person's search words; the persons matching every word (at most
 * SEARCH_MAX_PEOPLE, read from the store's word index: shared/search.ts) narrow the page to their findings.
 */
import type { DomainError } from '../../errors';
import { canSeeFinding, displayNameOf, type Finding, type PersonKey, type Viewer } from '../../model';
import type { FindingQuery, FindingStore, Page, PageRequest, PersonStore } from '../../ports';
import { ok, type Result } from '../../result';
import { searchedQuery } from '../shared/search';
import type { FindingFilter } from '../shared/visibility';

export interface ListFindingsDeps {
  readonly findings: FindingStore;
  readonly persons: Pick<PersonStore, 'findByWordPrefix' | 'getMany'>;
}

export interface ListFindingsInput {
  readonly viewer: Viewer;
  readonly filter?: FindingFilter;
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
  /** A search matched more persons than SEARCH_MAX_PEOPLE: only the first ones' findings are listed. */
  readonly searchIsPartial: boolean;
  /** The display name of each person the page's findings are about (left out when every account hides it). */
  readonly subjectNames: ReadonlyMap<string, string>;
}

/** Display names of the persons these findings are about, from their stored snapshots (one batched read). */
export const subjectNamesOf = async (
  persons: Pick<PersonStore, 'getMany'>,
  findings: readonly Finding[],
): Promise<ReadonlyMap<string, string>> => {
  const keys = findings.flatMap((f) =>
    f.subject.type === 'person' ? [f.subject.emailKey as PersonKey] : [],
  );
  if (keys.length === 0) return new Map();
  const found = await persons.getMany(keys);
  const out = new Map<string, string>();
  for (const [key, person] of found) {
    const name = displayNameOf(person);
    if (name !== '') out.set(key, name);
  }
  return out;
};

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
  const searched = await searchedQuery(deps.persons, input.viewer, input.filter);
  if (!searched.ok) return searched;
  const { query, searchIsPartial } = searched.value;
  if (query === null)
    return ok({
      items: [],
      nextCursor: null,
      total: 0,
      totalIsLowerBound: false,
      searchIsPartial,
      subjectNames: new Map(),
    });
  const scoped = query;
  const page = await deps.findings.list(scoped, {
    cursor: input.page.cursor,
    limit: Math.min(Math.max(1, input.page.limit), MAX_PAGE),
  });
  const counted = await countUpTo(deps.findings, scoped, TOTAL_COUNT_CAP);
  const items = page.items.filter((f) => canSeeFinding(input.viewer, f));
  return ok({
    items,
    nextCursor: page.nextCursor,
    ...counted,
    searchIsPartial,
    subjectNames: await subjectNamesOf(deps.persons, items),
  });
};
