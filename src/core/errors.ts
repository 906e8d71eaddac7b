/**
 * Domain errors: a discriminated union on a stable `AREA.PROBLEM` code (style.md rules 22, 24).
 * No HTTP statuses, no Forge types. Entry points map these to their envelope once.
 */
export type DomainError =
  | { code: 'INPUT.INVALID'; message: string; issues?: readonly { path: string; message: string }[] }
  | { code: 'AUTH.FORBIDDEN'; message: string; required: string }
  | { code: 'AUTH.UNAUTHENTICATED'; message: string }
  | { code: 'PLAN.BLAST_RADIUS_EXCEEDED'; message: string; reviewRemovals: number; threshold: number }
  | { code: 'PLAN.NOT_FOUND'; message: string; planId: string }
  | { code: 'PLAN.STALE'; message: string; planId: string }
  | { code: 'PLAN.ALREADY_APPLIED'; message: string; planId: string }
  | { code: 'UNDO.NOT_POSSIBLE'; message: string; auditId: string }
  | { code: 'PERSON.NOT_FOUND'; message: string }
  | { code: 'BUDGET.EXHAUSTED'; message: string; resetsAt: number }
  | { code: 'UPSTREAM.RATE_LIMITED'; message: string; retryAfterMs: number; quotaWall: boolean }
  | {
      code: 'UPSTREAM.FORBIDDEN';
      message: string;
      operation: string;
      /** Set when Atlassian refused because a desk is not closed (removeCustomers answers 400 then). */
      reason?: 'desk-not-closed';
    }
  | { code: 'UPSTREAM.NOT_FOUND'; message: string; operation: string }
  | { code: 'UPSTREAM.UNAVAILABLE'; message: string; operation: string }
  | { code: 'UPSTREAM.UNEXPECTED_RESPONSE'; message: string; operation: string }
  | { code: 'STORE.CONFLICT'; message: string; key: string };

export type DomainErrorCode = DomainError['code'];

/** Build a domain error with its code checked against the union. */
export const domainError = <C extends DomainErrorCode>(
  error: Extract<DomainError, { code: C }>,
): Extract<DomainError, { code: C }> => error;
