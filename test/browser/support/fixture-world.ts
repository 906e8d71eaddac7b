/**
 * The browser tests' world: the real emulated site (local/atlassian-site) with a tiny seed, the real local
 * Forge runtime running test/browser/fixture-app, and the preview host, all on one VirtualClock.
 */
import path from 'node:path';
import { createSite, type SiteHandle } from '../../../local/atlassian-site/index';
import type { SeedAccount, SiteSeed } from '../../../local/atlassian-site/seed';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import { createForgeRuntime, type ForgeRuntime } from '../../../local/forge-runtime';
import { createPreviewHost, type PreviewHost } from '../../../local/preview';

export const FIXTURE_APP = path.resolve(__dirname, '..', 'fixture-app');
export const FIXTURE_APP_ID = '5e1f0c2a-7d44-4b9e-9a61-0b7e5c3d2f10';

export const PEOPLE = {
  alice: { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Alice Admin' },
  pat: { accountId: '5b10ac8d82e05b22cc7d4ef6', displayName: 'Pat Project' },
  sam: { accountId: '5b10ac8d82e05b22cc7d4ef7', displayName: 'Sam Space' },
  nina: { accountId: '5b10ac8d82e05b22cc7d4ef8', displayName: 'Nina Nobody' },
} as const;
export const DESK_ID = '1';
export const SPACE_ID = '2001';

const account = (
  a: { accountId: string; displayName: string },
  extra: Partial<SeedAccount> = {},
): SeedAccount => ({
  accountId: a.accountId,
  accountType: 'atlassian',
  displayName: a.displayName,
  email: `${a.displayName.split(' ')[0]?.toLowerCase() ?? 'x'}@fixture.example`,
  emailVisible: true,
  status: 'active',
  createdAt: '2026-01-05T10:00:00.000Z',
  confluenceUser: true,
  ...extra,
});

export function fixtureSeed(): SiteSeed {
  const customer = 'qm:0f7a9c2e-1111-4c4c-9a9a-000000000001:5b10ac8d82e05b22cc7d4f00';
  return {
    siteName: 'fixture',
    cloudId: 'a9b8c7d6-0000-4000-8000-00000000f1x0',
    appAccountId: '5b10ac8d82e05b22cc7d4ef9',
    accounts: [
      account(PEOPLE.alice, { siteAdmin: true, jiraAdmin: true }),
      account(PEOPLE.pat),
      account(PEOPLE.sam),
      account(PEOPLE.nina),
      {
        accountId: customer,
        accountType: 'customer',
        displayName: 'Carla Customer',
        email: 'carla@fixture.example',
        emailVisible: true,
        status: 'active',
        createdAt: '2026-02-01T10:00:00.000Z',
      },
      {
        accountId: '5b10ac8d82e05b22cc7d4ef9',
        accountType: 'app',
        displayName: 'Fixture App',
        email: null,
        emailVisible: false,
        status: 'active',
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ],
    groups: [
      { groupId: 'g-site-admins', name: 'site-admins', members: [PEOPLE.alice.accountId] },
      { groupId: 'g-customers', name: 'jira-servicemanagement-customers-fixture', members: [] },
      { groupId: 'g-guests', name: 'confluence-guests-fixture', members: [] },
      {
        groupId: 'g-conf-users',
        name: 'confluence-users-fixture',
        members: [PEOPLE.alice.accountId, PEOPLE.pat.accountId, PEOPLE.sam.accountId, PEOPLE.nina.accountId],
      },
    ],
    desks: [
      {
        id: DESK_ID,
        projectId: '10001',
        projectKey: 'FIX',
        projectName: 'Fixture Desk',
        access: 'open',
        customers: [customer],
        admins: [PEOPLE.pat.accountId],
        agents: [],
      },
    ],
    spaces: [
      {
        id: SPACE_ID,
        key: 'FKB',
        name: 'Fixture KB',
        anonymousRead: false,
        unlicensedRead: false,
        admins: [PEOPLE.sam.accountId],
        guests: [],
        readGroups: ['g-conf-users'],
        linkedDeskId: DESK_ID,
      },
    ],
    requests: [],
    organizations: [],
  };
}

export interface FixtureWorld {
  clock: VirtualClock;
  site: SiteHandle;
  runtime: ForgeRuntime;
  host: PreviewHost;
  close(): Promise<void>;
}

export async function startFixtureWorld(): Promise<FixtureWorld> {
  const clock = new VirtualClock();
  const site = await createSite({ clock, seed: fixtureSeed(), appId: FIXTURE_APP_ID });
  const runtime = await createForgeRuntime({
    appRoot: FIXTURE_APP,
    siteUrl: site.url,
    clock,
    appId: FIXTURE_APP_ID,
    cloudId: site.state.cloudId,
    consentedAccounts: Object.values(PEOPLE).map((p) => p.accountId), // everyone has allowed access
  });
  const host = await createPreviewHost({ runtime, siteUrl: site.url, clock, appRoot: FIXTURE_APP, port: 0 });
  return {
    clock,
    site,
    runtime,
    host,
    async close() {
      await host.close();
      await runtime.close();
      await site.close();
    },
  };
}
