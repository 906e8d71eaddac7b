/**
 * ONE suite per site port, run against the real REST adapters (on the emulated demo site, through the real
 * @forge/api) and against the in-memory FakeSite seeded with the same demo data, so the fake cannot drift.
 * Expectations come from the demo seed, never from either implementation. Known, deliberate differences
 * of the real adapters (documented in docs/adapters.md) are asserted per implementation where noted.
 */
import { demoScenario } from '../../../local/atlassian-site/scenarios/demo';
import type { SiteSeed } from '../../../local/atlassian-site/seed';
import type { Confluence, Directory, ServiceDesks, SiteDirectory } from '../../../src/core/ports';
import { collectAll } from '../../../src/adapters/http/pagination';
import { createRestAdapters } from '../../../src/adapters/jira';
import { FakeSite } from '../../support/fakes';
import { startWorld, type World } from '../adapters/support';

jest.setTimeout(120_000);

const seed = demoScenario();

interface Ports {
  readonly kind: 'real' | 'fake';
  readonly directory: Directory;
  readonly serviceDesks: ServiceDesks;
  readonly confluence: Confluence;
  readonly siteDirectory: SiteDirectory;
}

/** The demo seed as a FakeSite. */
function fakeFromSeed(s: SiteSeed): FakeSite {
  const groupNamed = (prefix: string) => s.groups.find((g) => g.name.startsWith(prefix))!;
  const customers = groupNamed('jira-servicemanagement-customers-');
  const guests = groupNamed('confluence-guests-');
  const fake = new FakeSite({
    cloudId: s.cloudId,
    siteUrl: `https://${s.siteName}.atlassian.net`,
    customersGroup: { id: customers.groupId, name: customers.name },
    customerRoleGroupIds: [],
    guestGroupIds: [guests.groupId],
  });
  for (const g of s.groups) fake.addGroup({ id: g.groupId, name: g.name });
  for (const d of s.desks)
    fake.addDesk({
      id: d.id,
      projectId: d.projectId,
      projectKey: d.projectKey,
      name: d.projectName,
      access: d.access,
    });
  for (const sp of s.spaces)
    fake.addSpace({
      id: sp.id,
      key: sp.key,
      name: sp.name,
      anonymousRead: sp.anonymousRead,
      unlicensedRead: sp.unlicensedRead,
    });
  const licensed = s.groups.find((g) => g.name.startsWith('confluence-users-'))?.members ?? [];
  for (const a of s.accounts) {
    fake.addAccount(
      {
        accountId: a.accountId,
        kind: a.accountType,
        status: a.status,
        displayName: a.displayName,
        email: a.email,
        emailVisible: a.emailVisible,
        emailReadable: a.email !== null,
        isGuest: a.isGuest === true,
        hasUserRole: a.confluenceUser === true || licensed.includes(a.accountId),
        guestSpaceKeys: s.spaces.filter((sp) => sp.guests.includes(a.accountId)).map((sp) => sp.key),
      },
      {
        groups: s.groups.filter((g) => g.members.includes(a.accountId)).map((g) => g.groupId),
      },
    );
  }
  for (const d of s.desks) for (const id of d.customers) fake.addToDesk(d.id, id);
  return fake;
}

let world: World;
const implementations: [string, () => Ports][] = [
  [
    'real REST adapters on the emulated site',
    () => ({
      kind: 'real',
      ...createRestAdapters({
        cloudId: seed.cloudId,
        points: world.points,
        limits: world.limits,
        random: () => 0.5,
      }),
    }),
  ],
  [
    'FakeSite',
    () => {
      const fake = fakeFromSeed(seed);
      return {
        kind: 'fake',
        directory: fake.directory,
        serviceDesks: fake.serviceDesks,
        confluence: fake.confluence,
        siteDirectory: fake.siteDirectory,
      };
    },
  ],
];

beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

const groupsOf = (accountId: string) =>
  seed.groups
    .filter((g) => g.members.includes(accountId))
    .map((g) => g.groupId)
    .sort();

describe.each(implementations)('site ports: %s', (_name, make) => {
  let ports: Ports;
  beforeAll(() => {
    ports = make();
  });

  it('Directory.accountsByIds: profiles of known ids, unknown left out', async () => {
    const ids = seed.accounts.filter((a) => a.accountType !== 'app').map((a) => a.accountId);
    const profiles = await ports.directory.accountsByIds([...ids, 'no-such-account']);
    const expected = seed.accounts
      .filter((a) => a.accountType !== 'app')
      .map((a) => ({
        accountId: a.accountId,
        kind: a.accountType,
        status: a.status,
        displayName: a.displayName,
        visibleEmail: a.emailVisible ? a.email : null,
      }));
    const byId = (x: { accountId: string }, y: { accountId: string }) => (x.accountId < y.accountId ? -1 : 1);
    expect([...profiles].sort(byId)).toEqual(expected.sort(byId));
  });

  it('Directory.emailsByIds: hidden emails are read; an account without email maps to null', async () => {
    const ids = seed.accounts.filter((a) => a.accountType !== 'app').map((a) => a.accountId);
    const emails = await ports.directory.emailsByIds(ids);
    for (const a of seed.accounts.filter((x) => x.accountType !== 'app'))
      expect(emails.get(a.accountId)).toBe(a.email);
  });

  it('Directory.accountIdsForEmail: exact email-key matches among visible emails', async () => {
    const visible = seed.accounts.find(
      (a) => a.emailVisible && a.email !== null && a.status === 'active' && a.accountType === 'atlassian',
    )!;
    const ids = await ports.directory.accountIdsForEmail(visible.email!.toUpperCase());
    expect(ids).toContain(visible.accountId);
  });

  it('Directory.groupsOfAccount and membersOfGroup / memberCount agree with the seed', async () => {
    for (const a of seed.accounts.filter((x) => x.accountType === 'atlassian').slice(0, 6))
      expect(await ports.directory.groupsOfAccount(a.accountId)).toEqual(groupsOf(a.accountId));
    for (const g of seed.groups) {
      const members = await collectAll((cursor) =>
        ports.directory.membersOfGroup(g.groupId, { cursor, limit: 50 }),
      );
      expect([...members].sort()).toEqual([...g.members].sort());
      expect(await ports.directory.memberCount(g.groupId)).toBe(g.members.length);
      // The watch's read from the total last seen answers the same total, whatever was seen.
      for (const known of [0, g.members.length, g.members.length + 3, Math.max(0, g.members.length - 1)])
        expect(await ports.directory.memberCount(g.groupId, known)).toBe(g.members.length);
    }
  });

  it('ServiceDesks: desks, customer lists (whole and by email) and counts', async () => {
    const desks = await ports.serviceDesks.desks();
    expect(desks.map((d) => [d.id, d.projectId, d.projectKey]).sort()).toEqual(
      seed.desks.map((d) => [d.id, d.projectId, d.projectKey]).sort(),
    );
    for (const d of desks) {
      const seeded = seed.desks.find((x) => x.id === d.id)!;
      // JSM does not expose desk access: the real adapter reports 'unknown'.
      expect(d.access).toBe(ports.kind === 'real' ? 'unknown' : seeded.access);
      const customers = await collectAll((cursor) =>
        ports.serviceDesks.customersOfDesk(d.id, { cursor, limit: 50 }),
      );
      expect([...customers].sort()).toEqual([...seeded.customers].sort());
      expect(await ports.serviceDesks.customerCount(d.id)).toBe(seeded.customers.length);
      // The watch's growth signal: true exactly when the list holds more than the known total.
      const beyond = ports.serviceDesks.customersBeyond?.bind(ports.serviceDesks);
      if (beyond !== undefined) {
        const n = seeded.customers.length;
        expect(await beyond(d.id, n)).toBe(false);
        expect(await beyond(d.id, n + 5)).toBe(false);
        if (n > 0) expect(await beyond(d.id, n - 1)).toBe(true);
        expect(await beyond(d.id, 0)).toBe(n > 0);
      }
    }
    const desk = seed.desks.find((d) =>
      d.customers.some((id) => seed.accounts.find((a) => a.accountId === id)?.emailVisible === true),
    )!;
    const listed = seed.accounts.find(
      (a) => desk.customers.includes(a.accountId) && a.emailVisible && a.email !== null,
    )!;
    const matching = await collectAll((cursor) =>
      ports.serviceDesks.customersOfDesk(desk.id, { cursor, limit: 50 }, listed.email!),
    );
    expect(matching).toContain(listed.accountId);
  });

  it('SiteDirectory: customers and guests groups, groups by id', async () => {
    const info = await ports.siteDirectory.siteInfo();
    expect(info.cloudId).toBe(seed.cloudId);
    expect(info.customersGroup.name).toBe(`jira-servicemanagement-customers-${seed.siteName}`);
    expect(info.guestGroupIds).toEqual([
      seed.groups.find((g) => g.name === `confluence-guests-${seed.siteName}`)!.groupId,
    ]);
    const some = seed.groups.slice(0, 3).map((g) => g.groupId);
    const groups = await ports.siteDirectory.groupsByIds([...some, 'no-such-group']);
    expect(groups.map((g) => g.id)).toEqual(some);
  });

  it('Confluence: guest facts and KB flags', async () => {
    const people = seed.accounts.filter((a) => a.accountType === 'atlassian');
    const facts = await ports.confluence.usersFacts(people.map((a) => a.accountId));
    expect(facts.map((f) => f.accountId).sort()).toEqual(people.map((a) => a.accountId).sort());
    for (const f of facts) {
      const a = people.find((p) => p.accountId === f.accountId)!;
      expect(f.isGuest).toBe(a.isGuest === true);
      if (f.isGuest) {
        expect(f.guestSpaceKeys).toEqual(
          seed.spaces
            .filter((s) => s.guests.includes(a.accountId))
            .map((s) => s.key)
            .sort(),
        );
        expect(f.hasUserRole).toBe(a.confluenceUser === true);
      }
    }
    // Only the named spaces are read: a guest assigned elsewhere reports none; none named, none read.
    const guests = people.filter(
      (a) => a.isGuest === true && seed.spaces.some((s) => s.guests.includes(a.accountId)),
    );
    expect(guests.length).toBeGreaterThan(1);
    const [first] = seed.spaces.filter((s) => s.guests.length > 0);
    const limited = await ports.confluence.usersFacts(
      guests.map((a) => a.accountId),
      { onlySpaceKeys: [first!.key, 'NOPE'] },
    );
    expect(limited).toHaveLength(guests.length);
    expect(guests.some((a) => !first!.guests.includes(a.accountId))).toBe(true);
    for (const f of limited)
      expect(f.guestSpaceKeys).toEqual(first!.guests.includes(f.accountId) ? [first!.key] : []);
    const none = await ports.confluence.usersFacts(
      guests.map((a) => a.accountId),
      { onlySpaceKeys: [] },
    );
    expect(none.map((f) => `${f.accountId}:${f.isGuest}:${f.guestSpaceKeys.join(',')}`).sort()).toEqual(
      guests.map((a) => `${a.accountId}:true:`).sort(),
    );
    const spaces = await ports.confluence.spacesWithKbAccess([...seed.spaces.map((s) => s.key), 'NOPE']);
    expect(spaces).toEqual(
      seed.spaces.map((s) => ({
        id: s.id,
        key: s.key,
        name: s.name,
        anonymousRead: s.anonymousRead,
        unlicensedRead: s.unlicensedRead,
      })),
    );
  });
});
