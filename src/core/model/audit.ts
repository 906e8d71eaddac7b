import type { ChangeAction, GuidedStep } from './action';

/**
 * `started` is written before a site write is sent and settled to its final outcome (applied, undone or
 * failed) once the answer is known, so a write whose invocation died mid-way still has an entry saying so.
 */
export type AuditOutcome = 'started' | 'applied' | 'already-in-place' | 'failed' | 'confirmed' | 'undone';

/** Who made a change: the admin who clicked, the admin who enabled auto-fix, or the app itself. */
export type Actor =
  | { readonly type: 'user'; readonly accountId: string }
  | { readonly type: 'auto'; readonly onBehalfOf: string }
  | { readonly type: 'app' };

/** Membership facts around an action, so undo can restore the exact prior state. */
export interface MembershipState {
  readonly member: boolean;
}

/** AuditEntry — who, what, when, before/after, outcome, for every applied action and every undo. */
export interface AuditEntry {
  readonly id: string;
  readonly at: number;
  readonly actor: Actor;
  readonly planId: string | null;
  readonly action: ChangeAction | GuidedStep;
  readonly before: MembershipState | null;
  readonly after: MembershipState | null;
  readonly outcome: AuditOutcome;
  /** Set on entries that undo an earlier entry. */
  readonly undoOf: string | null;
  /** Typed error code when outcome is failed. */
  readonly errorCode: string | null;
}
