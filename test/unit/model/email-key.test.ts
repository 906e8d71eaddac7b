import fc from 'fast-check';

import type { EmailKey } from '../../../src/core/model/email';
import {
  confusableSkeleton,
  duplicateVariantKey,
  emailDomain,
  toEmailKey,
  variantReasons,
} from '../../../src/core/model/email-key';

const key = (raw: string): EmailKey => {
  const k = toEmailKey(raw);
  if (k === null) throw new Error(`fixture is not an email: ${raw}`);
  return k;
};

describe('toEmailKey', () => {
  it.each([
    ['ann@example.com', 'ann@example.com'],
    ['  Ann@Example.COM\t', 'ann@example.com'],
    ['\u00a0ann@example.com\u3000', 'ann@example.com'],
    ['ａｎｎ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ann@example.com'], // fullwidth, folded by NFKC
    ['ann+tickets@example.com', 'ann+tickets@example.com'],
    ['o\u0308la@example.com', 'öla@example.com'], // combining diaeresis composed by NFKC
    ['JÜRGEN@BÜCHER.DE', 'jürgen@bücher.de'],
    ['a@b.co', 'a@b.co'],
    ['x@sub.domain.example.org', 'x@sub.domain.example.org'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(toEmailKey(raw)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['ann', 'no @'],
    ['@example.com', 'empty local part'],
    ['ann@', 'empty domain'],
    ['ann@@example.com', 'two @'],
    ['ann@bob@example.com', 'two @ apart'],
    ['ann@localhost', 'single-label domain'],
    ['ann@example..com', 'empty label'],
    ['ann@.example.com', 'leading dot in domain'],
    ['ann@example.com.', 'trailing dot in domain'],
    ['ann@-example.com', 'label starting with -'],
    ['ann@10.0.0.1', 'IP address'],
    ['ann smith@example.com', 'inner space'],
    ['"ann"@example.com', 'quoted local part'],
    ['ann@[10.0.0.1]', 'domain literal'],
    ['<ann@example.com>', 'angle brackets'],
    ['ann@exa\u200bmple.com', 'zero-width space'],
    ['a,b@example.com', 'comma'],
    [`${'a'.repeat(65)}@example.com`, 'local part over 64'],
    [`a@${'b'.repeat(64)}.com`, 'label over 63'],
    ['unresolved:qm:123', 'an unresolved person key'],
  ])('refuses %j (%s)', (raw) => {
    expect(toEmailKey(raw)).toBeNull();
  });

  it('is idempotent: a key normalises to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (raw) => {
        const k = toEmailKey(raw);
        return k === null || toEmailKey(k) === k;
      }),
      { numRuns: 2000 },
    );
  });

  const local = fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,15}$/);
  const domain = fc.stringMatching(/^[a-z0-9]{1,10}\.(com|org|example|co\.uk)$/);
  const email = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);

  it('accepts generated ASCII emails and keeps them as they are', () => {
    fc.assert(fc.property(email, (e) => toEmailKey(e) === e));
  });

  it('is invariant under ASCII case, surrounding whitespace and fullwidth forms', () => {
    const toFullwidth = (s: string): string =>
      [...s].map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
    fc.assert(
      fc.property(
        email,
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.constantFrom('', ' ', '\t', '\u00a0', '\n '),
        (e, flips, pad) => {
          const mixed = [...e].map((c, i) => (flips[i] === true ? c.toUpperCase() : c)).join('');
          return (
            toEmailKey(`${pad}${mixed}${pad}`) === toEmailKey(e) &&
            toEmailKey(toFullwidth(e)) === toEmailKey(e)
          );
        },
      ),
    );
  });

  it('is idempotent on email-shaped strings with arbitrary Unicode', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
        fc.constantFrom('.com', '.ΕΛ', '.Ｃｏｍ', '.de'),
        (l, d, tld) => {
          const k = toEmailKey(`${l}@${d}${tld}`);
          return k === null || toEmailKey(k) === k;
        },
      ),
      { numRuns: 3000 },
    );
  });

  // Speed is measured by bench/ (never by a timed unit test); this guards correctness at scale.
  it('keys 200k varied addresses, every one valid', () => {
    const raws = Array.from({ length: 200_000 }, (_, i) => `User.${i}+x@Example${i % 97}.COM`);
    expect(raws.filter((r) => toEmailKey(r) !== null)).toHaveLength(200_000);
  });
});

describe('emailDomain', () => {
  it('is the part after the @', () => {
    expect(emailDomain(key('ann+x@mail.example.com'))).toBe('mail.example.com');
  });
});

describe('duplicate variants', () => {
  it.each([
    ['ann+tickets@example.com', 'ann@example.com', ['plus-tag']],
    ['ann+a@example.com', 'ann+b@example.com', ['plus-tag']],
    ['a.n.n@gmail.com', 'ann@gmail.com', ['gmail-dots']],
    ['ann@googlemail.com', 'ann@gmail.com', ['gmail-dots']],
    ['a.nn+x@googlemail.com', 'ann@gmail.com', ['plus-tag', 'gmail-dots']],
    ['\u0430nn@example.com', 'ann@example.com', ['confusable']], // Cyrillic а
    ['ann@ex\u03b1mple.com', 'ann@example.com', ['confusable']], // Greek α in the domain
    ['ann@gm\u0430il.com', 'a.nn@gmail.com', ['gmail-dots', 'confusable']],
    ['ann+t\u0430g@example.com', 'ann+tag@example.com', ['plus-tag']],
  ] as const)('%j ~ %j because %j', (a, b, reasons) => {
    expect(duplicateVariantKey(key(a))).toBe(duplicateVariantKey(key(b)));
    expect(variantReasons(key(a), key(b))).toEqual(reasons);
    expect(variantReasons(key(b), key(a))).toEqual(reasons);
  });

  it.each([
    ['a.nn@example.com', 'ann@example.com', 'dots only matter for Gmail-style domains'],
    ['ann@outlook.com', 'ann@gmail.com', 'different domains'],
    ['ann0@example.com', 'anno@example.com', 'digits are not confusables'],
    ['+ann@example.com', 'ann@example.com', 'a leading + is not a tag'],
    ['ann-x@example.com', 'ann@example.com', 'dash sub-addressing is not folded'],
  ])('%j and %j are not variants (%s)', (a, b) => {
    expect(duplicateVariantKey(key(a))).not.toBe(duplicateVariantKey(key(b)));
    expect(variantReasons(key(a), key(b))).toEqual([]);
  });

  it('gives no reasons for identical keys', () => {
    expect(variantReasons(key('ann@example.com'), key('ann@example.com'))).toEqual([]);
  });

  it('leaves ASCII alone in the skeleton', () => {
    expect(confusableSkeleton('ann@example.com')).toBe('ann@example.com');
  });

  const variantOf = fc
    .tuple(
      fc.stringMatching(/^[a-z]{1,8}$/),
      fc.constantFrom('gmail.com', 'googlemail.com', 'example.com'),
      fc.array(fc.constantFrom('dot', 'tag', 'cyr', 'gm'), { maxLength: 3 }),
    )
    .map(([l, d, ops]) => {
      let local = l;
      let dom = d;
      for (const op of ops) {
        if (op === 'dot' && local.length > 1) local = `${local.slice(0, 1)}.${local.slice(1)}`;
        if (op === 'tag') local = `${local}+t${local.length}`;
        if (op === 'cyr') local = local.replace('a', '\u0430').replace('o', '\u043e');
        if (op === 'gm' && dom === 'gmail.com') dom = 'googlemail.com';
      }
      return key(`${local}@${dom}`);
    });

  it('variantReasons is symmetric and non-empty exactly for distinct keys with one variant key', () => {
    fc.assert(
      fc.property(variantOf, variantOf, (a, b) => {
        const ab = variantReasons(a, b);
        const ba = variantReasons(b, a);
        const sameBucket = duplicateVariantKey(a) === duplicateVariantKey(b);
        return JSON.stringify(ab) === JSON.stringify(ba) && ab.length > 0 === (a !== b && sameBucket);
      }),
      { numRuns: 2000 },
    );
  });

  it('the variant key is idempotent on its own output', () => {
    fc.assert(
      fc.property(variantOf, (a) => {
        const v = duplicateVariantKey(a);
        return duplicateVariantKey(key(v)) === v;
      }),
    );
  });
});
