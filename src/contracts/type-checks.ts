/**
 * Compile-time checks that a zod schema and a core model type describe the same shape (style.md rule 29:
 * one source of truth per shape). The core keeps its readonly interfaces; the schema's inferred type must be
 * assignable to the core type, and the core type to the deep-readonly inferred type.
 */
import type { z } from 'zod';

export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type Mirrors<S extends z.ZodType, Core> = [z.output<S>] extends [Core]
  ? [Core] extends [DeepReadonly<z.output<S>>]
    ? // Top-level keys must match too, so an optional field added to the core is not silently dropped.
      [keyof Core] extends [keyof z.output<S>]
      ? true
      : false
    : false
  : false;

/** Fails to compile unless T is exactly `true`. */
export type Assert<T extends true> = T;
