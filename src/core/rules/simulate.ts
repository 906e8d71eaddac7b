/**
 * A pure "apply to snapshot" simulator: what the site would look like after change actions, so rules can be
 * re-evaluated ("fix clears it") and undo can be proven ("plan then inverses restores the snapshot").
 *
 * Membership lists are treated as sets kept in their given order; an addition is inserted at its sorted
 * position. For canonical snapshots (sorted, duplicate-free `groupIds` / `customerOfDeskIds`, see
 * `canonicalPerson`) applying effective actions and then their inverses in reverse order is exact.
 * Applying an action that is already in place is a no-op (the same object comes back).
 */
import type { Account, ChangeAction, Plan } from '../model';
import type { Person } from '../model/person';
import { byString } from './common';
import { appliedSteps } from './planner';

const insertSorted = (list: readonly string[], id: string): readonly string[] => {
  if (list.includes(id)) return list;
  const at = list.findIndex((x) => byString(x, id) > 0);
  return at === -1 ? [...list, id] : [...list.slice(0, at), id, ...list.slice(at)];
};

const without = (list: readonly string[], id: string): readonly string[] =>
  list.includes(id) ? list.filter((x) => x !== id) : list;

/** One change action applied to one account (no-op when it is about another account or already in place). */
export const applyToAccount = (account: Account, action: ChangeAction): Account => {
  if (action.accountId !== account.accountId) return account;
  switch (action.type) {
    case 'addToGroup': {
      const groupIds = insertSorted(account.groupIds, action.groupId);
      return groupIds === account.groupIds ? account : { ...account, groupIds };
    }
    case 'removeFromGroup': {
      const groupIds = without(account.groupIds, action.groupId);
      return groupIds === account.groupIds ? account : { ...account, groupIds };
    }
    case 'addCustomerToDesk': {
      const customerOfDeskIds = insertSorted(account.customerOfDeskIds, action.deskId);
      return customerOfDeskIds === account.customerOfDeskIds ? account : { ...account, customerOfDeskIds };
    }
    case 'removeCustomerFromDesk': {
      const customerOfDeskIds = without(account.customerOfDeskIds, action.deskId);
      return customerOfDeskIds === account.customerOfDeskIds ? account : { ...account, customerOfDeskIds };
    }
  }
};

/** Change actions applied in order to a person. */
export const applyToPerson = (person: Person, actions: readonly ChangeAction[]): Person => {
  let accounts = person.accounts;
  for (const action of actions) {
    const i = accounts.findIndex((a) => a.accountId === action.accountId);
    const current = accounts[i];
    if (current === undefined) continue;
    const next = applyToAccount(current, action);
    if (next !== current) accounts = [...accounts.slice(0, i), next, ...accounts.slice(i + 1)];
  }
  return accounts === person.accounts ? person : { ...person, accounts };
};

/** Change actions applied in order to a set of persons (each person only sees its own accounts' actions). */
export const applyToPersons = (persons: readonly Person[], actions: readonly ChangeAction[]): Person[] => {
  const byAccount = new Map<string, ChangeAction[]>();
  for (const action of actions) {
    const list = byAccount.get(action.accountId);
    if (list === undefined) byAccount.set(action.accountId, [action]);
    else list.push(action);
  }
  // Actions on different accounts commute, so per-account order is all that matters.
  return persons.map((person) => {
    const mine = person.accounts.flatMap((acc) => byAccount.get(acc.accountId) ?? []);
    return mine.length === 0 ? person : applyToPerson(person, mine);
  });
};

/** Apply the plan's non-skipped change actions, in plan order. */
export const applyPlan = (persons: readonly Person[], plan: Plan): Person[] =>
  applyToPersons(
    persons,
    appliedSteps(plan).map((a) => a.action as ChangeAction),
  );

/** Undo a plan: the inverses of its applied steps, in reverse order. */
export const undoPlan = (persons: readonly Person[], plan: Plan): Person[] =>
  applyToPersons(
    persons,
    appliedSteps(plan)
      .map((a) => a.inverse)
      .filter((a): a is ChangeAction => a !== null)
      .reverse(),
  );

/** Sorted, duplicate-free membership lists (the canonical form the round trip is exact for). */
export const canonicalAccount = (account: Account): Account => ({
  ...account,
  groupIds: [...new Set(account.groupIds)].sort(byString),
  customerOfDeskIds: [...new Set(account.customerOfDeskIds)].sort(byString),
});

export const canonicalPerson = (person: Person): Person => ({
  ...person,
  accounts: person.accounts.map(canonicalAccount),
});

/**
 * The documented effect of the guided "Migrate to Atlassian account" step (atlassian-identity.md §1.4): the
 * portal-only account is deactivated and leaves its desk lists, its requests and desk lists move to the
 * Atlassian account, which holds the Customer role afterwards. Used to show the guided step clears
 * DUPLICATE_ACCOUNTS (and the local emulator may mirror it).
 */
export const simulateMigration = (
  person: Person,
  portalOnlyAccountId: string,
  atlassianAccountId: string,
  customersGroupId: string,
): Person => {
  const source = person.accounts.find((a) => a.accountId === portalOnlyAccountId);
  if (source === undefined || !person.accounts.some((a) => a.accountId === atlassianAccountId)) return person;
  const merge = (list: readonly string[], extra: readonly string[]): readonly string[] =>
    extra.reduce((acc, id) => insertSorted(acc, id), list);
  return {
    ...person,
    accounts: person.accounts.map((a) => {
      if (a.accountId === portalOnlyAccountId) {
        return { ...a, status: 'inactive', customerOfDeskIds: [], reporterOnDeskIds: [] };
      }
      if (a.accountId === atlassianAccountId) {
        return {
          ...a,
          groupIds: insertSorted(a.groupIds, customersGroupId),
          customerOfDeskIds: merge(a.customerOfDeskIds, source.customerOfDeskIds),
          reporterOnDeskIds: merge(a.reporterOnDeskIds, source.reporterOnDeskIds),
        };
      }
      return a;
    }),
  };
};
