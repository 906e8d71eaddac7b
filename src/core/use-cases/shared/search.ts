/**
 * Findings search (issue 16 item 3): free text, part of an email or of a name (model/search.ts). Each typed
 * word is a case-insensitive prefix of one of a person's search words; the persons matching every word (at
 * most SEARCH_MAX_PEOPLE per word, read from the store's word index) narrow the query to their findings.
 */
import { domainError, type DomainError } from '../../errors';
import { type PersonKey, queryWordsOf, type Viewer } from '../../model';
import type { FindingQuery, PersonStore } from '../../ports';
import { err, ok, type Result } from '../../result';
import { type FindingFilter, scopedQuery } from './visibility';

/** A search narrows to at most this many persons (per word); more matching sets `searchIsPartial`. */
export const SEARCH_MAX_PEOPLE = 50;

/** The persons matching every word of `text`, or an error when nothing searchable was typed. */
export const searchPersons = async (
  persons: Pick<PersonStore, 'findByWordPrefix'>,
  text: string,
): Promise<Result<{ readonly keys: readonly PersonKey[]; readonly partial: boolean }, DomainError>> => {
  const words = queryWordsOf(text);
  if (words.length === 0)
    return err(domainError({ code: 'INPUT.INVALID', message: 'Type part of an email address or a name.' }));
  const found = [];
  for (const word of words) found.push(await persons.findByWordPrefix(word, SEARCH_MAX_PEOPLE));
  const [first, ...rest] = found;
  const keys = (first?.keys ?? []).filter((k) => rest.every((f) => f.keys.includes(k)));
  return ok({ keys, partial: found.some((f) => f.more) });
};

/**
 * The viewer's scoped query (visibility.ts), narrowed to the persons the filter's `search` finds; `query`
 * is null when nothing can match. Bad search text (nothing searchable) is an INPUT.INVALID error.
 */
export const searchedQuery = async (
  persons: Pick<PersonStore, 'findByWordPrefix'>,
  viewer: Viewer,
  filter: FindingFilter | undefined,
): Promise<
  Result<{ readonly query: FindingQuery | null; readonly searchIsPartial: boolean }, DomainError>
> => {
  const query = scopedQuery(viewer, filter);
  if (filter?.search === undefined) return ok({ query, searchIsPartial: false });
  const found = await searchPersons(persons, filter.search);
  if (!found.ok) return found;
  return ok({
    query: query === null ? null : { ...query, subjectKeys: found.value.keys },
    searchIsPartial: found.value.partial,
  });
};
