/**
 * preview-plan: the findings the caller selected (by id, within what the caller may see) → planFixes → the
 * stored plan the preview modal shows. Unknown and invisible ids are refused alike (no existence leak).
 */
import { domainError, type DomainError } from '../../errors';
import { canSeeFinding, type Plan, type Viewer } from '../../model';
import type { Clock, FindingStore, IdSource, PlanStore, PointsBudget } from '../../ports';
import { err, ok, type Result } from '../../result';
import { planFixes } from '../../rules/planner';
import { createMeter } from '../shared/points';
import { loadSite, type SiteDeps } from '../shared/site-context';

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

export const previewPlan = async (
  deps: PreviewPlanDeps,
  input: PreviewPlanInput,
): Promise<Result<Plan, DomainError>> => {
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
  return ok(plan);
};
