/**
 * preview-plan: the findings the caller selected (by id, within what the caller may see) → planFixes → the
 * stored plan the preview modal shows, with the actions this viewer cannot apply themselves and why
 * (viewer-capability.ts: a project or space admin cannot change group membership). Unknown and invisible ids
 * are refused alike (no existence leak).
 */
import { domainError, type DomainError } from '../../errors';
import { canSeeFinding, type Plan, type Viewer, type ViewerBlockReason } from '../../model';
import type { Clock, FindingStore, IdSource, PlanStore, PointsBudget } from '../../ports';
import { err, ok, type Result } from '../../result';
import { planFixes } from '../../rules/planner';
import { createMeter } from '../shared/points';
import { loadSite, type SiteDeps } from '../shared/site-context';
import { blockedActions } from './viewer-capability';

export interface PreviewPlanDeps extends SiteDeps {
  readonly findings: FindingStore;
  readonly plans: PlanStore;
  readonly ids: IdSource;
  readonly clock: Clock;
  readonly budget: PointsBudget;
}

export interface PreviewPlanInput {
  readonly viewer: Viewer;
  readonly findingIds: readonly string[];
  readonly now: number;
}

/** The stored plan, plus what the viewer cannot apply (not stored: the plan is the same for every viewer). */
export interface PlanPreview extends Plan {
  /** Live actions this viewer cannot apply themselves, by action key, with the reason. */
  readonly blocked: ReadonlyMap<string, ViewerBlockReason>;
}

export const previewPlan = async (
  deps: PreviewPlanDeps,
  input: PreviewPlanInput,
): Promise<Result<PlanPreview, DomainError>> => {
  const ids = [...new Set(input.findingIds)];
  if (ids.length === 0)
    return err(domainError({ code: 'INPUT.INVALID', message: 'Select at least one finding.' }));
  const visible = (await deps.findings.byIds(ids)).filter((f) => canSeeFinding(input.viewer, f));
  if (visible.length !== ids.length) {
    return err(
      domainError({
        code: 'INPUT.INVALID',
        message: `${ids.length - visible.length} of the selected findings no longer exist or are outside your scope. Refresh the list.`,
      }),
    );
  }
  const loaded = await loadSite(deps, createMeter(deps.budget), input.now);
  if (!loaded.ok) return loaded;
  const plan = planFixes(visible, loaded.value.site, {
    planId: deps.ids.next(),
    now: input.now,
    selectedFindingIds: ids,
  });
  await deps.plans.put(plan);
  return ok({ ...plan, blocked: blockedActions(input.viewer, plan) });
};
