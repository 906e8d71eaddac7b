/**
 * get-directory: names for the desk ids, space keys and group ids the panels show, from the stored site
 * snapshot (no REST read, no points). A site admin gets every desk, space and group the snapshot holds; a
 * project admin their desks; a space admin their space. Scoped admins get the groups their scope's fixes
 * can name: the site's customer-role groups and the groups of the Links that tie to their desk or space.
 */
import type { DomainError } from '../../errors';
import type { Desk, Group, Space, Viewer } from '../../model';
import type { PolicyStore, SiteSnapshotStore } from '../../ports';
import { ok, type Result } from '../../result';

export interface GetDirectoryDeps {
  readonly siteSnapshots: SiteSnapshotStore;
  readonly policies: PolicyStore;
}

export interface PanelDirectory {
  readonly desks: readonly Pick<Desk, 'id' | 'name' | 'projectKey'>[];
  readonly spaces: readonly Pick<Space, 'key' | 'name'>[];
  readonly groups: readonly Group[];
  /** When the snapshot was taken; null before the first scan. */
  readonly asOf: number | null;
}

const byKey = <T>(items: readonly T[], key: (item: T) => string): T[] =>
  [...new Map(items.map((item) => [key(item), item])).values()].sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0,
  );

export const getDirectory = async (
  deps: GetDirectoryDeps,
  input: { readonly viewer: Viewer },
): Promise<Result<PanelDirectory, DomainError>> => {
  const snapshot = await deps.siteSnapshots.get();
  if (snapshot === null) return ok({ desks: [], spaces: [], groups: [], asOf: null });
  const { viewer } = input;
  const allGroups = [snapshot.info.customersGroup, ...snapshot.groups];
  const desks = snapshot.desks
    .filter(
      (d) =>
        viewer.kind === 'site-admin' || (viewer.kind === 'project-admin' && viewer.deskIds.includes(d.id)),
    )
    .map((d) => ({ id: d.id, name: d.name, projectKey: d.projectKey }));
  const spaces = snapshot.spaces
    .filter(
      (s) =>
        viewer.kind === 'site-admin' || (viewer.kind === 'space-admin' && viewer.spaceKeys.includes(s.key)),
    )
    .map((s) => ({ key: s.key, name: s.name }));
  let groups: readonly Group[] = allGroups;
  if (viewer.kind !== 'site-admin') {
    const policy = await deps.policies.get();
    const links = policy.links.filter((l) =>
      viewer.kind === 'project-admin'
        ? viewer.deskIds.includes(l.deskId)
        : l.spaceKeys.some((k) => viewer.spaceKeys.includes(k)),
    );
    const named = new Set([
      snapshot.info.customersGroup.id,
      ...snapshot.info.customerRoleGroupIds,
      ...links.flatMap((l) => l.groupIds),
    ]);
    groups = allGroups.filter((g) => named.has(g.id));
  }
  return ok({
    desks: byKey(desks, (d) => d.id),
    spaces: byKey(spaces, (s) => s.key),
    groups: byKey(groups, (g) => g.id),
    asOf: snapshot.takenAt,
  });
};
