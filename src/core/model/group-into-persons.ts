/**
 * Person building (product.md §2 "Person"): join accounts by email key. Linear in the number of accounts
 * (one Map pass, then a sort of each person's few accounts and one sort of the keys).
 *
 * - App accounts never count as a person's identities: an app account without a readable email is dropped,
 *   one with an email joins its person (so it is visible) but the rules skip it (`kind === 'app'`).
 * - An account whose email is null, marked `unresolved`, or not plausibly an email (`toEmailKey` → null) is
 *   its own person keyed `unresolved:<accountId>` (EMAIL_UNRESOLVED reports it, so nothing is skipped).
 * - The same accountId seen twice (overlapping pages, replays) keeps the last record given.
 * - Output is deterministic whatever the input order: persons sorted by key, accounts by accountId.
 */
import type { Account } from './account';
import { toEmailKey } from './email-key';
import { type Person, type PersonKey, unresolvedKey } from './person';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The key an account is grouped under, or null for an app account without a usable email. */
export const personKeyOf = (account: Account): PersonKey | null => {
  const emailKey =
    account.email === null || account.emailSource === 'unresolved' ? null : toEmailKey(account.email);
  if (emailKey !== null) return emailKey;
  return account.kind === 'app' ? null : unresolvedKey(account.accountId);
};

export const groupIntoPersons = (accounts: readonly Account[]): Person[] => {
  const latest = new Map<string, Account>();
  for (const account of accounts) latest.set(account.accountId, account);

  const buckets = new Map<PersonKey, Account[]>();
  for (const account of latest.values()) {
    const key = personKeyOf(account);
    if (key === null) continue;
    const bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, [account]);
    else bucket.push(account);
  }

  // The default sort orders strings by UTF-16 code units, exactly like byString, without a JS callback.
  const keys = [...buckets.keys()].sort();
  const persons: Person[] = new Array<Person>(keys.length);
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as PersonKey;
    const members = buckets.get(key) ?? [];
    if (members.length > 1) members.sort((a, b) => byString(a.accountId, b.accountId));
    persons[i] = { emailKey: key, accounts: members };
  }
  return persons;
};
