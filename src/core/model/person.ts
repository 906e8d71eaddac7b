import type { Account } from './account';
import type { EmailKey } from './email';

/**
 * Person — all accounts sharing one email key, plus their memberships: the unit of reconciliation.
 * Accounts whose email is unresolved each form their own person keyed `unresolved:<accountId>`.
 */
export interface Person {
  readonly emailKey: EmailKey;
  readonly accounts: readonly Account[];
}
