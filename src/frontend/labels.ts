/** Words and lozenge colours for the contract's enums: presentation only, no rule decides anything here. */
import type { Account, Action, ApplyResult, AuditEntry, FindingCode, PlannedAction, Severity } from './types';

export type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

export const CODE_LABEL: Readonly<Record<FindingCode, string>> = {
  DUPLICATE_ACCOUNTS: 'Duplicate accounts',
  GUEST_WITHOUT_CUSTOMER_ROLE: 'Guest without Customer role',
  LINKED_GROUP_DRIFT: 'Linked group drift',
  UNEXPECTED_CUSTOMER: 'Unexpected customer',
  GUEST_ALSO_USER: 'Guest also a licensed user',
  GUEST_WITHOUT_SPACE: 'Guest without a space',
  INACTIVE_WITH_ACCESS: 'Inactive account with access',
  CUSTOMER_ROLE_ORPHAN: 'Customer role on no desk',
  POSSIBLE_DUPLICATE: 'Possible duplicate',
  EMAIL_UNRESOLVED: 'Email unreadable',
  KB_SIGNUP_RISK: 'Knowledge base sign-up risk',
};

export const SEVERITY_LABEL: Readonly<Record<Severity, { text: string; appearance: LozengeAppearance }>> = {
  high: { text: 'High', appearance: 'removed' },
  medium: { text: 'Medium', appearance: 'moved' },
  low: { text: 'Low', appearance: 'default' },
  info: { text: 'Info', appearance: 'new' },
};

export const KIND_LABEL: Readonly<Record<Account['kind'], { text: string; appearance: LozengeAppearance }>> =
  {
    atlassian: { text: 'Atlassian account', appearance: 'inprogress' },
    customer: { text: 'Portal-only customer', appearance: 'new' },
    app: { text: 'App', appearance: 'default' },
    unknown: { text: 'Unknown', appearance: 'moved' },
  };

export const STATUS_LABEL: Readonly<
  Record<Account['status'], { text: string; appearance: LozengeAppearance }>
> = {
  active: { text: 'Active', appearance: 'success' },
  inactive: { text: 'Inactive', appearance: 'moved' },
  closed: { text: 'Closed', appearance: 'removed' },
};

export const SAFETY_LABEL: Readonly<
  Record<PlannedAction['safety'], { text: string; appearance: LozengeAppearance }>
> = {
  safe: { text: 'Safe', appearance: 'success' },
  review: { text: 'Review', appearance: 'moved' },
  manual: { text: 'Manual', appearance: 'inprogress' },
};

export const OUTCOME_LABEL: Readonly<
  Record<AuditEntry['outcome'], { text: string; appearance: LozengeAppearance }>
> = {
  // The app stopped between sending the write and hearing back: the change may or may not have landed.
  started: { text: 'Interrupted', appearance: 'moved' },
  applied: { text: 'Applied', appearance: 'success' },
  'already-in-place': { text: 'Already in place', appearance: 'default' },
  failed: { text: 'Failed', appearance: 'removed' },
  confirmed: { text: 'Confirmed', appearance: 'inprogress' },
  undone: { text: 'Undone', appearance: 'moved' },
};

export const APPLY_STATUS_LABEL: Readonly<
  Record<ApplyResult['status'], { text: string; appearance: LozengeAppearance }>
> = {
  applied: { text: 'Applied', appearance: 'success' },
  'partially-applied': { text: 'Partly applied', appearance: 'moved' },
  failed: { text: 'Failed', appearance: 'removed' },
  'nothing-to-apply': { text: 'Nothing to apply', appearance: 'default' },
};

export const STEP_LABEL: Readonly<
  Record<ApplyResult['steps'][number]['outcome'], { text: string; appearance: LozengeAppearance }>
> = {
  applied: { text: 'Applied', appearance: 'success' },
  'already-in-place': { text: 'Already in place', appearance: 'default' },
  failed: { text: 'Failed', appearance: 'removed' },
  // No answer and no read back: the change may have landed; the audit entry stays open until a read settles it.
  'outcome-unknown': { text: 'Outcome unknown', appearance: 'moved' },
  'not-attempted': { text: 'Not attempted', appearance: 'default' },
};

/** A planned customer addition without an inverse: the desk is not closed, so JSM would refuse the removal. */
export const CANNOT_UNDO_DESK_ADD =
  'The app cannot undo this step: Jira Service Management removes customers only from projects whose customer access is "Customers my team adds". To reverse it, remove the customer in Project settings → Customers.';

/** Appended to "Undo would: remove … from desk …": JSM's own condition, which the app cannot read in advance. */
export const UNDO_DESK_ADD_CONDITION =
  ' (only while the project\'s customer access is "Customers my team adds": Jira Service Management removes customers only from such projects)';

export const SKIP_REASON: Readonly<Record<NonNullable<PlannedAction['skipped']>['reason'], string>> = {
  'protected-account': 'Skipped: the account is protected by the policy.',
  'desk-not-closed': 'Skipped: customers can only be removed from desks that are not open to everyone.',
  'not-selected': 'Skipped: not selected.',
};

/** Why the viewer cannot apply an action themselves (plan/apply would refuse it); the preview offers no Apply. */
export const VIEWER_BLOCK_LABEL: Readonly<
  Record<
    NonNullable<PlannedAction['viewerCannotApply']>['reason'],
    { title: string; lozenge: string; text: string }
  >
> = {
  'needs-site-admin': {
    title: 'A Jira admin is needed',
    lozenge: 'Needs a Jira admin',
    text: 'Only a Jira admin can change group membership. Ask a Jira admin to apply this fix from Jira administration → Apps → Identity Reconciler.',
  },
  'needs-desk-admin': {
    title: 'Another admin is needed',
    lozenge: 'Needs the project admin',
    text: "Only an admin of that service project, or a Jira admin, can change its customers. Ask them to apply this fix from the project's settings → Identity Reconciler.",
  },
};

/** Names for group and desk ids (names-context.tsx); the ids themselves when none are known. */
export interface ActionNames {
  readonly group: (id: string) => string;
  readonly desk: (id: string) => string;
}

const SAME: ActionNames = { group: (id) => id, desk: (id) => id };

export const describeAction = (action: Action, names: ActionNames = SAME): string => {
  switch (action.type) {
    case 'addToGroup':
      return `Add ${action.accountId} to group ${names.group(action.groupId)}`;
    case 'removeFromGroup':
      return `Remove ${action.accountId} from group ${names.group(action.groupId)}`;
    case 'addCustomerToDesk':
      return `Add ${action.accountId} as a customer of desk ${names.desk(action.deskId)}`;
    case 'removeCustomerFromDesk':
      return `Remove ${action.accountId} from the customers of desk ${names.desk(action.deskId)}`;
    case 'guidedStep':
      return action.title;
  }
};

export const formatTime = (epochMs: number | null): string =>
  epochMs === null ? 'never' : `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const listOrNone = (values: readonly string[]): string => (values.length ? values.join(', ') : 'none');

/** The findings search field's label (the browser journeys find the field by it). */
export const SEARCH_LABEL = 'Search by name or email (any part)';

/** The findings table's heading when the filters or the search match nothing. */
export const NO_MATCH_HEADER = 'No findings match these filters';
