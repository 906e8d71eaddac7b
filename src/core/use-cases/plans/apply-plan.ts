/**
 * apply-plan: apply a previewed plan, step by step in plan order, as the clicking admin.
 *
 * Refusals, in order: unknown plan (PLAN.NOT_FOUND); findings outside the caller's scope (AUTH.FORBIDDEN,
 * before anything about the plan's state is told: case 6); a plan that was already applied, even partly
 * (PLAN.ALREADY_APPLIED: preview again); steps the caller cannot make as themselves and did not leave out
 * (AUTH.FORBIDDEN, `required` site-admin or desk-admin: viewer-capability.ts), before any read or write;
 * findings that changed since the preview (PLAN.STALE: re-planning them now gives different steps); more
 * review removals than the blast-radius threshold of the policy in force now (not the one at preview: case 5)
 * without explicit confirmation (PLAN.BLAST_RADIUS_EXCEEDED).
 *
 * Each step reads the live membership first (so `before` is true, and a step already in place is not written
 * again), writes, and appends one audit entry. The first failure stops the plan: the result and the stored
 * application record list the steps that ran, the step that failed with its error code, and the steps never
 * attempted. A write whose answer was lost and whose read back failed too is `outcome-unknown`: its entry
 * stays `started` (listed in the application, so a later undo settles it) and the plan stops there.
 * Guided steps are not applied: they are listed for the admin to do and confirm.
 */
import { domainError, type DomainError } from '../../errors';
import {
  type AuditEntry,
  canSeeFinding,
  type ChangeAction,
  type Plan,
  type PlannedAction,
  type Viewer,
} from '../../model';
import type {
  AuditLog,
  Clock,
  Directory,
  FindingStore,
  IdSource,
  Impersonation,
  PlanApplication,
  PlanStore,
  PointsBudget,
} from '../../ports';
import { err, ok, type Result } from '../../result';
import { appliedSteps, checkApproval, planFixes } from '../../rules/planner';
import { applyChange, currentMembership } from '../shared/apply-change';
import { type EvaluationDeps, reflectChanges } from '../shared/evaluation';
import { createMeter } from '../shared/points';
import { loadSite, type SiteDeps } from '../shared/site-context';
import { personLookup } from '../shared/visibility';
import { cannotApplyError, viewerCannotApply } from './viewer-capability';

export interface ApplyPlanDeps extends SiteDeps, EvaluationDeps {
  readonly directory: Directory;
  readonly findings: FindingStore;
  readonly plans: PlanStore;
  readonly audit: AuditLog;
  readonly ids: IdSource;
  readonly clock: Clock;
  readonly budget: PointsBudget;
  readonly impersonation: Impersonation;
}

export interface ApplyPlanInput {
  readonly viewer: Viewer;
  readonly planId: string;
  /** The clicking admin: writes run as them and the audit names them. */
  readonly actorAccountId: string;
  /** The admin's explicit confirmation for plans over the blast-radius threshold. */
  readonly confirmed: boolean;
  /** Steps the admin unticked in the preview. */
  readonly skipActionKeys?: readonly string[];
  readonly now: number;
}

/** What happened to one change step, in plan order. */
export interface AppliedStep {
  readonly actionKey: string;
  readonly outcome: 'applied' | 'already-in-place' | 'failed' | 'outcome-unknown' | 'not-attempted';
  /** The step's audit entry; null when it was never attempted. */
  readonly auditId: string | null;
  readonly errorCode: DomainError['code'] | null;
}

export interface ApplyPlanOutput {
  readonly planId: string;
  /** `applied`: no step failed (also when there was nothing to apply); `failed`: a step failed. */
  readonly status: 'applied' | 'failed';
  /**
   * What the admin is told: `nothing-to-apply` (no change step), `applied`, `partially-applied` (steps ran,
   * then one failed), `failed` (the first step failed, nothing changed).
   */
  readonly outcome: 'applied' | 'partially-applied' | 'failed' | 'nothing-to-apply';
  /** Every change step of this apply, in order, with its outcome. */
  readonly steps: readonly AppliedStep[];
  /** Audit entries of the steps that ran (applied or already in place), in order. */
  readonly applied: readonly AuditEntry[];
  readonly failed: {
    readonly actionKey: string;
    readonly error: DomainError;
    readonly auditId: string;
    /**
     * Who made the call that failed: `user` for the write itself (made as the clicking admin, so a refusal
     * means their own right is missing), `app` for the membership read before it.
     */
    readonly madeAs: 'user' | 'app';
    /** The write may have landed: no answer, and the membership could not be read back. */
    readonly outcomeUnknown: boolean;
  } | null;
  readonly notAttemptedActionKeys: readonly string[];
  /** Guided steps left for the admin to do by hand and confirm. */
  readonly guidedSteps: readonly PlannedAction[];
  readonly pointsUsed: number;
}

const stepSignature = (plan: Plan): string =>
  JSON.stringify(plan.actions.map((a) => [a.key, a.safety, a.skipped?.reason ?? null, a.findingIds]));

export const applyPlan = async (
  deps: ApplyPlanDeps,
  input: ApplyPlanInput,
): Promise<Result<ApplyPlanOutput, DomainError>> => {
  const plan = await deps.plans.get(input.planId);
  if (plan === null) {
    return err(
      domainError({
        code: 'PLAN.NOT_FOUND',
        message: 'This plan does not exist any more. Preview again.',
        planId: input.planId,
      }),
    );
  }
  const alreadyApplied = (): Result<never, DomainError> =>
    err(
      domainError({
        code: 'PLAN.ALREADY_APPLIED',
        message:
          'This plan was already applied (see its audit entries). Preview the findings again for a new plan.',
        planId: plan.id,
      }),
    );
  const current = await deps.findings.byIds(plan.findingIds);
  if (!current.every((f) => canSeeFinding(input.viewer, f))) {
    return err(
      domainError({
        code: 'AUTH.FORBIDDEN',
        message: 'This plan touches desks or spaces outside your scope.',
        required: 'scope of every finding',
      }),
    );
  }
  if ((await deps.plans.getApplication(plan.id)) !== null) return alreadyApplied();
  const skip = new Set(input.skipActionKeys ?? []);
  const steps = appliedSteps(plan).filter((s) => !skip.has(s.key));
  const cannot = steps.flatMap((s) => viewerCannotApply(input.viewer, s.action) ?? []);
  if (cannot.length > 0) return err(cannotApplyError(cannot));

  const meter = createMeter(deps.budget);
  const loaded = await loadSite(deps, meter, input.now);
  if (!loaded.ok) return loaded;
  const site = loaded.value.site;
  const replanned = planFixes(current, site, {
    planId: plan.id,
    now: plan.createdAt,
    selectedFindingIds: plan.findingIds,
  });
  if (current.length !== plan.findingIds.length || stepSignature(replanned) !== stepSignature(plan)) {
    return err(
      domainError({
        code: 'PLAN.STALE',
        message:
          'The findings changed since this plan was previewed. Preview again to see the current steps.',
        planId: plan.id,
      }),
    );
  }

  // The guard in force now: a threshold tightened since the preview protects the previewed plan too.
  const review = steps.filter((s) => s.safety === 'review').length;
  const threshold = site.policy.blastRadiusThreshold;
  const approval = checkApproval(
    {
      ...plan,
      blastRadiusThreshold: threshold,
      counts: { ...plan.counts, review },
      requiresConfirmation: review > threshold,
    },
    { confirmed: input.confirmed },
  );
  if (!approval.ok) return approval;

  const application: PlanApplication = {
    planId: plan.id,
    actorAccountId: input.actorAccountId,
    startedAt: input.now,
    finishedAt: null,
    status: 'applying',
    skippedActionKeys: [...skip],
    auditIds: [],
    failed: null,
    notAttemptedActionKeys: steps.map((s) => s.key),
  };
  if (!(await deps.plans.startApplication(application))) return alreadyApplied();

  const writer = deps.impersonation.writerFor(input.actorAccountId);
  const personOf = personLookup(deps.persons);
  const applied: AuditEntry[] = [];
  const inPlace: ChangeAction[] = [];
  let failed: ApplyPlanOutput['failed'] = null;
  let index = 0;
  for (const step of steps) {
    const action = step.action as ChangeAction;
    const account = (await personOf(action.accountId))?.accounts.find(
      (a) => a.accountId === action.accountId,
    );
    const actor = { type: 'user', accountId: input.actorAccountId } as const;
    const before = await currentMembership(deps, meter, action, account);
    if (!before.ok) {
      const entry: AuditEntry = {
        id: deps.ids.next(),
        at: deps.clock.now(),
        actor,
        planId: plan.id,
        action,
        before: null,
        after: null,
        outcome: 'failed',
        undoOf: null,
        errorCode: before.error.code,
      };
      await deps.audit.append(entry);
      failed = {
        actionKey: step.key,
        error: before.error,
        auditId: entry.id,
        madeAs: 'app',
        outcomeUnknown: false,
      };
      break;
    }
    const result = await applyChange(deps, meter, writer, {
      action,
      memberBefore: before.value,
      actor,
      planId: plan.id,
      undoOf: null,
      account,
    });
    if (!result.ok) {
      failed = {
        actionKey: step.key,
        error: result.error.error,
        auditId: result.error.entry.id,
        madeAs: 'user',
        outcomeUnknown: result.error.entry.outcome === 'started',
      };
      break;
    }
    index += 1;
    applied.push(result.value);
    inPlace.push(action);
  }
  const notAttempted = steps.slice(failed === null ? steps.length : index + 1).map((s) => s.key);
  await deps.plans.saveApplication({
    ...application,
    finishedAt: deps.clock.now(),
    status: failed === null ? 'applied' : 'failed',
    // An outcome-unknown entry is listed: undoing the plan later settles it and reverts it if it landed.
    auditIds: [...applied.map((e) => e.id), ...(failed?.outcomeUnknown === true ? [failed.auditId] : [])],
    failed:
      failed === null
        ? null
        : { actionKey: failed.actionKey, errorCode: failed.error.code, auditId: failed.auditId },
    notAttemptedActionKeys: notAttempted,
  });
  await reflectChanges(deps, site, inPlace);
  const stepOutcomes: AppliedStep[] = steps.map((step, i) => {
    const entry = applied[i];
    if (entry !== undefined) {
      return {
        actionKey: step.key,
        outcome: entry.outcome === 'already-in-place' ? 'already-in-place' : 'applied',
        auditId: entry.id,
        errorCode: null,
      };
    }
    if (failed !== null && failed.actionKey === step.key && i === applied.length) {
      return {
        actionKey: step.key,
        outcome: failed.outcomeUnknown ? 'outcome-unknown' : 'failed',
        auditId: failed.auditId,
        errorCode: failed.error.code,
      };
    }
    return { actionKey: step.key, outcome: 'not-attempted', auditId: null, errorCode: null };
  });
  return ok({
    planId: plan.id,
    status: failed === null ? 'applied' : 'failed',
    outcome:
      steps.length === 0
        ? 'nothing-to-apply'
        : failed === null
          ? 'applied'
          : applied.length > 0
            ? 'partially-applied'
            : 'failed',
    steps: stepOutcomes,
    applied,
    failed,
    notAttemptedActionKeys: notAttempted,
    guidedSteps: plan.actions.filter((a) => a.action.type === 'guidedStep' && a.skipped === null),
    pointsUsed: meter.used(),
  });
};
