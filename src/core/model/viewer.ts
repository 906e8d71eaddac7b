/**
 * Viewer — who is looking, as the entry layer authorised it from the Forge context (never the payload):
 * a site (Jira) admin sees everything; a JSM project admin, the persons and findings touching their desk(s);
 * a Confluence space admin, their space's guests and the findings touching their space(s) (product.md §5).
 */
import type { Account } from './account';
import type { Finding } from './finding';
import type { Person } from './person';

export type Viewer =
  | { readonly kind: 'site-admin' }
  | { readonly kind: 'project-admin'; readonly deskIds: readonly string[] }
  | { readonly kind: 'space-admin'; readonly spaceKeys: readonly string[] };

export const VIEWER_BLOCK_REASONS = ['needs-site-admin', 'needs-desk-admin'] as const;
/**
 * Why a viewer cannot make an action as themselves (use-cases/plans/viewer-capability.ts decides):
 * `needs-site-admin`: group membership (Jira and Confluence groups are site-wide; only site admins change
 * them). `needs-desk-admin`: a desk's customer list outside the viewer's own service project(s).
 */
export type ViewerBlockReason = (typeof VIEWER_BLOCK_REASONS)[number];

const intersects = (a: readonly string[], b: readonly string[]): boolean => a.some((x) => b.includes(x));

/** A finding is visible when its scope touches one of the viewer's desks or spaces. */
export const canSeeFinding = (viewer: Viewer, finding: Finding): boolean => {
  switch (viewer.kind) {
    case 'site-admin':
      return true;
    case 'project-admin':
      return intersects(finding.scope.deskIds, viewer.deskIds);
    case 'space-admin':
      return intersects(finding.scope.spaceKeys, viewer.spaceKeys);
  }
};

/** An account touches a desk when it is on its list or reported on it; a space when it is a guest of it. */
export const accountTouches = (viewer: Viewer, account: Account): boolean => {
  switch (viewer.kind) {
    case 'site-admin':
      return true;
    case 'project-admin':
      return (
        intersects(account.customerOfDeskIds, viewer.deskIds) ||
        intersects(account.reporterOnDeskIds, viewer.deskIds)
      );
    case 'space-admin':
      return account.isGuest && intersects(account.guestSpaceKeys, viewer.spaceKeys);
  }
};

/**
 * A person is visible when one of its accounts touches the viewer's desks or spaces, or one of its findings
 * does (a guest whose portal-only twin is on the desk is shown to that desk's admin).
 */
export const canSeePerson = (viewer: Viewer, person: Person, findings: readonly Finding[]): boolean =>
  viewer.kind === 'site-admin' ||
  person.accounts.some((a) => accountTouches(viewer, a)) ||
  findings.some((f) => canSeeFinding(viewer, f));
