/**
 * What the viewer may apply themselves. Plan writes and undos run as the clicking admin (asUser), so the
 * site checks the admin's own rights, not the app's (atlassian-identity.md: group-membership writes need a
 * site admin; JSM customer writes need an admin of that service project, or a Jira admin). An action the
 * viewer cannot make is shown in the preview with the reason and refused by plan/apply and audit/undo before
 * any write, instead of failing on the site with a 403 and a failed audit entry.
 */
import { domainError, type DomainError } from '../../errors';
import type { Action, Plan, Viewer, ViewerBlockReason } from '../../model';

/** Why this viewer cannot make this action as themselves, or null when they can (guided steps: always). */
export const viewerCannotApply = (viewer: Viewer, action: Action): ViewerBlockReason | null => {
  if (viewer.kind === 'site-admin') return null;
  switch (action.type) {
    case 'addToGroup':
    case 'removeFromGroup':
      return 'needs-site-admin';
    case 'addCustomerToDesk':
    case 'removeCustomerFromDesk':
      return viewer.kind === 'project-admin' && viewer.deskIds.includes(action.deskId)
        ? null
        : 'needs-desk-admin';
    case 'guidedStep':
      return null;
  }
};

/** The plan's live (not skipped) actions this viewer cannot apply, by action key. */
export const blockedActions = (viewer: Viewer, plan: Plan): ReadonlyMap<string, ViewerBlockReason> => {
  const blocked = new Map<string, ViewerBlockReason>();
  for (const item of plan.actions) {
    if (item.skipped !== null) continue;
    const reason = viewerCannotApply(viewer, item.action);
    if (reason !== null) blocked.set(item.key, reason);
  }
  return blocked;
};

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * The refusal for actions the viewer cannot apply (AUTH.FORBIDDEN, `required` names the right): group
 * membership wins when both kinds are present, since it is the one a Jira admin must do.
 */
export const cannotApplyError = (reasons: readonly ViewerBlockReason[]): DomainError => {
  const groups = reasons.filter((r) => r === 'needs-site-admin').length;
  if (groups > 0) {
    return domainError({
      code: 'AUTH.FORBIDDEN',
      message: `Only a Jira admin can change group membership (${count(groups, 'step', 'steps')}). Ask a Jira admin to do this from Jira administration → Apps → Identity Reconciler.`,
      required: 'site-admin',
    });
  }
  return domainError({
    code: 'AUTH.FORBIDDEN',
    message: `Only an admin of that service project can change its customers (${count(reasons.length, 'step', 'steps')}). Ask an admin of that project, or a Jira admin.`,
    required: 'desk-admin',
  });
};
