/**
 * Applying one change action through the ports, audited with the membership before and after. The write is
 * skipped when the action is already in place (outcome `already-in-place`), so replays never double-write.
 * Every attempt leaves exactly one audit entry: applied / undone, already-in-place, or failed with its code.
 * A write is preceded by its entry in state `started`, settled once the answer is known, so no write the
 * app sent is ever missing from the log (crash.test.ts, docs/reliability.md §2). An answer that does not say
 * whether the write landed (5xx or no answer after every retry, or an unreadable answer) is settled by reading
 * the membership back: the entry says what the site holds, and stays `started` (outcome unknown) only when
 * that read fails too (docs/reliability.md §8, case 1).
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
  readonly directory: Directory;
  readonly serviceDesks: ServiceDesks;
}

/** Membership the action establishes: additions make the account a member, removals take it out. */
export const targetMembership = (action: ChangeAction): boolean =>
  action.type === 'addToGroup' || action.type === 'addCustomerToDesk';

/**
 * Is the account a member now? Group membership is read live (the account's groups). Desk membership is read
 * live from the desk's customer list and decided by account id. JSM's `query` matches visible emails only
 * (atlassian-identity.md, the site's SEARCH_MATCHES_HIDDEN_EMAIL): a profile-visible email narrows the list
 * to one search page; a hidden or unknown email walks the whole list (the JSM API cannot list one account's
 * desks). Before, a hidden email was searched too, the customer read as "not a member", and undo skipped the
 * removal as already in place (issue 15 case 3).
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
  // Only a profile-visible email can match the search; a hidden one (read through the email API) is walked.
  const email = account?.emailSource === 'profile' ? account.email : null;
  return deskListHolds(deps, meter, action.deskId, action.accountId, email ?? undefined);
};

/** Does the desk's customer list (narrowed by `email` when given) hold the account id? */
const deskListHolds = async (
  deps: { readonly serviceDesks: ServiceDesks },
  meter: Meter,
  deskId: string,
  accountId: string,
  email: string | undefined,
): Promise<Result<boolean, DomainError>> => {
  let cursor: string | null = null;
  do {
    const page = await meter.run(
      identityRead(LIMITS.deskCustomersPage),
      () => deps.serviceDesks.customersOfDesk(deskId, { cursor, limit: LIMITS.deskCustomersPage }, email),
      (p) => identityRead(p.items.length),
    );
    if (!page.ok) return page;
    if (page.value.items.includes(accountId)) return ok(true);
    cursor = page.value.nextCursor;
  } while (cursor !== null);
  return ok(false);
};

/**
 * Errors after which the write may have landed: no answer or 5xx after every retry (UPSTREAM.UNAVAILABLE),
 * or an answer the adapter could not read. A refusal (403, 404, 400, 429) means the site did not act.
 */
const isAmbiguousWriteError = (error: DomainError): boolean =>
  error.code === 'UPSTREAM.UNAVAILABLE' || error.code === 'UPSTREAM.UNEXPECTED_RESPONSE';

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
  /** The account the action is about, as known (read back by {@link currentMembership} after an ambiguous answer). */
  readonly account: Account | undefined;
}

export interface ChangeFailure {
  /** `failed`, or `started` when the write may have landed and the read back failed (outcome unknown). */
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
    if (isAmbiguousWriteError(written.error)) {
      // The site may have acted and lost the answer (case 1): what it holds now settles the entry.
      const now = await currentMembership(deps, meter, request.action, request.account);
      if (!now.ok) return err({ entry: started, error: written.error });
      if (now.value === target) {
        const landed: AuditEntry = {
          ...started,
          outcome: request.undoOf === null ? 'applied' : 'undone',
          after: { member: target },
        };
        await deps.audit.settle(landed);
        return ok(landed);
      }
    }
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
