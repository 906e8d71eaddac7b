import type { Fix } from './action';

/** The finding catalogue (product.md §3), in catalogue order. */
export const FINDING_CODES = [
  'DUPLICATE_ACCOUNTS',
  'GUEST_WITHOUT_CUSTOMER_ROLE',
  'LINKED_GROUP_DRIFT',
  'UNEXPECTED_CUSTOMER',
  'GUEST_ALSO_USER',
  'GUEST_WITHOUT_SPACE',
  'INACTIVE_WITH_ACCESS',
  'CUSTOMER_ROLE_ORPHAN',
  'POSSIBLE_DUPLICATE',
  'EMAIL_UNRESOLVED',
  'KB_SIGNUP_RISK',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_OF: Readonly<Record<FindingCode, Severity>> = {
  DUPLICATE_ACCOUNTS: 'high',
  GUEST_WITHOUT_CUSTOMER_ROLE: 'high',
  LINKED_GROUP_DRIFT: 'medium',
  UNEXPECTED_CUSTOMER: 'medium',
  GUEST_ALSO_USER: 'medium',
  GUEST_WITHOUT_SPACE: 'low',
  INACTIVE_WITH_ACCESS: 'low',
  CUSTOMER_ROLE_ORPHAN: 'low',
  POSSIBLE_DUPLICATE: 'low',
  EMAIL_UNRESOLVED: 'info',
  KB_SIGNUP_RISK: 'medium',
};

/** What a finding is about: one person (by email key) or one site setting (a space's KB access). */
export type FindingSubject =
  | { readonly type: 'person'; readonly emailKey: string }
  | { readonly type: 'space'; readonly spaceKey: string };

export interface Evidence {
  readonly accountIds: readonly string[];
  readonly groupIds: readonly string[];
  readonly deskIds: readonly string[];
  readonly spaceKeys: readonly string[];
  /** Short factual lines ("portal-only account qm:… is on desk HELP"), no emails or display names. */
  readonly facts: readonly string[];
}

/**
 * Finding (a conflict) — one rule's verdict on one person or one site setting. `id` is deterministic
 * (code + subject + discriminator) so re-evaluating the same snapshot yields the same ids.
 */
export interface Finding {
  readonly id: string;
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly subject: FindingSubject;
  /** Headline, e.g. "Portal login fails: guest has no Customer role". */
  readonly title: string;
  /** One paragraph an admin can paste into a ticket. No email addresses or display names. */
  readonly explanation: string;
  readonly evidence: Evidence;
  /** Fixes that would clear it, in the order the planner should apply them. */
  readonly fixes: readonly Fix[];
  /** Desks and spaces the finding touches: who may see it (project admins, space admins). */
  readonly scope: { readonly deskIds: readonly string[]; readonly spaceKeys: readonly string[] };
}
