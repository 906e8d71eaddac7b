/**
 * The findings table: filter, server-side pages (findings/list with the contract's cursor) and the desks
 * and spaces seen so far (the contract has no directory of them, so the filter offers what the pages showed).
 */
import { useCallback, useEffect, useState } from 'react';
import { RESOLVER_NAMES } from '../contracts';
import { compactFilter } from './filter';
import type { FindingFilter, FindingItem } from './types';
import { useCall, type CallState } from './use-call';
import { useCursorPages } from './use-cursor-pages';

export const FINDINGS_PAGE_SIZE = 25;

export interface FindingsHook {
  readonly state: CallState<{
    readonly items: readonly FindingItem[];
    readonly cursor: string | null;
    readonly total: number;
    readonly totalIsLowerBound: boolean;
    readonly searchIsPartial: boolean;
  }>;
  readonly filter: FindingFilter;
  readonly setFilter: (filter: FindingFilter) => void;
  readonly page: number;
  readonly hasNext: boolean;
  readonly next: () => void;
  readonly previous: () => void;
  readonly reload: () => void;
  readonly seenDeskIds: readonly string[];
  readonly seenSpaceKeys: readonly string[];
}

const union = (a: readonly string[], b: readonly string[]): readonly string[] =>
  b.every((x) => a.includes(x)) ? a : [...new Set([...a, ...b])].sort();

export const useFindings = (): FindingsHook => {
  const list = useCall(RESOLVER_NAMES.findingsList);
  const pages = useCursorPages();
  const [filter, setFilterState] = useState<FindingFilter>({});
  const [token, setToken] = useState(0);
  const [seen, setSeen] = useState({ deskIds: [] as readonly string[], spaceKeys: [] as readonly string[] });
  const { run } = list;
  const { cursor, restart } = pages;

  useEffect(() => {
    const compact = compactFilter(filter);
    void run({
      limit: FINDINGS_PAGE_SIZE,
      ...(compact ? { filter: compact } : {}),
      ...(cursor ? { cursor } : {}),
    }).then((envelope) => {
      if (!envelope.ok) return;
      const items = envelope.data.items;
      setSeen((s) => ({
        deskIds: union(
          s.deskIds,
          items.flatMap((f) => f.scope.deskIds),
        ),
        spaceKeys: union(
          s.spaceKeys,
          items.flatMap((f) => f.scope.spaceKeys),
        ),
      }));
    });
  }, [run, filter, cursor, token]);

  const setFilter = useCallback(
    (next: FindingFilter) => {
      setFilterState(next);
      restart();
    },
    [restart],
  );
  const nextCursor = list.state.status === 'ready' ? list.state.data.cursor : null;
  const next = useCallback(() => {
    if (nextCursor) pages.next(nextCursor);
  }, [nextCursor, pages]);
  const reload = useCallback(() => setToken((t) => t + 1), []);

  return {
    state: list.state,
    filter,
    setFilter,
    page: pages.page,
    hasNext: nextCursor !== null,
    next,
    previous: pages.previous,
    reload,
    seenDeskIds: seen.deskIds,
    seenSpaceKeys: seen.spaceKeys,
  };
};
