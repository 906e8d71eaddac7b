/**
 * A whole fake installation: the site (acme, from test/support/builders), every store, the runtime ports,
 * and one `deps` object that satisfies every use case's deps (each takes the ports it names).
 */
import type { Policy } from '../../../src/core/model/site';
import { aDesk, aPolicy, aSpace, CUSTOMERS_GROUP, GUESTS_GROUP, PARTNERS_GROUP } from '../builders';
import { FakeBudget, FakeClock, FakeIds, FakeQueue } from './fake-runtime';
import { FakeSite } from './fake-site';
import {
  CrashSwitch,
  FakeAuditLog,
  FakeFindingStore,
  FakeGuestSpaceCache,
  FakePersonStore,
  FakePlanStore,
  FakePolicyStore,
  FakeScanCursorStore,
  FakeScanWorkingSet,
  FakeSiteSnapshotStore,
  FakeWatchStore,
} from './fake-stores';

export const T0 = Date.UTC(2026, 4, 4, 9, 0, 0);
export const ADMIN = 'admin-site';
export const AUTO_ADMIN = 'admin-auto';

export interface WorldOptions {
  readonly policy?: Policy;
  readonly budgetPerHour?: number;
}

export const makeWorld = (options: WorldOptions = {}) => {
  const site = new FakeSite({
    cloudId: 'cloud-acme',
    siteUrl: 'https://acme.atlassian.net',
    customersGroup: CUSTOMERS_GROUP,
    customerRoleGroupIds: [],
    guestGroupIds: [GUESTS_GROUP.id],
  });
  site.addGroup(GUESTS_GROUP).addGroup(PARTNERS_GROUP);
  site
    .addDesk(aDesk())
    .addDesk(aDesk({ id: '20', projectId: '20000', projectKey: 'OPEN', name: 'Open desk', access: 'open' }));
  site.addSpace(aSpace());
  site.admins.add(ADMIN).add(AUTO_ADMIN);

  const crash = new CrashSwitch();
  const clock = new FakeClock(T0);
  const budget = new FakeBudget(clock, options.budgetPerHour ?? 1_000_000);
  const stores = {
    findings: new FakeFindingStore(crash),
    persons: new FakePersonStore(crash),
    plans: new FakePlanStore(),
    audit: new FakeAuditLog(),
    policies: new FakePolicyStore(options.policy ?? aPolicy()),
    scanCursors: new FakeScanCursorStore(crash),
    workingSet: new FakeScanWorkingSet(crash),
    watch: new FakeWatchStore(crash),
    siteSnapshots: new FakeSiteSnapshotStore(),
    guestSpaces: new FakeGuestSpaceCache(),
  };
  const queue = new FakeQueue();
  const ids = new FakeIds();
  const deps = {
    directory: site.directory,
    serviceDesks: site.serviceDesks,
    confluence: site.confluence,
    siteDirectory: site.siteDirectory,
    impersonation: site.impersonation,
    ...stores,
    queue,
    budget,
    clock,
    ids,
  };
  return { site, crash, clock, budget, queue, ids, deps, ...stores };
};

export type World = ReturnType<typeof makeWorld>;
