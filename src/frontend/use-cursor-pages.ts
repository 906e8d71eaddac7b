/**
 * Server-side paging with the contract's opaque cursors: page n is fetched with the cursor page n-1
 * returned, so "previous" replays a remembered cursor and nothing is paged on the client.
 */
import { useCallback, useState } from 'react';

export interface CursorPages {
  /** 1-based page number shown to the admin. */
  readonly page: number;
  readonly cursor: string | undefined;
  readonly next: (cursor: string) => void;
  readonly previous: () => void;
  readonly restart: () => void;
}

export const useCursorPages = (): CursorPages => {
  const [pages, setPages] = useState<{
    readonly cursors: readonly (string | undefined)[];
    readonly index: number;
  }>({
    cursors: [undefined],
    index: 0,
  });
  const next = useCallback(
    (cursor: string) =>
      setPages((p) => ({ cursors: [...p.cursors.slice(0, p.index + 1), cursor], index: p.index + 1 })),
    [],
  );
  const previous = useCallback(() => setPages((p) => ({ ...p, index: Math.max(0, p.index - 1) })), []);
  const restart = useCallback(() => setPages({ cursors: [undefined], index: 0 }), []);
  return { page: pages.index + 1, cursor: pages.cursors[pages.index], next, previous, restart };
};
