/**
 * The SiteContext the rules need, from the stored site snapshot plus the current policy. The snapshot is
 * read from the site once (and refreshed by every scan and every policy change), so a per-person reconcile
 * never re-lists desks, groups or spaces.
 */
import type { DomainError } from '../../errors';
import type { Group, Policy, SiteContext, Space } from '../../model/site';
import type {
  Confluence,
  PolicyStore,
  ServiceDesks,
  SiteDirectory,
  SiteSnapshot,
  SiteSnapshotStore,
} from '../../ports';
import { ok, type Result } from '../../result';
import { batches, coreRead, identityRead, LIMITS, type Meter } from './points';

export interface SiteReadDeps {
  readonly siteDirectory: SiteDirectory;
  readonly serviceDesks: ServiceDesks;
  readonly confluence: Confluence;
}

export interface SiteDeps extends SiteReadDeps {
  readonly siteSnapshots: SiteSnapshotStore;
  readonly policies: PolicyStore;
}

const unique = (ids: Iterable<string>): string[] => [...new Set(ids)].sort();

/** Every group the rules reason about: Customer-role groups, guest groups and Link groups. */
export const relevantGroupIds = (info: SiteSnapshot['info'], policy: Policy): string[] =>
  unique([
    info.customersGroup.id,
    ...info.customerRoleGroupIds,
    ...info.guestGroupIds,
    ...policy.links.flatMap((l) => l.groupIds),
  ]);

export const linkedSpaceKeys = (policy: Policy): string[] => unique(policy.links.flatMap((l) => l.spaceKeys));

/** Read the site afresh (siteInfo, desks, the relevant groups, the linked spaces), budgeted. */
export const readSiteSnapshot = async (
  deps: SiteReadDeps,
  meter: Meter,
  policy: Policy,
  now: number,
): Promise<Result<SiteSnapshot, DomainError>> => {
  const info = await meter.run(
    identityRead(LIMITS.siteGroupsEstimate),
    () => deps.siteDirectory.siteInfo(),
    (i) => identityRead(1 + i.customerRoleGroupIds.length + i.guestGroupIds.length),
  );
  if (!info.ok) return info;
  const desks = await meter.run(
    coreRead(LIMITS.desksEstimate),
    () => deps.serviceDesks.desks(),
    (d) => coreRead(d.length),
  );
  if (!desks.ok) return desks;
  const groups: Group[] = [info.value.customersGroup];
  const toResolve = relevantGroupIds(info.value, policy).filter((id) => id !== info.value.customersGroup.id);
  for (const batch of batches(toResolve, LIMITS.groupBatch)) {
    const found = await meter.run(
      identityRead(batch.length),
      () => deps.siteDirectory.groupsByIds(batch),
      (g) => identityRead(g.length),
    );
    if (!found.ok) return found;
    groups.push(...found.value);
  }
  const spaces: Space[] = [];
  for (const batch of batches(linkedSpaceKeys(policy), LIMITS.spaceBatch)) {
    const found = await meter.run(
      coreRead(batch.length),
      () => deps.confluence.spacesWithKbAccess(batch),
      (s) => coreRead(s.length),
    );
    if (!found.ok) return found;
    spaces.push(...found.value);
  }
  return ok({ info: info.value, desks: desks.value, spaces, groups, takenAt: now });
};

export const toSiteContext = (snapshot: SiteSnapshot, policy: Policy): SiteContext => ({
  customersGroup: snapshot.info.customersGroup,
  customerRoleGroupIds: snapshot.info.customerRoleGroupIds,
  desks: snapshot.desks,
  spaces: snapshot.spaces,
  groups: snapshot.groups,
  policy,
  siteUrl: snapshot.info.siteUrl,
  cloudId: snapshot.info.cloudId,
});

export interface LoadedSite {
  readonly site: SiteContext;
  readonly snapshot: SiteSnapshot;
}

/** The stored snapshot (read and stored on first use) with the current policy. */
export const loadSite = async (
  deps: SiteDeps,
  meter: Meter,
  now: number,
): Promise<Result<LoadedSite, DomainError>> => {
  const policy = await deps.policies.get();
  let snapshot = await deps.siteSnapshots.get();
  if (snapshot === null) {
    const read = await readSiteSnapshot(deps, meter, policy, now);
    if (!read.ok) return read;
    snapshot = read.value;
    await deps.siteSnapshots.put(snapshot);
  }
  return ok({ site: toSiteContext(snapshot, policy), snapshot });
};
