/**
 * Email keys and "possible duplicate" variants (product.md §2, §3 POSSIBLE_DUPLICATE; docs/core.md §1).
 *
 * `toEmailKey` is the only way to make an {@link EmailKey}: trim, Unicode NFKC, lower-case (repeated until
 * stable, so the key is a fixpoint), then a plausibility check. A string is plausibly an email when, after
 * normalisation:
 *  - it is at most 254 characters and contains exactly one `@`;
 *  - the local part is 1–64 characters, the domain 1–253;
 *  - it contains no whitespace, no control/format characters and none of `<>()[]\,;:"` (so quoted local
 *    parts and domain literals are refused: no Atlassian account uses them);
 *  - the domain has at least two dot-separated labels, each 1–63 characters, not starting or ending with
 *    `-`, and the last label is not all digits (an IP address is not a mailbox domain).
 * Internationalised (Unicode) local parts and domains are accepted as they are; no punycode conversion.
 *
 * Variants (`duplicateVariantKey`) fold three "same human, different key" patterns into one bucket key:
 *  1. confusables: a small skeleton map of look-alike letters ({@link CONFUSABLE_SKELETON}); fullwidth and
 *     mathematical letters are already folded by NFKC in the key itself;
 *  2. plus-tags: `local+anything@domain` → `local@domain` for every domain (sub-addressing is common beyond
 *     Gmail: Outlook, Fastmail, Exchange); a local part that starts with `+` is left alone;
 *  3. Gmail dots: for `gmail.com` and `googlemail.com` only (the only providers documented to ignore dots),
 *     dots in the local part are dropped and `googlemail.com` is folded into `gmail.com`.
 * Everything here is pure and allocation-light: ASCII keys (the overwhelming majority) skip the map.
 */
import type { DuplicateVariantReason, EmailKey } from './email';

/** Bucket key for POSSIBLE_DUPLICATE: two email keys with the same variant key may be one human. */
export type VariantKey = string & { readonly __brand: 'VariantKey' };

/** Domains whose local part ignores dots (and which are aliases of each other). */
export const GMAIL_STYLE_DOMAINS: readonly string[] = ['gmail.com', 'googlemail.com'];
const CANONICAL_GMAIL_DOMAIN = 'gmail.com';

/**
 * Look-alike letters folded to their Latin skeleton. Deliberately small (a subset of Unicode UTS #39
 * confusables): only lower-case letters that are visually identical to a Latin letter in common fonts.
 * Digits (0/o, 1/l) are NOT folded: they are frequent in real addresses and would flood the review list.
 */
export const CONFUSABLE_SKELETON: Readonly<Record<string, string>> = {
  // Cyrillic
  '\u0430': 'a', // а
  '\u0435': 'e', // е
  '\u043e': 'o', // о
  '\u0440': 'p', // р
  '\u0441': 'c', // с
  '\u0443': 'y', // у
  '\u0445': 'x', // х
  '\u0455': 's', // ѕ
  '\u0456': 'i', // і
  '\u0458': 'j', // ј
  '\u04bb': 'h', // һ
  '\u04cf': 'l', // ӏ
  '\u04af': 'y', // ү
  '\u0501': 'd', // ԁ
  '\u051b': 'q', // ԛ
  '\u051d': 'w', // ԝ
  // Greek
  '\u03b1': 'a', // α
  '\u03b9': 'i', // ι
  '\u03ba': 'k', // κ
  '\u03bd': 'v', // ν
  '\u03bf': 'o', // ο
  '\u03c1': 'p', // ρ
  '\u03c5': 'u', // υ
  '\u03c7': 'x', // χ
  // Armenian
  '\u0570': 'h', // հ
  '\u0578': 'n', // ո
  '\u057d': 'u', // ս
  '\u0585': 'o', // օ
  // Latin look-alikes that NFKC keeps
  '\u0131': 'i', // ı dotless i
  '\u0251': 'a', // ɑ Latin alpha
  '\u0261': 'g', // ɡ script g
};

const SKELETON = new Map<string, string>(Object.entries(CONFUSABLE_SKELETON));
const NON_ASCII = /[^\x00-\x7f]/;
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
// Non-ASCII characters we refuse: Unicode whitespace, C1 controls and format characters (zero-width, bidi).
const FORBIDDEN_NON_ASCII = /[\s\p{Cc}\p{Cf}]/u;

/** ASCII code units refused anywhere in a key: controls, space, DEL and the RFC specials `<>()[]\,;:"`. */
const FORBIDDEN_ASCII = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c <= 0x20; c += 1) table[c] = 1;
  table[0x7f] = 1;
  for (const ch of '<>()[]\\,;:"') table[ch.charCodeAt(0)] = 1;
  return table;
})();

const normaliseOnce = (s: string): string => s.trim().normalize('NFKC').toLowerCase().trim();

/** trim → NFKC → lower-case, repeated until stable (lower-casing can produce a non-NFKC string). */
const normalise = (raw: string): string => {
  if (PRINTABLE_ASCII.test(raw)) return raw.toLowerCase();
  let current = raw;
  for (let i = 0; i < 4; i += 1) {
    const next = normaliseOnce(current);
    if (next === current) return next;
    current = next;
  }
  return current;
};

const HYPHEN = 0x2d;
const DOT = 0x2e;
const AT = 0x40;

/**
 * The plausibility rule of the module comment, in one pass over the code units (this runs for every account
 * of a scan: no regex or split on the ASCII path).
 */
const isPlausible = (s: string): boolean => {
  const n = s.length;
  if (n < 3 || n > 254) return false;
  let at = -1;
  let nonAscii = false;
  for (let i = 0; i < n; i += 1) {
    const c = s.charCodeAt(i);
    if (c >= 128) nonAscii = true;
    else if (FORBIDDEN_ASCII[c] === 1) return false;
    else if (c === AT) {
      if (at !== -1) return false;
      at = i;
    }
  }
  if (at <= 0 || at > 64 || n - at - 1 > 253) return false;
  if (nonAscii && FORBIDDEN_NON_ASCII.test(s)) return false;
  // Domain: ≥ 2 labels of 1–63 code units, no label starting or ending with '-', last label not all digits.
  let labels = 0;
  let labelStart = at + 1;
  let allDigits = true;
  for (let i = at + 1; i <= n; i += 1) {
    const c = i === n ? DOT : s.charCodeAt(i);
    if (c === DOT) {
      const len = i - labelStart;
      if (len === 0 || len > 63) return false;
      if (s.charCodeAt(labelStart) === HYPHEN || s.charCodeAt(i - 1) === HYPHEN) return false;
      labels += 1;
      if (i < n) {
        labelStart = i + 1;
        allDigits = true;
      }
    } else if (c < 0x30 || c > 0x39) {
      allDigits = false;
    }
  }
  return labels >= 2 && !allDigits;
};

/** Normalised email key, or null when the string is not plausibly an email (rule in the module comment). */
export const toEmailKey = (raw: string): EmailKey | null => {
  const s = normalise(raw);
  return isPlausible(s) ? (s as EmailKey) : null;
};

/** The domain part of an email key (after the `@`). */
export const emailDomain = (key: EmailKey): string => key.slice(key.lastIndexOf('@') + 1);

/** Fold look-alike letters to their Latin skeleton; ASCII strings are returned as they are. */
export const confusableSkeleton = (s: string): string => {
  if (!NON_ASCII.test(s)) return s;
  let out = '';
  for (const ch of s) out += SKELETON.get(ch) ?? ch;
  return out;
};

const splitKey = (key: string): { local: string; domain: string } => {
  const at = key.lastIndexOf('@');
  return { local: key.slice(0, at), domain: key.slice(at + 1) };
};

const stripPlusTag = (local: string): string => {
  const plus = local.indexOf('+');
  return plus > 0 ? local.slice(0, plus) : local;
};

const plusTagOf = (key: string): string | null => {
  const { local } = splitKey(key);
  const plus = local.indexOf('+');
  return plus > 0 ? local.slice(plus) : null;
};

const foldGmail = (local: string, domain: string): string =>
  GMAIL_STYLE_DOMAINS.includes(domain)
    ? `${local.replaceAll('.', '')}@${CANONICAL_GMAIL_DOMAIN}`
    : `${local}@${domain}`;

/** Plus-tag and Gmail folding without confusables (used to tell which reasons apply). */
const foldWithoutSkeleton = (key: string): string => {
  const { local, domain } = splitKey(key);
  return foldGmail(stripPlusTag(local), domain);
};

const PLUS = 0x2b;

/**
 * The bucket key for POSSIBLE_DUPLICATE: skeleton, then plus-tag strip, then Gmail dot folding. The usual key
 * (ASCII, no plus-tag, not a Gmail-style domain) is its own variant and is returned as it is, with no
 * allocation; every other key goes through the three folds.
 */
export const duplicateVariantKey = (key: EmailKey): VariantKey => {
  const at = key.lastIndexOf('@');
  if (at > 0 && !NON_ASCII.test(key)) {
    let plus = false;
    for (let i = 1; i < at; i += 1) {
      if (key.charCodeAt(i) === PLUS) {
        plus = true;
        break;
      }
    }
    // A local part starting with '+' keeps its tag: only a '+' after the first character strips one.
    if (!plus && !key.endsWith('@gmail.com') && !key.endsWith('@googlemail.com')) {
      return key as string as VariantKey;
    }
  }
  return foldWithoutSkeleton(confusableSkeleton(key)) as VariantKey;
};

/**
 * Why two different email keys share a variant key, in catalogue order (`plus-tag`, `gmail-dots`,
 * `confusable`). Empty when the keys are equal or are not variants of each other. Symmetric.
 */
export const variantReasons = (a: EmailKey, b: EmailKey): DuplicateVariantReason[] => {
  if (a === b || duplicateVariantKey(a) !== duplicateVariantKey(b)) return [];
  const reasons: DuplicateVariantReason[] = [];
  if (plusTagOf(a) !== plusTagOf(b)) reasons.push('plus-tag');
  const sa = confusableSkeleton(a);
  const sb = confusableSkeleton(b);
  const withoutTagA = splitKey(sa);
  const withoutTagB = splitKey(sb);
  if (
    `${stripPlusTag(withoutTagA.local)}@${withoutTagA.domain}` !==
    `${stripPlusTag(withoutTagB.local)}@${withoutTagB.domain}`
  ) {
    reasons.push('gmail-dots');
  }
  if (foldWithoutSkeleton(a) !== foldWithoutSkeleton(b)) reasons.push('confusable');
  return reasons;
};
