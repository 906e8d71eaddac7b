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

/** The characters an id the app or Atlassian mints may hold (IdSchema in model.ts). */
export const ID_PATTERN = /^[A-Za-z0-9:._@+-]+$/;

/**
 * Ids Atlassian sends sometimes as numbers, sometimes as strings; normalised to a non-empty string of the
 * same shape IdSchema accepts, so an id a trigger accepts is one its job's consumer accepts too.
 */
export const IdLikeSchema = z
  .union([z.string().min(1).max(256), z.number().int().nonnegative()])
  .transform((value) => String(value))
  .pipe(z.string().regex(ID_PATTERN, 'not an id'));
