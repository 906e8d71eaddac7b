/**
 * The four pagination styles of the APIs the app reads (atlassian-identity.md §4), as cursor helpers. A
 * cursor handed to the core is opaque: offsets for Jira / JSM / Confluence v1, the server's own cursor for
 * Confluence v2.
 */
import type { Page } from '../../core/ports/directory';
import { UpstreamError } from '../../core/ports/errors';

/** Offset cursor → start index; a cursor the layer did not produce is a caller bug surfaced as a typed error. */
export function offsetOf(cursor: string | null, operation: string): number {
  if (cursor === null) return 0;
  const n = Number(cursor);
  if (!Number.isInteger(n) || n < 0)
    throw new UpstreamError({
      code: 'UPSTREAM.UNEXPECTED_RESPONSE',
      message: `${operation}: bad cursor`,
      operation,
    });
  return n;
}

/** Jira `startAt/maxResults/isLast`: next offset unless the page says it is the last (or came back short). */
export function jiraNext(
  startAt: number,
  got: number,
  asked: number,
  page: { readonly isLast?: boolean | undefined; readonly total?: number | undefined },
): string | null {
  if (page.isLast === true || got === 0) return null;
  if (page.isLast === undefined && (got < asked || (page.total !== undefined && startAt + got >= page.total)))
    return null;
  return String(startAt + got);
}

/** JSM `start/limit/isLastPage`. */
export function jsmNext(
  start: number,
  got: number,
  page: { readonly isLastPage?: boolean | undefined },
): string | null {
  if (page.isLastPage === true || got === 0) return null;
  return String(start + got);
}

/** Confluence v1 `start/limit/_links.next`: a next link means more. */
export function confluenceV1Next(
  start: number,
  got: number,
  page: { readonly _links?: { readonly next?: string | undefined } | undefined },
): string | null {
  return page._links?.next !== undefined && got > 0 ? String(start + got) : null;
}

/** Confluence v2: the `cursor` query parameter of the next link (`Link` header or `_links.next`). */
export function confluenceV2Cursor(nextLink: string | null): string | null {
  if (nextLink === null) return null;
  const query = nextLink.includes('?') ? nextLink.slice(nextLink.indexOf('?') + 1) : '';
  return new URLSearchParams(query).get('cursor');
}

/** Walk every page of a listing (each page read exactly once). */
export async function collectAll<T>(readPage: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await readPage(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/** Split a list into chunks of at most `size` (bulk endpoints). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
