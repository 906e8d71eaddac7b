import type { Account } from './account';
import type { EmailKey } from './email';

/**
 * Key of a person whose accounts' email could not be read (or is not plausibly an email): each such account
 * is its own person, keyed `unresolved:<accountId>`. Never a valid {@link EmailKey}: email keys refuse `:`.
 */
export type UnresolvedKey = `unresolved:${string}` & { readonly __brand: 'UnresolvedKey' };

/** What identifies a person: its email key, or `unresolved:<accountId>`. */
export type PersonKey = EmailKey | UnresolvedKey;

export const unresolvedKey = (accountId: string): UnresolvedKey => `unresolved:${accountId}` as UnresolvedKey;

/**
 * The name a person is shown by: the first account's non-blank display name (accounts in stored order); ''
 * when every account hides its name.
 */
export const displayNameOf = (person: Person): string =>
  person.accounts.map((a) => a.displayName.trim()).find((name) => name.length > 0) ?? '';

export const isUnresolvedKey = (key: PersonKey): key is UnresolvedKey => key.startsWith('unresolved:');

/**
 * Person — all accounts sharing one email key, plus their memberships: the unit of reconciliation.
 * Accounts whose email is unresolved each form their own person keyed `unresolved:<accountId>`.
 * `emailKey` is a {@link PersonKey}: narrow with {@link isUnresolvedKey} before using it as an email.
 */
export interface Person {
  readonly emailKey: PersonKey;
  readonly accounts: readonly Account[];
}
