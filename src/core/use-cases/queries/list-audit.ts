/**
 * list-audit: the audit log, newest first, optionally for one plan. Site admins see every entry; project and
 * space admins see entries about their desks and about persons touching their desks or spaces. Each entry
 * says whether an undo would revert it now (`undoable`) and which entry undid it (`undoneBy`): undo entries
 * on the same page answer that for free; other applied changes ask the log once each.
 */
import type { DomainError } from '../../errors';
import type { AuditEntry, Viewer } from '../../model';
import type { AuditLog, PageRequest, PersonStore } from '../../ports';
import { ok, type Result } from '../../result';
import { whyNotUndoable } from '../plans/undo-change';
import { canSeeAction, personLookup } from '../shared/visibility';

export interface ListAuditDeps {
  readonly audit: AuditLog;
  readonly persons: PersonStore;
}

export interface ListAuditInput {
  readonly viewer: Viewer;
  readonly planId?: string;
  readonly page: PageRequest;
}

export interface AuditItem extends AuditEntry {
  /** audit/undo would revert this change now. */
  readonly undoable: boolean;
  /** The entry that undid this one, if any. */
  readonly undoneBy: string | null;
}

const withUndoState = async (audit: AuditLog, entries: readonly AuditEntry[]): Promise<AuditItem[]> => {
  const undoneBy = new Map<string, string>();
  for (const entry of entries) {
    if (entry.undoOf !== null && (entry.outcome === 'undone' || entry.outcome === 'already-in-place')) {
      undoneBy.set(entry.undoOf, entry.id);
    }
  }
  const items: AuditItem[] = [];
  for (const entry of entries) {
    const candidate = whyNotUndoable(entry) === null;
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
    return ok({ items: await withUndoState(deps.audit, page.items), nextCursor: page.nextCursor });
  }
  const personOf = personLookup(deps.persons);
  const visible: AuditEntry[] = [];
  for (const entry of page.items) {
    const person = entry.action.accountId === null ? null : await personOf(entry.action.accountId);
    if (canSeeAction(input.viewer, entry.action, person)) visible.push(entry);
  }
  return ok({ items: await withUndoState(deps.audit, visible), nextCursor: page.nextCursor });
};
