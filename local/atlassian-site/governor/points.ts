/** The points model of forge-platform.md §3.8, as a pure function of the request and its outcome. */
import {
  BASE_POINTS,
  CORE_OBJECT_POINTS,
  ERROR_POINTS,
  IDENTITY_OBJECT_POINTS,
  RATE_LIMITED_POINTS,
  WRITE_METHODS,
} from './limits';
import { type OperationOutcome } from './types';

export function isWrite(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase());
}

/**
 * Points one finished request costs:
 * - 429 → 0 (VERIFY); any other status ≥ 400 → base 1 (VERIFY);
 * - writes (POST/PUT/PATCH/DELETE) → base 1;
 * - reads → 1 + objectCount × (2 for identity objects, 1 for core objects).
 * A negative or non-finite objectCount counts as 0 (settle never throws).
 */
export function pointsFor(method: string, outcome: OperationOutcome): number {
  if (outcome.status === 429) return RATE_LIMITED_POINTS;
  if (outcome.status >= 400) return ERROR_POINTS;
  if (isWrite(method)) return BASE_POINTS;
  const count =
    Number.isFinite(outcome.objectCount) && outcome.objectCount > 0 ? Math.floor(outcome.objectCount) : 0;
  const each = outcome.objectClass === 'identity' ? IDENTITY_OBJECT_POINTS : CORE_OBJECT_POINTS;
  return BASE_POINTS + count * each;
}
