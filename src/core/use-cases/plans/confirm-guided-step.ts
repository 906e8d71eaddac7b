/**
 * confirm-guided-step: the admin ticks a guided step's checklist (a step with no public API, done by hand
 * behind its deep link). Audited as `confirmed`, once: confirming again returns the first confirmation.
 */
import { domainError, type DomainError } from '../../errors';
import { actionKey, type AuditEntry, canSeeFinding, type Viewer } from '../../model';
import type { AuditLog, Clock, FindingStore, IdSource, PersonStore, PlanStore } from '../../ports';
import { err, ok, type Result } from '../../result';
import { canSeeAction, personLookup } from '../shared/visibility';

export interface ConfirmGuidedStepDeps {
  readonly plans: PlanStore;
  readonly findings: FindingStore;
  readonly persons: PersonStore;
  readonly audit: AuditLog;
  readonly ids: IdSource;
  readonly clock: Clock;
}

export interface ConfirmGuidedStepInput {
  readonly viewer: Viewer;
  readonly planId: string;
  readonly actionKey: string;
  readonly actorAccountId: string;
  readonly now: number;
}

const AUDIT_PAGE = 100;

export const confirmGuidedStep = async (
  deps: ConfirmGuidedStepDeps,
  input: ConfirmGuidedStepInput,
): Promise<Result<AuditEntry, DomainError>> => {
  const plan = await deps.plans.get(input.planId);
  if (plan === null)
    return err(domainError({ code: 'PLAN.NOT_FOUND', message: 'No such plan.', planId: input.planId }));
  const step = plan.actions.find((a) => a.key === input.actionKey);
  if (step === undefined || step.action.type !== 'guidedStep') {
    return err(domainError({ code: 'INPUT.INVALID', message: 'This plan has no such guided step.' }));
  }
  const findings = await deps.findings.byIds(step.findingIds);
  const person =
    step.action.accountId === null ? null : await personLookup(deps.persons)(step.action.accountId);
  const visible =
    findings.length > 0
      ? findings.every((f) => canSeeFinding(input.viewer, f))
      : canSeeAction(input.viewer, step.action, person);
  if (!visible) {
    return err(
      domainError({
        code: 'AUTH.FORBIDDEN',
        message: 'This step is outside your scope.',
        required: 'scope of the step',
      }),
    );
  }
  let cursor: string | null = null;
  do {
    const page = await deps.audit.list({ cursor, limit: AUDIT_PAGE }, plan.id);
    const earlier = page.items.find((e) => e.outcome === 'confirmed' && actionKey(e.action) === step.key);
    if (earlier !== undefined) return ok(earlier);
    cursor = page.nextCursor;
  } while (cursor !== null);
  const entry: AuditEntry = {
    id: deps.ids.next(),
    at: input.now,
    actor: { type: 'user', accountId: input.actorAccountId },
    planId: plan.id,
    action: step.action,
    before: null,
    after: null,
    outcome: 'confirmed',
    undoOf: null,
    errorCode: null,
  };
  await deps.audit.append(entry);
  return ok(entry);
};
