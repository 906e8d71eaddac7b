/**
 * The one response envelope every resolver returns (style.md rules 23, 26): `{ ok: true, data }` or
 * `{ ok: false, error: { code, message } }`. Codes are the core's stable `AREA.PROBLEM` codes plus two
 * entry-layer codes; internals never reach the UI (unknown faults become APP.INTERNAL with a generic message).
 */
import { z } from 'zod';
import type { DomainErrorCode } from '../core/errors';
import type { Assert } from './type-checks';

export const DOMAIN_ERROR_CODES = [
  'INPUT.INVALID',
  'AUTH.FORBIDDEN',
  'AUTH.UNAUTHENTICATED',
  'PLAN.BLAST_RADIUS_EXCEEDED',
  'PLAN.NOT_FOUND',
  'PLAN.STALE',
  'PLAN.ALREADY_APPLIED',
  'UNDO.NOT_POSSIBLE',
  'PERSON.NOT_FOUND',
  'BUDGET.EXHAUSTED',
  'UPSTREAM.RATE_LIMITED',
  'UPSTREAM.FORBIDDEN',
  'UPSTREAM.NOT_FOUND',
  'UPSTREAM.UNAVAILABLE',
  'UPSTREAM.UNEXPECTED_RESPONSE',
  'STORE.CONFLICT',
] as const;

/**
 * The list above is exactly the core's DomainError codes: adding a code to the core breaks this line.
 * @public a compile-time check, imported by nobody (knip keeps @public exports).
 */
export type DomainCodesInSync = Assert<
  [DomainErrorCode] extends [(typeof DOMAIN_ERROR_CODES)[number]]
    ? [(typeof DOMAIN_ERROR_CODES)[number]] extends [DomainErrorCode]
      ? true
      : false
    : false
>;

/** Entry-layer codes: a feature this build does not ship yet, and any unexpected fault. */
export const ENTRY_ERROR_CODES = ['APP.NOT_IMPLEMENTED', 'APP.INTERNAL'] as const;

export const RESOLVER_ERROR_CODES = [...DOMAIN_ERROR_CODES, ...ENTRY_ERROR_CODES] as const;

export const IssueSchema = z.strictObject({ path: z.string().max(500), message: z.string().max(500) });

export const ResolverErrorSchema = z.strictObject({
  code: z.enum(RESOLVER_ERROR_CODES),
  message: z.string().min(1).max(2000),
  /** Field-level detail for INPUT.INVALID (from z.flattenError / issue paths). */
  issues: z.array(IssueSchema).max(50).optional(),
  /**
   * Seconds to wait before retrying: the upstream's Retry-After for UPSTREAM.RATE_LIMITED, the time to the
   * budget's hourly reset for BUDGET.EXHAUSTED. Absent for every other code.
   */
  retryAfter: z.number().int().nonnegative().max(86_400).optional(),
  /**
   * AUTH.FORBIDDEN only, when the refusal is about one action rather than the panel: the right the caller
   * lacks for it (`site-admin`: group membership; `desk-admin`: another service project's customers).
   */
  needs: z.enum(['site-admin', 'desk-admin']).optional(),
  /**
   * Upstream errors of plan/apply and audit/undo: who the failed call was made as. `user`: the write made as
   * the clicking admin (asUser), so UPSTREAM.FORBIDDEN means the admin's own right is missing, not the
   * app's; `app`: a read the app made as itself.
   */
  madeAs: z.enum(['user', 'app']).optional(),
});
export type ResolverError = z.output<typeof ResolverErrorSchema>;

export const envelopeSchema = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), data }),
    z.strictObject({ ok: z.literal(false), error: ResolverErrorSchema }),
  ]);

export type Envelope<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ResolverError };

export const okEnvelope = <T>(data: T): Envelope<T> => ({ ok: true, data });
export const errorEnvelope = (error: ResolverError): Envelope<never> => ({ ok: false, error });
