/**
 * undo-change: undo one audited change, or every change a plan made (inverses in reverse order), as the
 * clicking admin. Each undo reads the live membership, writes the inverse only when needed, and is audited
 * with `undoOf` pointing at the entry it undoes, so the prior state is restored exactly and a second undo is
 * refused. Guided steps were done by hand in Atlassian's admin pages: the app cannot undo them and says so.
 * An inverse the caller cannot make as themselves (a group change by a project or space admin:
 * viewer-capability.ts) is refused with AUTH.FORBIDDEN before any read or write. A customer added to a desk
 * known to be open or public is not attempted, and one JSM refuses to remove because the desk is not closed
 * is not undone either: UNDO.NOT_POSSIBLE, or listed in `notUndone`.
 */
import { domainError, type DomainError } from '../../errors';
import {
  type AuditEntry,
  type ChangeAction,
  inverseOf,
  reachableInverse,
  UNDO_NEEDS_CLOSED_DESK,
  type Viewer,
} from '../../model';
import type {
  AuditLog,
  Clock,
  Directory,
  IdSource,
  Impersonation,
  PlanStore,
  PointsBudget,
} from '../../ports';
import { err, ok, type Result } from '../../result';
import { applyChange, currentMembership } from '../shared/apply-change';
import { type EvaluationDeps, reflectChanges } from '../shared/evaluation';
import { createMeter } from '../shared/points';
import { loadSite, type SiteDeps } from '../shared/site-context';
import { canSeeAction, personLookup } from '../shared/visibility';
import { cannotApplyError, viewerCannotApply } from './viewer-capability';

export interface UndoChangeDeps extends SiteDeps, EvaluationDeps {
  readonly directory: Directory;
  readonly plans: PlanStore;
  readonly audit: AuditLog;
  readonly ids: IdSource;
  readonly clock: Clock;
  readonly budget: PointsBudget;
  readonly impersonation: Impersonation;
}

export interface UndoChangeInput {
  readonly viewer: Viewer;
  readonly target: { readonly auditId: string } | { readonly planId: string };
  readonly actorAccountId: string;
  readonly now: number;
}

export interface UndoChangeOutput {
  /** The undo entries written (outcome `undone`, or `already-in-place` when the prior state had returned). */
  readonly undone: readonly AuditEntry[];
  /** Entries of the plan that were not undone, and why. */
  readonly notUndone: readonly { readonly auditId: string; readonly reason: string }[];
  /** `madeAs`: `user` when the inverse write (made as the clicking admin) failed, `app` for the read before it. */
  readonly failed: {
    readonly auditId: string;
    readonly error: DomainError;
    readonly madeAs: 'user' | 'app';
  } | null;
  readonly pointsUsed: number;
}

/** Why this entry, by itself, cannot be undone (whatever was written after it), or null when it could be. */
export const whyNotUndoable = (entry: AuditEntry): string | null => {
  if (entry.action.type === 'guidedStep') {
    return 'Guided steps are done by hand in Atlassian admin; the app cannot undo them. Reverse the step there.';
  }
  if (entry.undoOf !== null) return 'This entry is itself an undo; apply a new plan instead.';
  if (entry.outcome === 'failed') return 'This change failed, so there is nothing to undo.';
  if (entry.outcome === 'already-in-place')
    return 'This change found the membership already in place and changed nothing.';
  // `started`: the invocation stopped after sending the write; undo reads the live membership, so it
  // reverts the change if it landed and records `already-in-place` if it did not.
  if (entry.outcome !== 'applied' && entry.outcome !== 'started')
    return `Entries with outcome ${entry.outcome} cannot be undone.`;
  return null;
};

/** Why this entry cannot be undone, or null when it can. */
const whyNot = async (audit: AuditLog, entry: AuditEntry): Promise<string | null> => {
  const reason = whyNotUndoable(entry);
  if (reason !== null) return reason;
  if ((await audit.findUndo(entry.id)) !== null) return 'This change was already undone.';
  return null;
};

export const undoChange = async (
  deps: UndoChangeDeps,
  input: UndoChangeInput,
): Promise<Result<UndoChangeOutput, DomainError>> => {
  let entries: AuditEntry[];
  let targetId: string;
  if ('auditId' in input.target) {
    targetId = input.target.auditId;
    const entry = await deps.audit.get(targetId);
    if (entry === null)
      return err(
        domainError({ code: 'UNDO.NOT_POSSIBLE', message: 'No such audit entry.', auditId: targetId }),
      );
    entries = [entry];
  } else {
    targetId = input.target.planId;
    const application = await deps.plans.getApplication(targetId);
    if (application === null) {
      return err(
        domainError({ code: 'PLAN.NOT_FOUND', message: 'This plan was never applied.', planId: targetId }),
      );
    }
    entries = [];
    for (const id of application.auditIds) {
      const entry = await deps.audit.get(id);
      if (entry !== null) entries.push(entry);
    }
    entries.reverse();
  }

  const personOf = personLookup(deps.persons);
  for (const entry of entries) {
    if (!canSeeAction(input.viewer, entry.action, await personOf(entry.action.accountId ?? ''))) {
      return err(
        domainError({
          code: 'AUTH.FORBIDDEN',
          message: 'This change is outside your scope.',
          required: 'scope of the change',
        }),
      );
    }
  }
  const notUndone: { auditId: string; reason: string }[] = [];
  const todo: AuditEntry[] = [];
  for (const entry of entries) {
    const reason = await whyNot(deps.audit, entry);
    if (reason === null) todo.push(entry);
    else notUndone.push({ auditId: entry.id, reason });
  }
  if (todo.length === 0) {
    return err(
      domainError({
        code: 'UNDO.NOT_POSSIBLE',
        message: notUndone[0]?.reason ?? 'Nothing to undo.',
        auditId: targetId,
      }),
    );
  }
  const cannot = todo.flatMap(
    (entry) => viewerCannotApply(input.viewer, inverseOf(entry.action as ChangeAction)) ?? [],
  );
  if (cannot.length > 0) return err(cannotApplyError(cannot));

  const meter = createMeter(deps.budget);
  const loaded = await loadSite(deps, meter, input.now);
  if (!loaded.ok) return loaded;
  // A customer added to a desk that is not closed cannot be removed through the API (reachableInverse).
  const deskAccess = new Map(loaded.value.site.desks.map((d) => [d.id, d.access]));
  for (const entry of [...todo]) {
    if (reachableInverse(entry.action as ChangeAction, (id) => deskAccess.get(id)) !== null) continue;
    todo.splice(todo.indexOf(entry), 1);
    notUndone.push({ auditId: entry.id, reason: UNDO_NEEDS_CLOSED_DESK });
  }
  if (todo.length === 0) {
    return err(
      domainError({ code: 'UNDO.NOT_POSSIBLE', message: UNDO_NEEDS_CLOSED_DESK, auditId: targetId }),
    );
  }
  const writer = deps.impersonation.writerFor(input.actorAccountId);
  const actor = { type: 'user', accountId: input.actorAccountId } as const;
  const undone: AuditEntry[] = [];
  const inverses: ChangeAction[] = [];
  let failed: UndoChangeOutput['failed'] = null;
  for (const entry of todo) {
    const inverse = inverseOf(entry.action as ChangeAction);
    const account = (await personOf(inverse.accountId))?.accounts.find(
      (a) => a.accountId === inverse.accountId,
    );
    const before = await currentMembership(deps, meter, inverse, account);
    if (!before.ok) {
      failed = { auditId: entry.id, error: before.error, madeAs: 'app' };
      break;
    }
    const result = await applyChange(deps, meter, writer, {
      action: inverse,
      memberBefore: before.value,
      actor,
      planId: entry.planId,
      undoOf: entry.id,
    });
    if (!result.ok) {
      const error = result.error.error;
      if (error.code === 'UPSTREAM.FORBIDDEN' && error.reason === 'desk-not-closed') {
        // JSM refused because the desk is not closed: nothing changed (the attempt is audited as failed).
        notUndone.push({ auditId: entry.id, reason: UNDO_NEEDS_CLOSED_DESK });
        continue;
      }
      failed = { auditId: entry.id, error, madeAs: 'user' };
      break;
    }
    undone.push(result.value);
    inverses.push(inverse);
  }
  if (undone.length === 0 && failed === null) {
    return err(
      domainError({
        code: 'UNDO.NOT_POSSIBLE',
        message: notUndone[notUndone.length - 1]?.reason ?? 'Nothing to undo.',
        auditId: targetId,
      }),
    );
  }
  await reflectChanges(deps, loaded.value.site, inverses);
  return ok({ undone, notUndone, failed, pointsUsed: meter.used() });
};
