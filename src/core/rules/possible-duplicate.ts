/**
 * POSSIBLE_DUPLICATE (low): different email keys that are equal modulo a plus-tag, dots in a Gmail-style
 * local part, or confusable characters (model/email-key.ts). Across persons: persons are bucketed by
 * `duplicateVariantKey` in one pass (no pairwise comparison), and each bucket with ≥ 2 persons yields one
 * finding whose subject is the bucket's first person (by key). No fix: shown for review only.
 */
import type { Account, DuplicateVariantReason, EmailKey, Finding } from '../model';
import { duplicateVariantKey, type VariantKey, variantReasons } from '../model/email-key';
import { isUnresolvedKey, type Person } from '../model/person';
import type { SiteContext } from '../model/site';
import { byString, describeAccount, directCustomerDeskIds, makeFinding, sortedUnique } from './common';

const REASON_TEXT: Readonly<Record<DuplicateVariantReason, string>> = {
  'plus-tag': 'a "+tag" added to the part before the at sign',
  'gmail-dots': 'dots in a Gmail address (Gmail ignores them) or gmail.com versus googlemail.com',
  confusable: 'look-alike characters from another alphabet',
};

const hasHumanAccount = (person: Person): boolean => {
  const accounts = person.accounts;
  for (let i = 0; i < accounts.length; i += 1) if ((accounts[i] as Account).kind !== 'app') return true;
  return false;
};

export const possibleDuplicates = (persons: readonly Person[], _site: SiteContext): Finding[] => {
  // A bucket is its first person until a second one arrives (most buckets never get one: no array for them).
  const buckets = new Map<VariantKey, Person | Person[]>();
  const multi: VariantKey[] = [];
  for (let i = 0; i < persons.length; i += 1) {
    const person = persons[i] as Person;
    if (isUnresolvedKey(person.emailKey)) continue;
    if (!hasHumanAccount(person)) continue;
    const variant = duplicateVariantKey(person.emailKey);
    const bucket = buckets.get(variant);
    if (bucket === undefined) buckets.set(variant, person);
    else if (Array.isArray(bucket)) bucket.push(person);
    else {
      buckets.set(variant, [bucket, person]);
      multi.push(variant);
    }
  }
  if (multi.length === 0) return [];

  const findings: Finding[] = [];
  for (const variant of multi.sort(byString)) {
    const bucket = buckets.get(variant);
    const members = (Array.isArray(bucket) ? bucket : [])
      .slice()
      .sort((a, b) => byString(a.emailKey, b.emailKey));
    const first = members[0];
    if (first === undefined) continue;
    const firstKey = first.emailKey as EmailKey;
    const reasons = new Set<DuplicateVariantReason>();
    for (const other of members.slice(1)) {
      for (const r of variantReasons(firstKey, other.emailKey as EmailKey)) reasons.add(r);
    }
    const humans = members.flatMap((p) => p.accounts.filter((a) => a.kind !== 'app'));
    const deskIds = sortedUnique(humans.flatMap(directCustomerDeskIds));
    const spaceKeys = sortedUnique(humans.flatMap((a) => a.guestSpaceKeys));
    const reasonList = (['plus-tag', 'gmail-dots', 'confusable'] as const).filter((r) => reasons.has(r));
    findings.push(
      makeFinding({
        code: 'POSSIBLE_DUPLICATE',
        subject: { type: 'person', emailKey: first.emailKey },
        discriminators: [],
        title: `${members.length} email addresses that may belong to one person`,
        explanation:
          `${members.length} different email addresses on this site differ only by ` +
          `${reasonList.map((r) => REASON_TEXT[r]).join('; ')}. Their accounts are ` +
          `${humans.map(describeAccount).join(', ')}. They may be the same person using address variants, ` +
          'or someone imitating an existing customer. Nothing is changed automatically; review them and ' +
          'merge or remove accounts by hand if they are the same person.',
        evidence: {
          accountIds: humans.map((a) => a.accountId),
          deskIds,
          spaceKeys,
          facts: reasonList.map((r) => `addresses differ by ${REASON_TEXT[r]}`),
        },
        fixes: [],
        scope: { deskIds, spaceKeys },
      }),
    );
  }
  return findings;
};
