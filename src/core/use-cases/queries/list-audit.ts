/**
 * list-audit: the audit log, newest first, optionally for one plan. Site admins see every entry; project and
 * space admins see entries about their desks and about persons touching their desks or spaces. Each entry
 * says whether an undo would revert it now (`undoable`) and which entry undid it (`undoneBy`): undo entries
 * on the same page answer that for free; other applied changes ask the log once each. An entry is not
 * undoable when this viewer could not make its inverse (viewer-capability.ts) or JSM would refuse it (a
 * customer added to a desk that is not closed, judged on the stored site snapshot).
 */
import type { DomainError } from '../../errors';
import { type AuditEntry, type ChangeAction, inverseOf, reachableInverse, type Viewer } from '../../model';
import type { AuditLog, PageRequest, PersonStore, SiteSnapshotStore } from '../../ports';
import { ok, type Result } from '../../result';
import { whyNotUndoable } from '../plans/undo-change';
import { viewerCannotApply } from '../plans/viewer-capability';
import { canSeeAction, personLookup } from '../shared/visibility';

export interface ListAuditDeps {
  readonly audit: AuditLog;
  readonly persons: PersonStore;
  /** The stored snapshot's desk access (no REST read): a customer added to an open desk cannot be undone. */
  readonly siteSnapshots: SiteSnapshotStore;
}

export interface ListAuditInput {
  readonly viewer: Viewer;
  readonly planId?: string;
  readonly page: PageRequest;
  /** Epoch ms: a `started` entry whose write may still be in flight is not undoable yet. */
  readonly now: number;
}

export interface AuditItem extends AuditEntry {
  /** audit/undo would revert this change now. */
  readonly undoable: boolean;
  /** The entry that undid this one, if any. */
  readonly undoneBy: string | null;
}

/** Could this viewer undo the entry on this site, leaving aside whether it was undone already? */
const undoCandidate = (
  viewer: Viewer,
  entry: AuditEntry,
  deskAccess: ReadonlyMap<string, 'closed' | 'open' | 'public' | 'unknown'>,
  now: number,
): boolean => {
  if (whyNotUndoable(entry, now) !== null) return false;
  const action = entry.action as ChangeAction;
  return (
    reachableInverse(action, (id) => deskAccess.get(id)) !== null &&
    viewerCannotApply(viewer, inverseOf(action)) === null
  );
};

const withUndoState = async (
  deps: ListAuditDeps,
  viewer: Viewer,
  entries: readonly AuditEntry[],
  now: number,
): Promise<AuditItem[]> => {
  const audit = deps.audit;
  const snapshot = await deps.siteSnapshots.get();
  const deskAccess = new Map((snapshot?.desks ?? []).map((d) => [d.id, d.access]));
  const undoneBy = new Map<string, string>();
  for (const entry of entries) {
    if (entry.undoOf !== null && (entry.outcome === 'undone' || entry.outcome === 'already-in-place')) {
      undoneBy.set(entry.undoOf, entry.id);
    }
  }
  const items: AuditItem[] = [];
  for (const entry of entries) {
    const candidate = undoCandidate(viewer, entry, deskAccess, now);
    let by = undoneBy.get(entry.id) ?? null;
    if (candidate && by === null) by = (await audit.findUndo(entry.id))?.id ?? null;
    items.push({ ...entry, undoable: candidate && by === null, undoneBy: by });
  }
  return items;
};

export const listAudit = async (
  deps: ListAuditDeps,
  input: ListAuditInput,
): Promise<
  Result<{ readonly items: readonly AuditItem[]; readonly nextCursor: string | null }, DomainError>
> => {
  const page = await deps.audit.list(
    { cursor: input.page.cursor, limit: Math.min(Math.max(1, input.page.limit), 100) },
    input.planId,
  );
  if (input.viewer.kind === 'site-admin') {
    return ok({
      items: await withUndoState(deps, input.viewer, page.items, input.now),
      nextCursor: page.nextCursor,
    });
  }
  const personOf = personLookup(deps.persons);
  const visible: AuditEntry[] = [];
  for (const entry of page.items) {
    const person = entry.action.accountId === null ? null : await personOf(entry.action.accountId);
    if (canSeeAction(input.viewer, entry.action, person)) visible.push(entry);
  }
  return ok({
    items: await withUndoState(deps, input.viewer, visible, input.now),
    nextCursor: page.nextCursor,
  });
};
