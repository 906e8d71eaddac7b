/**
 * Email key — the normalised email (trim, Unicode NFKC, lower-case) that groups accounts into a Person.
 * Never compare raw emails (product.md §2). Branded so a raw string cannot be passed where a key is meant.
 * The normalisation itself lives in ./email-key.ts.
 */
export type EmailKey = string & { readonly __brand: 'EmailKey' };

/** Why two different email keys may still be the same human (POSSIBLE_DUPLICATE). */
export type DuplicateVariantReason = 'plus-tag' | 'gmail-dots' | 'confusable';
