/**
 * list-audit: the audit log, newest first, optionally for one plan. Site admins see every entry; project and
 * space admins see entries about their desks and about persons touching their desks or spaces.
 */
import type { DomainError } from '../../errors';
import type { AuditEntry, Viewer } from '../../model';
import type { AuditLog, PageRequest, PersonStore } from '../../ports';
import { ok, type Result } from '../../result';
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

export const listAudit = async (
  deps: ListAuditDeps,
  input: ListAuditInput,
): Promise<
  Result<{ readonly items: readonly AuditEntry[]; readonly nextCursor: string | null }, DomainError>
> => {
  const page = await deps.audit.list(
    { cursor: input.page.cursor, limit: Math.min(Math.max(1, input.page.limit), 100) },
    input.planId,
  );
  if (input.viewer.kind === 'site-admin') return ok({ items: page.items, nextCursor: page.nextCursor });
  const personOf = personLookup(deps.persons);
  const items: AuditEntry[] = [];
  for (const entry of page.items) {
    const person = entry.action.accountId === null ? null : await personOf(entry.action.accountId);
    if (canSeeAction(input.viewer, entry.action, person)) items.push(entry);
  }
  return ok({ items, nextCursor: page.nextCursor });
};
