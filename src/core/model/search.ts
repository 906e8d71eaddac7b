/**
 * People search (issue 16 item 3): the words a person can be found by, and the words of a typed query.
 * Every word is normalised like an email key (trim, NFKC, lower-case), so matching is case-insensitive; a
 * query word matches a person when it is a prefix of one of the person's words. A person's words are:
 *  - each email it is known by (its email key, and each account's raw email), whole;
 *  - the local part and the domain of each, and the local part's pieces split on `.`, `_`, `-` and `+`
 *    (so `lee` finds `grace.lee@example.com`, `example` finds `@example.com`);
 *  - each word of each account's display name (split on whitespace and punctuation).
 * Pure: no I/O. The store indexes these words (a range attribute queried with `beginsWith`).
 */
import type { Person } from './person';
import { isUnresolvedKey } from './person';

/** At most this many words are kept per person (a person with many accounts stays bounded). */
export const MAX_SEARCH_WORDS = 40;
/** A word is at most this long (longer ones are cut: a prefix search never needs more). */
export const MAX_SEARCH_WORD_LENGTH = 100;
/** A query has at most this many words (the rest are ignored). */
export const MAX_QUERY_WORDS = 4;

const fold = (s: string): string => s.normalize('NFKC').toLowerCase().normalize('NFKC').trim();

const NAME_SPLIT = /[\s\p{P}\p{S}]+/u;
const LOCAL_SPLIT = /[._+-]+/;

const wordsOfEmail = (email: string): string[] => {
  const e = fold(email);
  const at = e.lastIndexOf('@');
  if (at <= 0) return [e];
  const local = e.slice(0, at);
  const domain = e.slice(at + 1);
  return [e, local, domain, ...local.split(LOCAL_SPLIT)];
};

const cut = (words: readonly string[], max: number): string[] => {
  const out: string[] = [];
  for (const w of words) {
    const word = w.slice(0, MAX_SEARCH_WORD_LENGTH);
    if (word.length > 0 && !out.includes(word)) out.push(word);
    if (out.length === max) break;
  }
  return out;
};

/** The distinct words a person is found by (see the module comment), at most {@link MAX_SEARCH_WORDS}. */
export const searchWordsOf = (person: Person): string[] => {
  const emails = [
    ...(isUnresolvedKey(person.emailKey) ? [] : [person.emailKey]),
    ...person.accounts.flatMap((a) => (a.email === null ? [] : [a.email])),
  ];
  const names = person.accounts.flatMap((a) => fold(a.displayName).split(NAME_SPLIT));
  return cut([...emails.flatMap(wordsOfEmail), ...names], MAX_SEARCH_WORDS);
};

/**
 * The words of a typed query: split on whitespace (an email typed whole stays one word), normalised, at
 * most {@link MAX_QUERY_WORDS}. Empty when nothing searchable was typed.
 */
export const queryWordsOf = (text: string): string[] =>
  cut(
    fold(text)
      .split(/\s+/)
      .map((w) => w.replace(/^[\p{P}\p{S}]+/u, '')),
    MAX_QUERY_WORDS,
  );
