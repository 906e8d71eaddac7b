/**
 * `duplicateVariantKey` returns the usual key (ASCII, no plus-tag, not a Gmail-style domain) as it is and
 * folds every other one. It must equal the plain definition — skeleton, then plus-tag strip, then Gmail dot
 * folding — for every key; the reference below is that definition, written out independently.
 */
import fc from 'fast-check';

import type { EmailKey } from '../../../src/core/model/email';
import {
  CONFUSABLE_SKELETON,
  duplicateVariantKey,
  GMAIL_STYLE_DOMAINS,
  toEmailKey,
} from '../../../src/core/model/email-key';

const reference = (key: string): string => {
  let skeleton = '';
  for (const ch of key) skeleton += CONFUSABLE_SKELETON[ch] ?? ch;
  const at = skeleton.lastIndexOf('@');
  let local = skeleton.slice(0, at);
  const domain = skeleton.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  return GMAIL_STYLE_DOMAINS.includes(domain)
    ? `${local.replaceAll('.', '')}@gmail.com`
    : `${local}@${domain}`;
};

const localChar = fc.constantFrom('a', 'b', '.', '+', '-', '1', '\u0430', '\u03bf', 'é');
const domain = fc.constantFrom(
  'gmail.com',
  'googlemail.com',
  'mail.gmail.com',
  'xgmail.com',
  'example.com',
  'ex+ample.com',
  'ехample.com',
);

describe('duplicateVariantKey', () => {
  it('property: equals skeleton → plus-tag strip → Gmail folding for every key', () => {
    fc.assert(
      fc.property(fc.array(localChar, { minLength: 1, maxLength: 8 }), domain, (chars, d) => {
        const key = toEmailKey(`${chars.join('')}@${d}`);
        if (key === null) return;
        expect(duplicateVariantKey(key)).toBe(reference(key));
      }),
      { numRuns: 5000, seed: 3 },
    );
  });

  it('returns the usual key itself and folds the others', () => {
    const plain = 'ann.lee@example.com' as EmailKey;
    expect(duplicateVariantKey(plain)).toBe(plain);
    expect(duplicateVariantKey('+tag@example.com' as EmailKey)).toBe('+tag@example.com');
    expect(duplicateVariantKey('+a+b@example.com' as EmailKey)).toBe('+a+b@example.com');
    expect(duplicateVariantKey('ann+x@example.com' as EmailKey)).toBe('ann@example.com');
    expect(duplicateVariantKey('a.n.n@googlemail.com' as EmailKey)).toBe('ann@gmail.com');
    expect(duplicateVariantKey('\u0430nn@example.com' as EmailKey)).toBe('ann@example.com');
  });
});
