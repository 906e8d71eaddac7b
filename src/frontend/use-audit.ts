/** The audit log, newest first as the resolver pages it, with undo of one entry and a reload after it. */
import { useCallback, useEffect, useState } from 'react';
import { RESOLVER_NAMES } from '../contracts';
import { useCall } from './use-call';
import { useCursorPages } from './use-cursor-pages';

export const AUDIT_PAGE_SIZE = 25;

export const useAudit = () => {
  const list = useCall(RESOLVER_NAMES.auditList);
  const undo = useCall(RESOLVER_NAMES.auditUndo);
  const pages = useCursorPages();
  const [token, setToken] = useState(0);
  const [undoing, setUndoing] = useState<string | null>(null);
  const { run } = list;
  const { cursor } = pages;

  useEffect(() => {
    void run({ limit: AUDIT_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
  }, [run, cursor, token]);

  const reload = useCallback(() => setToken((t) => t + 1), []);
  const nextCursor = list.state.status === 'ready' ? list.state.data.cursor : null;
  const next = useCallback(() => {
    if (nextCursor) pages.next(nextCursor);
  }, [nextCursor, pages]);

  const { run: runUndo } = undo;
  const undoEntry = useCallback(
    (auditId: string) => {
      setUndoing(auditId);
      void runUndo({ auditId }).then((envelope) => {
        setUndoing(null);
        if (envelope.ok) reload();
      });
    },
    [runUndo, reload],
  );

  return {
    state: list.state,
    undo: undo.state,
    undoing,
    page: pages.page,
    hasNext: nextCursor !== null,
    next,
    previous: pages.previous,
    reload,
    undoEntry,
  };
};
