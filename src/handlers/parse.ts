/**
 * Parsing at the edge (style.md rule 30): inbound values are `unknown` until a schema accepts them, and a
 * rejection is a typed INPUT.INVALID error with field paths, never an exception. `guarded()` adds what zod's
 * default objects do not: it refuses prototype-polluting keys and absurd nesting anywhere in the value.
 */
import { z } from 'zod';
import type { DomainError } from '../core/errors';
import { err, ok, type Result } from '../core/result';

export type InputInvalid = Extract<DomainError, { code: 'INPUT.INVALID' }>;

const HOSTILE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Forge KVS refuses objects deeper than 31 levels; nothing we accept is nearly that deep. */
export const MAX_INPUT_DEPTH = 32;

interface Hit {
  readonly path: PropertyKey[];
  readonly message: string;
}

const findHostileKey = (value: unknown, path: PropertyKey[]): Hit | null => {
  if (value === null || typeof value !== 'object') return null;
  if (path.length >= MAX_INPUT_DEPTH)
    return { path, message: `nested deeper than ${MAX_INPUT_DEPTH} levels` };
  for (const key of Object.keys(value)) {
    if (HOSTILE_KEYS.has(key)) return { path: [...path, key], message: `forbidden key '${key}'` };
    const hit = findHostileKey((value as Record<string, unknown>)[key], [...path, key]);
    if (hit) return hit;
  }
  return null;
};

/** Wraps a schema so values carrying `__proto__` / `constructor` / `prototype` keys are rejected. */
export const guarded = <S extends z.ZodType>(schema: S) =>
  z
    .unknown()
    .superRefine((value, ctx) => {
      const hit = findHostileKey(value, []);
      if (hit) ctx.addIssue({ code: 'custom', message: hit.message, path: hit.path });
    })
    .pipe(schema);

const MAX_ISSUES = 50;

/** Longest issue path or message an INPUT.INVALID carries (ResolverErrorSchema's limit). */
export const MAX_ISSUE_TEXT = 500;

const cap = (text: string): string =>
  text.length > MAX_ISSUE_TEXT ? `${text.slice(0, MAX_ISSUE_TEXT - 1)}…` : text;

/**
 * A path segment as the error shows it: an index or a schema-shaped key; anything else (an unknown key of
 * the caller's choosing, which may be an email or very long) becomes `*`, so errors and the logs that name
 * a failing path never echo input text (docs/reliability.md §4, §6).
 */
export const shownSegment = (part: PropertyKey): string => {
  const text = typeof part === 'symbol' ? '' : String(part);
  return /^[A-Za-z_$][A-Za-z0-9_$-]{0,39}$|^\d{1,6}$/.test(text) ? text : '*';
};

export const issuesOf = (error: z.ZodError): { path: string; message: string }[] =>
  error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: cap(issue.path.map(shownSegment).join('.')),
    message: cap(
      issue.code === 'unrecognized_keys'
        ? `Unrecognized ${issue.keys.length === 1 ? 'key' : 'keys'}: ${issue.keys.map(shownSegment).join(', ')}`
        : issue.message,
    ),
  }));

/** Parses `value`; on failure returns INPUT.INVALID naming `what` and listing the failing paths. */
export const parseInput = <S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): Result<z.output<S>, InputInvalid> => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  return err({ code: 'INPUT.INVALID', message: `${what} is invalid`, issues: issuesOf(parsed.error) });
};
