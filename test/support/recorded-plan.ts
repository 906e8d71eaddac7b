/**
 * The plan as the pre-optimisation core recorded it (test/unit/perf-equivalence): then every change step
 * carried its inverse. Since the planner offers no inverse for a customer added to a desk that is not closed
 * (JSM refuses that removal: `reachableInverse`), the recorded digests are compared with those inverses put
 * back, so the comparison still proves every other byte of the output unchanged.
 */
import { inverseOf, type ChangeAction, type Plan } from '../../src/core/model';

export const asRecordedPlan = (plan: Plan): Plan => ({
  ...plan,
  actions: plan.actions.map((a) =>
    a.inverse === null && a.action.type === 'addCustomerToDesk'
      ? { ...a, inverse: inverseOf(a.action as ChangeAction) }
      : a,
  ),
});
