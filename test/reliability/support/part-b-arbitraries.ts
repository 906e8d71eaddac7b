/**
 * fast-check arbitraries for the bad-input suites (issue 8 item 4, docs/reliability.md §4): hostile strings
 * (very long, control characters, confusables, malformed emails, prototype-pollution and identity keys),
 * wrong types, arbitrary JSON junk, and "almost valid" mutations of a valid value (one field replaced,
 * removed, or one key added, at any depth). Everything is deterministic given fast-check's seed.
 */
import fc from 'fast-check';

/** Long strings are built once: generating 100k-character strings per case would dominate the run time. */
const LONG = [
  'a'.repeat(100_000),
  `${'x'.repeat(4_999)}@example.com`,
  '\u0000'.repeat(10_000),
  '🙂'.repeat(20_000),
];

export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
/** Keys a caller might use to smuggle identity or scope through a payload. */
export const IDENTITY_KEYS = [
  'accountId',
  'cloudId',
  'projectKey',
  'projectId',
  'spaceKey',
  'spaceId',
  'extension',
  'moduleKey',
  'principal',
  'context',
  'scope',
  'viewer',
  'actorAccountId',
  'autoFixActorAccountId',
  'installContext',
] as const;

const MALFORMED_EMAILS = [
  'a@',
  '@example.com',
  'a@@example.com',
  'a b@example.com',
  'a@example',
  '"quoted"@example.com',
  'a@[127.0.0.1]',
  'a@exa mple.com',
  '.a@example.com',
  'a..b@example.com',
  'ＧＲＡＣＥ＠ＥＸＡＭＰＬＥ．ＣＯＭ',
  'gr\u0430ce.lee@example.com', // Cyrillic а
  'grace.lee@example.com\u0000',
  'grace.lee\u200b@example.com',
  ' GRACE.LEE@EXAMPLE.COM ',
  'grace.lee+tag@example.com',
  'mailto:grace.lee@example.com',
  '=HYPERLINK("http://x","grace")',
];

const CONTROL = fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)) });
const CONFUSABLE = fc.string({
  unit: fc.constantFrom('а', 'е', 'о', 'р', 'ѕ', 'ǀ', '\u200b', '\u200d', '\u202e', '\ufeff', 'ﬁ', 'Ⅰ', 'ᴀ'),
});

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...LONG),
  fc.constantFrom(...MALFORMED_EMAILS),
  fc.constantFrom(...HOSTILE_KEYS, ...IDENTITY_KEYS, 'toString', 'hasOwnProperty', '../..', '%00', '\ud800'),
  CONTROL,
  CONFUSABLE,
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 20 }),
);

export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_SAFE_INTEGER + 2, 1e308, 0.5),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({}),
  fc.constant([]),
);

/** Any key, hostile and identity keys much more often than chance would produce them. */
export const anyKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS, ...IDENTITY_KEYS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: hostileString },
);

/** Arbitrary JSON-ish junk with hostile keys and strings inside (what a tampered bridge could send). */
export const junk: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    wrongType,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(anyKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A value nested deeper than any schema allows (MAX_INPUT_DEPTH is 32). */
export const deep = (depth: number, leaf: unknown): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { a: v } : [v];
  return v;
};

type Path = (string | number)[];

const pathsOf = (value: unknown, prefix: Path = [], out: Path[] = []): Path[] => {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
};

export type Mutation =
  | { readonly op: 'replace'; readonly at: number; readonly with: unknown }
  | { readonly op: 'remove'; readonly at: number }
  | { readonly op: 'add'; readonly at: number; readonly key: string; readonly with: unknown }
  | { readonly op: 'deep'; readonly at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('replace' as const),
    at: fc.nat(),
    with: fc.oneof(hostileString, wrongType, junk),
  }),
  fc.record({ op: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('add' as const),
    at: fc.nat(),
    key: anyKey,
    with: fc.oneof(hostileString, wrongType),
  }),
  fc.record({ op: fc.constant('deep' as const), at: fc.nat() }),
);

const setOwn = (target: Record<string | number, unknown>, key: string | number, value: unknown): void => {
  // defineProperty so a '__proto__' key becomes an own property, as JSON.parse makes it.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

/** Applies one mutation to a copy of `valid`; the path is chosen among all of its nodes by `at`. */
export function applyMutation(valid: unknown, m: Mutation): unknown {
  const root: { v: unknown } = { v: structuredClone(valid) };
  const paths = pathsOf(root.v);
  const path = paths[m.at % paths.length] ?? [];
  const parentPath = path.slice(0, -1);
  const last = path.at(-1);
  let parent: unknown = root.v;
  for (const p of parentPath) parent = (parent as Record<string | number, unknown>)[p];
  const node = last === undefined ? root.v : (parent as Record<string | number, unknown>)[last];
  const put = (value: unknown): void => {
    if (last === undefined) root.v = value;
    else setOwn(parent as Record<string | number, unknown>, last, value);
  };
  switch (m.op) {
    case 'replace':
      put(m.with);
      break;
    case 'deep':
      put(deep(40, node));
      break;
    case 'remove':
      if (last === undefined) root.v = undefined;
      else if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete (parent as Record<string, unknown>)[last as string];
      break;
    case 'add':
      if (node !== null && typeof node === 'object' && !Array.isArray(node))
        setOwn(node as Record<string, unknown>, m.key, m.with);
      else if (Array.isArray(node)) node.push(m.with);
      else put({ [m.key]: m.with });
      break;
  }
  return root.v;
}

/** "Almost valid": one to three mutations of one of the valid samples. */
export const almostValid = (samples: readonly unknown[]): fc.Arbitrary<unknown> =>
  fc
    .tuple(fc.constantFrom(...samples), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([sample, ms]) => ms.reduce<unknown>((v, m) => applyMutation(v, m), sample));

/** The mix every fuzz target gets: mostly almost-valid, some junk, some untouched valid samples. */
export const badInput = (samples: readonly unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: almostValid(samples) },
    { weight: 3, arbitrary: junk },
    { weight: 1, arbitrary: fc.constantFrom(...samples) },
  );

/** Cases per target: ≥ 10 000 in `npm test`, 5× that with RELIABILITY_LONG=1. */
export const FUZZ_RUNS = process.env.RELIABILITY_LONG === '1' ? 50_000 : 10_000;
