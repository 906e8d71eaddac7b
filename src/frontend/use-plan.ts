/**
 * Plan preview → apply → progress → undo. The resolver builds the plan and decides what is safe; the hook
 * only carries the admin's choices (unticked review actions, the blast-radius confirmation) to plan/apply,
 * then follows the plan's audit entries (audit/list by planId) as application progress.
 */
import { useCallback, useState } from 'react';
import { RESOLVER_NAMES } from '../contracts';
import { useCall } from './use-call';

export const PROGRESS_PAGE_SIZE = 100;

export const usePlan = () => {
  const preview = useCall(RESOLVER_NAMES.planPreview);
  const apply = useCall(RESOLVER_NAMES.planApply);
  const progress = useCall(RESOLVER_NAMES.auditList);
  const undo = useCall(RESOLVER_NAMES.auditUndo);
  const [skipped, setSkipped] = useState<ReadonlySet<string>>(new Set());
  const [confirmed, setConfirmed] = useState(false);

  const resetAll = useCallback(() => {
    preview.reset();
    apply.reset();
    progress.reset();
    undo.reset();
    setSkipped(new Set());
    setConfirmed(false);
  }, [preview, apply, progress, undo]);

  const open = useCallback(
    (findingIds: readonly string[]) => {
      resetAll();
      void preview.run({ findingIds: [...findingIds] });
    },
    [resetAll, preview],
  );

  const toggleSkip = useCallback((key: string) => {
    setSkipped((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  }, []);

  const planId = preview.state.status === 'ready' ? preview.state.data.id : null;

  const refreshProgress = useCallback(() => {
    if (planId !== null) void progress.run({ planId, limit: PROGRESS_PAGE_SIZE });
  }, [planId, progress]);

  const applyPlan = useCallback(() => {
    if (planId === null) return;
    void apply.run({ planId, confirm: confirmed, skipActionKeys: [...skipped] }).then((envelope) => {
      if (envelope.ok && envelope.data.status === 'queued') {
        void progress.run({ planId, limit: PROGRESS_PAGE_SIZE });
      }
    });
  }, [planId, apply, confirmed, skipped, progress]);

  const undoEntry = useCallback(
    (auditId: string) => {
      void undo.run({ auditId }).then((envelope) => {
        if (envelope.ok && planId !== null) void progress.run({ planId, limit: PROGRESS_PAGE_SIZE });
      });
    },
    [undo, planId, progress],
  );

  return {
    isOpen: preview.state.status !== 'idle',
    preview: preview.state,
    apply: apply.state,
    progress: progress.state,
    undo: undo.state,
    skipped,
    confirmed,
    open,
    close: resetAll,
    toggleSkip,
    setConfirmed,
    applyPlan,
    refreshProgress,
    undoEntry,
  };
};

export type PlanHook = ReturnType<typeof usePlan>;
