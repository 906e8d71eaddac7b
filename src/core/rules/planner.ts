/**
 * The planner: findings → an ordered, de-duplicated, previewable Plan (product.md §2 "Plan").
 *
 * - Actions are de-duplicated across findings by `actionKey`; a step lists every finding it serves.
 * - Order: safe additions, then review removals, then guided steps; within a class, by action type (group
 *   before desk: an Atlassian account needs the Customer role before it can be put on a desk), then by key.
 * - Steps are kept but marked skipped, with the reason shown in the preview: change actions on protected
 *   accounts, removals from desks that are not closed (the API refuses them), and safety classes the caller
 *   did not include.
 * - Blast-radius guard: more non-skipped review removals than the policy threshold → `requiresConfirmation`,
 *   and `checkApproval` refuses the plan until it is explicitly confirmed.
 * - A step's inverse is the one the app can make: none for a customer added to a desk known to be open or
 *   public (JSM removes customers only from closed desks), so the preview says the app cannot undo it.
 */
import { domainError, type DomainError } from '../errors';
import {
  type Action,
  actionKey,
  type Finding,
  type Fix,
  type Plan,
  type PlannedAction,
  reachableInverse,
  type SafetyClass,
} from '../model';
import type { SiteContext } from '../model/site';
import { err, ok, type Result } from '../result';
import { siteIndex, type SiteIndex, sortedUnique } from './common';

export interface PlanOptions {
  readonly planId: string;
  /** Epoch ms, from the Clock port. */
  readonly now: number;
  /** Only these findings (default: all given). */
  readonly selectedFindingIds?: readonly string[];
  /** Safety classes to apply (default: all); other steps stay in the preview, skipped as `not-selected`. */
  readonly include?: readonly SafetyClass[];
}

const SAFETY_RANK: Readonly<Record<SafetyClass, number>> = { safe: 0, review: 1, manual: 2 };
const TYPE_RANK: Readonly<Record<Action['type'], number>> = {
  addToGroup: 0,
  addCustomerToDesk: 1,
  removeFromGroup: 2,
  removeCustomerFromDesk: 3,
  guidedStep: 4,
};

const TYPE_COUNT = Object.keys(TYPE_RANK).length;
/** First rank character: '0'; ranks stay below 15, so the characters are increasing ASCII. */
const RANK_BASE = 0x30;

const skipReason = (
  fix: Fix,
  index: SiteIndex,
  include: ReadonlySet<SafetyClass> | null,
): PlannedAction['skipped'] => {
  const action = fix.action;
  if (action.type !== 'guidedStep' && index.protectedAccountIds.has(action.accountId)) {
    return { reason: 'protected-account' };
  }
  if (action.type === 'removeCustomerFromDesk' && index.deskById.get(action.deskId)?.access !== 'closed') {
    return { reason: 'desk-not-closed' };
  }
  if (include !== null && !include.has(fix.safety)) return { reason: 'not-selected' };
  return null;
};

/** Build the plan for the selected findings. Pure: same findings, site and options → same plan. */
export const planFixes = (findings: readonly Finding[], site: SiteContext, options: PlanOptions): Plan => {
  const index = siteIndex(site);
  const selected =
    options.selectedFindingIds === undefined
      ? findings
      : findings.filter((f) => (options.selectedFindingIds ?? []).includes(f.id));
  const include = options.include === undefined ? null : new Set(options.include);

  // Most steps serve one finding: its id is kept as a string until a second one arrives.
  const byKey = new Map<string, { fix: Fix; findingIds: string | string[] }>();
  for (const finding of selected) {
    for (const fix of finding.fixes) {
      const key = actionKey(fix.action);
      const entry = byKey.get(key);
      if (entry === undefined) byKey.set(key, { fix, findingIds: finding.id });
      else if (typeof entry.findingIds === 'string') entry.findingIds = [entry.findingIds, finding.id];
      else entry.findingIds.push(finding.id);
    }
  }

  // Order: safety rank, then type rank, then key (UTF-16 code units). One rank character before the unique
  // key gives exactly that order to the native string sort, without a JS comparator call per comparison.
  const decorated: string[] = [];
  const byDecorated = new Map<string, PlannedAction>();
  for (const [key, { fix, findingIds }] of byKey) {
    const planned: PlannedAction = {
      action: fix.action,
      safety: fix.safety,
      inverse:
        fix.inverse === null || fix.action.type === 'guidedStep'
          ? fix.inverse
          : reachableInverse(fix.action, (id) => index.deskById.get(id)?.access),
      key,
      findingIds: typeof findingIds === 'string' ? [findingIds] : sortedUnique(findingIds),
      skipped: skipReason(fix, index, include),
    };
    const rank = SAFETY_RANK[fix.safety] * TYPE_COUNT + TYPE_RANK[fix.action.type];
    const sortKey = String.fromCharCode(RANK_BASE + rank) + key;
    decorated.push(sortKey);
    byDecorated.set(sortKey, planned);
  }
  decorated.sort();
  const actions: PlannedAction[] = decorated.map((k) => byDecorated.get(k) as PlannedAction);

  const counts = { safe: 0, review: 0, manual: 0 };
  for (const a of actions) if (a.skipped === null) counts[a.safety] += 1;
  const threshold = site.policy.blastRadiusThreshold;
  return {
    id: options.planId,
    createdAt: options.now,
    findingIds: sortedUnique(selected.map((f) => f.id)),
    actions,
    counts,
    requiresConfirmation: counts.review > threshold,
    blastRadiusThreshold: threshold,
  };
};

/** The actions a plan will actually perform, in order (non-skipped change actions). */
export const appliedSteps = (plan: Plan): PlannedAction[] =>
  plan.actions.filter((a) => a.skipped === null && a.action.type !== 'guidedStep');

/** Refuse a plan whose review removals exceed the blast-radius threshold unless explicitly confirmed. */
export const checkApproval = (
  plan: Plan,
  approval: { readonly confirmed: boolean },
): Result<Plan, DomainError> =>
  plan.requiresConfirmation && !approval.confirmed
    ? err(
        domainError({
          code: 'PLAN.BLAST_RADIUS_EXCEEDED',
          message:
            `This plan removes ${plan.counts.review} memberships, more than the limit of ` +
            `${plan.blastRadiusThreshold}. Confirm it explicitly to apply it.`,
          reviewRemovals: plan.counts.review,
          threshold: plan.blastRadiusThreshold,
        }),
      )
    : ok(plan);

/**
 * Is this fix one the Links' auto-fix switches allow? Only safe additions, never for protected accounts:
 *  - `customerRole`: GUEST_WITHOUT_CUSTOMER_ROLE's customers-group addition, when the guest is a customer of
 *    a desk whose Link has the switch on;
 *  - `linkedGroupAdd`: LINKED_GROUP_DRIFT's additions to a group of a Link (of the finding's desk) that has
 *    the switch on.
 */
const autoFixAllowed = (finding: Finding, fix: Fix, site: SiteContext, index: SiteIndex): boolean => {
  const action = fix.action;
  if (fix.safety !== 'safe' || action.type !== 'addToGroup') return false;
  if (index.protectedAccountIds.has(action.accountId)) return false;
  const links = finding.scope.deskIds.flatMap((d) => index.linksByDesk.get(d) ?? []);
  switch (finding.code) {
    case 'GUEST_WITHOUT_CUSTOMER_ROLE':
      return action.groupId === site.customersGroup.id && links.some((l) => l.autoFix.customerRole);
    case 'LINKED_GROUP_DRIFT':
      return links.some((l) => l.autoFix.linkedGroupAdd && l.groupIds.includes(action.groupId));
    default:
      return false;
  }
};

/** The plan automatic reconciliation may apply on its own: safe, switched-on, unprotected steps only. */
export const autoFixPlan = (
  findings: readonly Finding[],
  site: SiteContext,
  options: Pick<PlanOptions, 'planId' | 'now'>,
): Plan => {
  const index = siteIndex(site);
  const reduced: Finding[] = [];
  for (const finding of findings) {
    const fixes = finding.fixes.filter((fix) => autoFixAllowed(finding, fix, site, index));
    if (fixes.length > 0) reduced.push({ ...finding, fixes });
  }
  const plan = planFixes(reduced, site, { ...options, include: ['safe'] });
  return { ...plan, actions: plan.actions.filter((a) => a.skipped === null) };
};
