/** Key-ordered paging shared by the repositories: the cursor is the last key returned (stable across writes). */
import type { Page, PageRequest } from '../../core/ports';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const sortByKey = <T>(items: readonly T[], keyOf: (t: T) => string): T[] =>
  [...items].sort((a, b) => byString(keyOf(a), keyOf(b)));

/** One page of `sorted` after the cursor. */
export const keyPage = <T>(sorted: readonly T[], keyOf: (t: T) => string, request: PageRequest): Page<T> => {
  const cursor = request.cursor;
  const start = cursor === null ? 0 : sorted.findIndex((t) => keyOf(t) > cursor);
  const from = start === -1 ? sorted.length : start;
  const items = sorted.slice(from, from + Math.max(1, request.limit));
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: from + items.length < sorted.length && last !== undefined ? keyOf(last) : null,
  };
};

/** JSON with object keys sorted, so two equal values built in different key orders compare equal. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => byString(a, b)))
      : v,
  );
