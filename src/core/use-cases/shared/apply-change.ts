/**
 * Applying one change action through the ports, audited with the membership before and after. The write is
 * skipped when the action is already in place (outcome `already-in-place`), so replays never double-write.
 * Every attempt leaves exactly one audit entry: applied / undone, already-in-place, or failed with its code.
 * A write is preceded by its entry in state `started`, settled once the answer is known, so no write the
 * app sent is ever missing from the log (crash.test.ts, docs/reliability.md §2).
 */
import type { DomainError } from '../../errors';
import type { Account, Actor, AuditEntry, AuditOutcome, ChangeAction } from '../../model';
import type { AuditLog, Clock, Directory, IdSource, ServiceDesks, SiteWriter } from '../../ports';
import { err, ok, type Result } from '../../result';
import { identityRead, LIMITS, type Meter, WRITE_POINTS } from './points';

export interface ApplyChangeDeps {
  readonly audit: AuditLog;
  readonly ids: IdSource;
  readonly clock: Clock;
}

/** Membership the action establishes: additions make the account a member, removals take it out. */
export const targetMembership = (action: ChangeAction): boolean =>
  action.type === 'addToGroup' || action.type === 'addCustomerToDesk';

/**
 * Is the account a member now? Group membership is read live (the account's groups); desk membership is read
 * live by searching the desk's list for the account's email, and taken from the snapshot when the email is
 * unknown (the JSM API cannot list one account's desks).
 */
export const currentMembership = async (
  deps: { readonly directory: Directory; readonly serviceDesks: ServiceDesks },
  meter: Meter,
  action: ChangeAction,
  account: Account | undefined,
): Promise<Result<boolean, DomainError>> => {
  if (action.type === 'addToGroup' || action.type === 'removeFromGroup') {
    if (account?.kind === 'customer') return ok(false); // portal-only accounts never have groups
    const groups = await meter.run(
      identityRead(LIMITS.groupsOfAccountEstimate),
      () => deps.directory.groupsOfAccount(action.accountId),
      (g) => identityRead(g.length),
    );
    return groups.ok ? ok(groups.value.includes(action.groupId)) : groups;
  }
  const email = account?.email ?? null;
  if (email === null) return ok(account?.customerOfDeskIds.includes(action.deskId) ?? false);
  let cursor: string | null = null;
  do {
    const page = await meter.run(
      identityRead(LIMITS.deskCustomersPage),
      () =>
        deps.serviceDesks.customersOfDesk(action.deskId, { cursor, limit: LIMITS.deskCustomersPage }, email),
      (p) => identityRead(p.items.length),
    );
    if (!page.ok) return page;
    if (page.value.items.includes(action.accountId)) return ok(true);
    cursor = page.value.nextCursor;
  } while (cursor !== null);
  return ok(false);
};

const write = (writer: SiteWriter, action: ChangeAction): Promise<void> => {
  switch (action.type) {
    case 'addToGroup':
      return writer.directory.addMember(action.groupId, action.accountId);
    case 'removeFromGroup':
      return writer.directory.removeMember(action.groupId, action.accountId);
    case 'addCustomerToDesk':
      return writer.serviceDesks.addCustomers(action.deskId, [action.accountId]);
    case 'removeCustomerFromDesk':
      return writer.serviceDesks.removeCustomers(action.deskId, [action.accountId]);
  }
};

export interface ChangeRequest {
  readonly action: ChangeAction;
  /** Membership before the change, as read. */
  readonly memberBefore: boolean;
  readonly actor: Actor;
  readonly planId: string | null;
  /** The audit entry this change undoes, if it is an undo. */
  readonly undoOf: string | null;
}

export interface ChangeFailure {
  readonly entry: AuditEntry;
  readonly error: DomainError;
}

export const applyChange = async (
  deps: ApplyChangeDeps,
  meter: Meter,
  writer: SiteWriter,
  request: ChangeRequest,
): Promise<Result<AuditEntry, ChangeFailure>> => {
  const target = targetMembership(request.action);
  const entry = (outcome: AuditOutcome, after: boolean, errorCode: string | null): AuditEntry => ({
    id: deps.ids.next(),
    at: deps.clock.now(),
    actor: request.actor,
    planId: request.planId,
    action: request.action,
    before: { member: request.memberBefore },
    after: { member: after },
    outcome,
    undoOf: request.undoOf,
    errorCode,
  });
  if (request.memberBefore === target) {
    const done = entry('already-in-place', target, null);
    await deps.audit.append(done);
    return ok(done);
  }
  // The entry exists before the write is sent: an invocation that dies after the write (a crash, the time
  // limit) leaves it `started`, which says the write may have landed (and can be undone: undo reads live).
  const started = entry('started', request.memberBefore, null);
  await deps.audit.append(started);
  const written = await meter.run(
    WRITE_POINTS,
    () => write(writer, request.action),
    () => WRITE_POINTS,
  );
  if (!written.ok) {
    const failed: AuditEntry = { ...started, outcome: 'failed', errorCode: written.error.code };
    await deps.audit.settle(failed);
    return err({ entry: failed, error: written.error });
  }
  const done: AuditEntry = {
    ...started,
    outcome: request.undoOf === null ? 'applied' : 'undone',
    after: { member: target },
  };
  await deps.audit.settle(done);
  return ok(done);
};
