/** Small zod building blocks shared by the boundary schemas (handlers, adapters, contracts). */
import { z } from 'zod';

/**
 * An Atlassian enum that may grow: known values keep their literal type, any other string becomes
 * `fallback` (so a new account type does not fail a whole page), non-strings still fail.
 */
export const tolerantEnum = <const V extends readonly [string, ...string[]], const F extends V[number]>(
  values: V,
  fallback: F,
) =>
  z
    .string()
    .transform((value): V[number] => ((values as readonly string[]).includes(value) ? value : fallback));

/** Ids Atlassian sends sometimes as numbers, sometimes as strings; normalised to a non-empty string. */
export const IdLikeSchema = z
  .union([z.string().min(1).max(256), z.number().int().nonnegative()])
  .transform((value) => String(value));
