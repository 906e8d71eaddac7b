import type { Fix } from './action';

/** One step of a plan: a fix tied to the finding(s) it clears, with its stable key and position. */
export interface PlannedAction extends Fix {
  readonly key: string;
  readonly findingIds: readonly string[];
  /** Protected accounts and missing permissions make a step skipped, with the reason shown in the preview. */
  readonly skipped: null | { readonly reason: 'protected-account' | 'desk-not-closed' | 'not-selected' };
}

/** Plan — the ordered actions for a set of findings, previewed before it is applied. */
export interface Plan {
  readonly id: string;
  readonly createdAt: number;
  readonly findingIds: readonly string[];
  readonly actions: readonly PlannedAction[];
  readonly counts: { readonly safe: number; readonly review: number; readonly manual: number };
  /** True when review removals exceed the policy's blast-radius threshold: applying needs explicit confirmation. */
  readonly requiresConfirmation: boolean;
  /** The policy threshold the plan was checked against (so approval can explain itself later). */
  readonly blastRadiusThreshold: number;
}
