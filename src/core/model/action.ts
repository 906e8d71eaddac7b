/**
 * Action — one change (product.md §2). Every automatable action records its inverse; guided steps have none
 * (no public API: the admin follows a deep link and confirms a checklist item).
 */
export const SAFETY_CLASSES = ['safe', 'review', 'manual'] as const;
/** `safe` additive and reversible; `review` removals needing explicit approval; `manual` guided. */
export type SafetyClass = (typeof SAFETY_CLASSES)[number];

export const GUIDED_STEP_KINDS = [
  'migrate-to-atlassian-account',
  'review-customer-permissions',
  'assign-guest-space',
  'remove-confluence-user-role',
  'review-kb-space-access',
  'review-account',
] as const;
export type GuidedStepKind = (typeof GUIDED_STEP_KINDS)[number];

export type ChangeAction =
  | { readonly type: 'addToGroup'; readonly accountId: string; readonly groupId: string }
  | { readonly type: 'removeFromGroup'; readonly accountId: string; readonly groupId: string }
  | { readonly type: 'addCustomerToDesk'; readonly accountId: string; readonly deskId: string }
  | { readonly type: 'removeCustomerFromDesk'; readonly accountId: string; readonly deskId: string };

export interface GuidedStep {
  readonly type: 'guidedStep';
  readonly step: GuidedStepKind;
  /** The account the step is about, when there is one. */
  readonly accountId: string | null;
  /**
   * What else the step is about (a desk id or a space key), when the same step kind can apply to several
   * desks or spaces for one account (or for none). Part of the step's {@link actionKey}.
   */
  readonly target?: string;
  /** One-line instruction an admin can follow. */
  readonly title: string;
  /** Checklist items the admin confirms. */
  readonly checklist: readonly string[];
  /** Absolute URL of the admin page where the step is done. */
  readonly deepLink: string;
}

export type Action = ChangeAction | GuidedStep;

/** A fix offered by a finding or planned in a plan: the action with its safety class and inverse. */
export interface Fix {
  readonly action: Action;
  readonly safety: SafetyClass;
  /** The action that undoes this one; null for guided steps. */
  readonly inverse: ChangeAction | null;
}

/** The inverse of a change action (pure; add ↔ remove). */
export const inverseOf = (action: ChangeAction): ChangeAction => {
  switch (action.type) {
    case 'addToGroup':
      return { type: 'removeFromGroup', accountId: action.accountId, groupId: action.groupId };
    case 'removeFromGroup':
      return { type: 'addToGroup', accountId: action.accountId, groupId: action.groupId };
    case 'addCustomerToDesk':
      return { type: 'removeCustomerFromDesk', accountId: action.accountId, deskId: action.deskId };
    case 'removeCustomerFromDesk':
      return { type: 'addCustomerToDesk', accountId: action.accountId, deskId: action.deskId };
  }
};

/**
 * The inverse the app can actually make on this site, or null. JSM removes customers only from desks with
 * closed customer access (removeCustomers; atlassian-identity.md), so a customer added to a desk known to be
 * open or public cannot be undone by the app: the admin removes them in Project settings → Customers. JSM
 * does not expose a desk's access, so on a real site it is usually `unknown`: the inverse is kept, and an
 * undo that JSM refuses for that reason is reported as not possible (undo-change.ts).
 */
export const reachableInverse = (
  action: ChangeAction,
  deskAccessOf: (deskId: string) => 'closed' | 'open' | 'public' | 'unknown' | undefined,
): ChangeAction | null =>
  action.type === 'addCustomerToDesk' &&
  (deskAccessOf(action.deskId) === 'open' || deskAccessOf(action.deskId) === 'public')
    ? null
    : inverseOf(action);

/** Why `reachableInverse` is null, in the admin's words. */
export const UNDO_NEEDS_CLOSED_DESK =
  'Jira Service Management removes customers only from projects whose customer access is "Customers my team adds", so the app cannot undo this. Remove the customer in Project settings → Customers.';

/** Additions are safe, removals need review (product.md §2). */
export const safetyOf = (action: Action): SafetyClass => {
  switch (action.type) {
    case 'addToGroup':
    case 'addCustomerToDesk':
      return 'safe';
    case 'removeFromGroup':
    case 'removeCustomerFromDesk':
      return 'review';
    case 'guidedStep':
      return 'manual';
  }
};

/** Stable identity of an action, for dedupe across findings and for idempotent application. */
export const actionKey = (action: Action): string => {
  switch (action.type) {
    case 'addToGroup':
    case 'removeFromGroup':
      return `${action.type}:${action.groupId}:${action.accountId}`;
    case 'addCustomerToDesk':
    case 'removeCustomerFromDesk':
      return `${action.type}:${action.deskId}:${action.accountId}`;
    case 'guidedStep':
      return action.target === undefined
        ? `guidedStep:${action.step}:${action.accountId ?? '-'}`
        : `guidedStep:${action.step}:${action.accountId ?? '-'}:${action.target}`;
  }
};
