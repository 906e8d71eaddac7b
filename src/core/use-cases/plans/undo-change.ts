/**
 * undo-change: undo one audited change, or every change a plan made (inverses in reverse order), as the
 * clicking admin. Each undo reads the live membership, writes the inverse only when needed, and is audited
 * with `undoOf` pointing at the entry it undoes, so the prior state is restored exactly and a second undo is
 * refused. Guided steps were done by hand in Atlassian's admin pages: the app cannot undo them and says so.
 * An inverse the caller cannot make as themselves (a group change by a project or space admin:
 * viewer-capability.ts) is refused with AUTH.FORBIDDEN before any read or write. A customer added to a desk
 * known to be open or public is not attempted, and one JSM refuses to remove because the desk is not closed
 * is not undone either: UNDO.NOT_POSSIBLE, or listed in `notUndone`.
 *
 * An undo never races a write (docs/reliability.md §8): a `started` entry whose write may still be in flight
 * (younger than WRITE_IN_FLIGHT_MS) is refused as still being applied (case 2); an older one is settled first
 * by reading the membership (applied if it landed, failed if it did not) and only then undone. Each entry is
 * claimed before its inverse is written (AuditLog.claimUndo, create-if-absent), so of two simultaneous undos
 * one writes and the other is told the change was already undone or is being undone (case 4).
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
import { applyChange, currentMembership, targetMembership } from '../shared/apply-change';
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

/**
 * How long a `started` write may still land: the longest Forge invocation that writes (an async event
 * consumer, 900 s: "Invocation limits" page, "Additional invocation limits"). After it the invocation that
 * sent the write is over, so the live membership says for good whether it landed.
 */
const WRITE_IN_FLIGHT_MS = 900_000;

const STILL_BEING_APPLIED =
  'This change is still being applied, so it cannot be undone yet. Try again in a few minutes.';
const ALREADY_UNDONE = 'This change was already undone.';
const BEING_UNDONE =
  'This change was already undone, or another undo of it is under way. Refresh the audit log in a moment.';
const DID_NOT_LAND =
  'This change never reached the site (the membership is as it was), so there is nothing to undo.';

/**
 * Why this entry, by itself, cannot be undone (whatever was written after it), or null when it could be.
 * With `now`, a `started` entry whose write may still be in flight cannot be undone yet.
 */
export const whyNotUndoable = (entry: AuditEntry, now?: number): string | null => {
  if (entry.action.type === 'guidedStep') {
    return 'Guided steps are done by hand in Atlassian admin; the app cannot undo them. Reverse the step there.';
  }
  if (entry.undoOf !== null) return 'This entry is itself an undo; apply a new plan instead.';
  if (entry.outcome === 'failed') return 'This change failed, so there is nothing to undo.';
  if (entry.outcome === 'already-in-place')
    return 'This change found the membership already in place and changed nothing.';
  // `started`: the write was sent and its answer is not known (the invocation stopped, or the answer was
  // lost and the read back failed). Once it can no longer be in flight, undo settles it from the live
  // membership and reverts it only if it landed.
  if (entry.outcome !== 'applied' && entry.outcome !== 'started')
    return `Entries with outcome ${entry.outcome} cannot be undone.`;
  if (entry.outcome === 'started' && now !== undefined && now - entry.at < WRITE_IN_FLIGHT_MS)
    return STILL_BEING_APPLIED;
  return null;
};

/** Why this entry cannot be undone, or null when it can. */
const whyNot = async (audit: AuditLog, entry: AuditEntry, now: number): Promise<string | null> => {
  const reason = whyNotUndoable(entry, now);
  if (reason !== null) return reason;
  if ((await audit.findUndo(entry.id)) !== null) return ALREADY_UNDONE;
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
    const reason = await whyNot(deps.audit, entry, input.now);
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
    const original = entry.action as ChangeAction;
    const inverse = inverseOf(original);
    const account = (await personOf(inverse.accountId))?.accounts.find(
      (a) => a.accountId === inverse.accountId,
    );
    // One undo per entry: the claim is taken before any read, so a second click waits for this one.
    if (!(await deps.audit.claimUndo(entry.id, deps.ids.next()))) {
      const by = await deps.audit.findUndo(entry.id);
      notUndone.push({ auditId: entry.id, reason: by === null ? BEING_UNDONE : ALREADY_UNDONE });
      continue;
    }
    if (entry.outcome === 'started') {
      // Past WRITE_IN_FLIGHT_MS: the live membership settles whether the original write landed.
      const landed = await currentMembership(deps, meter, original, account);
      if (!landed.ok) {
        await deps.audit.releaseUndo(entry.id);
        failed = { auditId: entry.id, error: landed.error, madeAs: 'app' };
        break;
      }
      if (landed.value !== targetMembership(original)) {
        await deps.audit.settle({
          ...entry,
          outcome: 'failed',
          errorCode: entry.errorCode ?? 'UPSTREAM.UNAVAILABLE',
        });
        await deps.audit.releaseUndo(entry.id);
        notUndone.push({ auditId: entry.id, reason: DID_NOT_LAND });
        continue;
      }
      await deps.audit.settle({
        ...entry,
        outcome: 'applied',
        after: { member: targetMembership(original) },
      });
    }
    const before = await currentMembership(deps, meter, inverse, account);
    if (!before.ok) {
      await deps.audit.releaseUndo(entry.id);
      failed = { auditId: entry.id, error: before.error, madeAs: 'app' };
      break;
    }
    const result = await applyChange(deps, meter, writer, {
      action: inverse,
      memberBefore: before.value,
      actor,
      planId: entry.planId,
      undoOf: entry.id,
      account,
    });
    if (!result.ok) {
      const error = result.error.error;
      // A failed inverse changed nothing: the claim goes back. An outcome-unknown one keeps it until it lapses.
      if (result.error.entry.outcome === 'failed') await deps.audit.releaseUndo(entry.id);
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
