import { createHash } from 'node:crypto';
import {
  generateSyntheticSite,
  PLANT_KINDS,
  type SyntheticSite,
} from '../../../local/atlassian-site/scenarios/synthetic';

const HEX24 = /^[0-9a-f]{24}$/;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const ATLASSIAN_557 = new RegExp(`^557058:${UUID}$`);
const PORTAL_ONLY = new RegExp(`^qm:${UUID}:[0-9a-f]{23}$`);

function fingerprint(out: SyntheticSite): string {
  const h = createHash('sha256');
  const s = out.site;
  h.update(`${s.siteName}|${s.cloudId}|${s.appAccountId}\n`);
  for (const a of s.accounts)
    h.update(
      `${a.accountId}|${a.accountType}|${a.displayName}|${a.email}|${a.emailVisible}|${a.status}|${a.createdAt}|` +
        `${a.isGuest}|${a.confluenceUser}|${a.siteAdmin}|${a.jiraAdmin}|${a.timeZone}\n`,
    );
  for (const g of s.groups) h.update(`${g.groupId}|${g.name}|${g.members.join(',')}\n`);
  for (const d of s.desks)
    h.update(
      `${d.id}|${d.projectKey}|${d.access}|${d.customers.join(',')}|${d.admins.join(',')}|${d.agents.join(',')}\n`,
    );
  for (const sp of s.spaces) h.update(`${sp.id}|${sp.key}|${sp.anonymousRead}|${sp.guests.join(',')}\n`);
  for (const r of s.requests)
    h.update(`${r.issueId}|${r.issueKey}|${r.deskId}|${r.reporter}|${r.createdAt}\n`);
  for (const o of s.organizations) h.update(`${o.id}|${o.members.join(',')}|${o.deskIds.join(',')}\n`);
  return h.digest('hex');
}

/** An independent recount of every planted kind, straight from the seed data. */
function recount(out: SyntheticSite): Record<string, number> {
  const { site, links } = out;
  const byId = new Map(site.accounts.map((a) => [a.accountId, a]));
  const customersGroup = site.groups.find(
    (g) => g.name === `jira-servicemanagement-customers-${site.siteName}`,
  );
  const roleHolders = new Set(customersGroup?.members ?? []);
  const listed = new Set(site.desks.flatMap((d) => d.customers));
  const reporters = new Set(site.requests.map((r) => r.reporter));
  const spaceGuests = new Set(site.spaces.flatMap((s) => s.guests));

  const byEmail = new Map<string, string[]>();
  for (const a of site.accounts) {
    if (a.email === null) continue;
    const key = a.email.trim().normalize('NFKC').toLowerCase();
    const ids = byEmail.get(key);
    if (ids === undefined) byEmail.set(key, [a.accountId]);
    else ids.push(a.accountId);
  }
  let duplicate = 0;
  let duplicateGuest = 0;
  for (const ids of byEmail.values()) {
    const accounts = ids.map((id) => byId.get(id));
    const portal = accounts.find((a) => a?.accountType === 'customer');
    const atlassian = accounts.find((a) => a?.accountType === 'atlassian');
    if (portal === undefined || atlassian === undefined) continue;
    expect(Date.parse(atlassian.createdAt)).toBeGreaterThan(Date.parse(portal.createdAt));
    if (atlassian.isGuest === true) duplicateGuest++;
    else duplicate++;
  }
  const possibleDuplicate = [...byEmail.keys()].filter(
    (k) => k.includes('+') && byEmail.has(k.replace(/\+[^@]*@/, '@')),
  ).length;

  const allowed = new Map(links.map((l) => [l.deskId, new Set(l.allowedDomains)]));
  let unexpectedDomain = 0;
  for (const d of site.desks)
    for (const id of d.customers) {
      const email = byId.get(id)?.email;
      if (email && !allowed.get(d.id)?.has(email.split('@')[1] ?? '')) unexpectedDomain++;
    }

  let linkedGroupDrift = 0;
  for (const l of links) {
    const desk = site.desks.find((d) => d.id === l.deskId);
    const space = site.spaces.find((s) => s.id === l.spaceId);
    const group = site.groups.find((g) => g.groupId === l.groupId);
    if (!desk || !space || !group) throw new Error('broken link');
    const members = new Set(group.members);
    const guests = new Set(space.guests);
    const customers = new Set(desk.customers);
    for (const id of guests) if (customers.has(id) && !members.has(id)) linkedGroupDrift++;
    for (const id of members) if (!guests.has(id) && !customers.has(id)) linkedGroupDrift++;
  }

  const atlassian = site.accounts.filter((a) => a.accountType === 'atlassian');
  return {
    duplicate,
    duplicateGuest,
    guestCustomer: atlassian.filter(
      (a) => a.isGuest && listed.has(a.accountId) && !roleHolders.has(a.accountId),
    ).length,
    guestWithoutSpace: atlassian.filter((a) => a.isGuest && !spaceGuests.has(a.accountId)).length,
    guestAlsoUser: atlassian.filter((a) => a.isGuest && a.confluenceUser).length,
    inactive: site.accounts.filter(
      (a) => a.status !== 'active' && (roleHolders.has(a.accountId) || listed.has(a.accountId)),
    ).length,
    unexpectedDomain,
    roleOrphan: [...roleHolders].filter((id) => !listed.has(id) && !reporters.has(id)).length,
    possibleDuplicate,
    emailUnresolved: atlassian.filter((a) => a.email === null).length,
    linkedGroupDrift,
    kbSignupRisk: site.spaces.filter(
      (s) => s.linkedDeskId !== undefined && s.unlicensedRead && !s.anonymousRead,
    ).length,
    hiddenEmail: atlassian.filter((a) => a.email !== null && !a.emailVisible).length,
  };
}

function checkIntegrity(out: SyntheticSite): void {
  const { site } = out;
  const ids = new Set(site.accounts.map((a) => a.accountId));
  expect(ids.size).toBe(site.accounts.length);
  const exists = (id: string): void => {
    if (!ids.has(id)) throw new Error(`dangling account id ${id}`);
  };
  const groupIds = new Set(site.groups.map((g) => g.groupId));
  expect(groupIds.size).toBe(site.groups.length);
  expect(new Set(site.groups.map((g) => g.name)).size).toBe(site.groups.length);
  const portalOnly = new Set(
    site.accounts.filter((a) => a.accountType === 'customer').map((a) => a.accountId),
  );
  for (const g of site.groups)
    for (const m of g.members) {
      exists(m);
      if (portalOnly.has(m)) throw new Error(`portal-only customer ${m} in group ${g.name}`);
    }
  const deskIds = new Set(site.desks.map((d) => d.id));
  const deskExists = (id: string): void => {
    if (!deskIds.has(id)) throw new Error(`dangling desk id ${id}`);
  };
  for (const d of site.desks) {
    d.customers.forEach(exists);
    d.admins.forEach(exists);
    d.agents.forEach(exists);
    if (d.admins.length === 0) throw new Error(`desk ${d.id} has no admin`);
    if (new Set(d.customers).size !== d.customers.length)
      throw new Error(`desk ${d.id} lists a customer twice`);
  }
  const guestOf = new Map<string, string>();
  for (const s of site.spaces) {
    s.admins.forEach(exists);
    for (const g of s.readGroups) if (!groupIds.has(g)) throw new Error(`dangling read group ${g}`);
    if (s.linkedDeskId !== undefined) deskExists(s.linkedDeskId);
    for (const g of s.guests) {
      exists(g);
      if (guestOf.has(g)) throw new Error(`guest ${g} has two spaces`);
      guestOf.set(g, s.id);
    }
  }
  const guests = new Set(site.accounts.filter((a) => a.isGuest === true).map((a) => a.accountId));
  for (const id of guestOf.keys()) if (!guests.has(id)) throw new Error(`space guest ${id} is not a guest`);
  const issueKeys = new Set<string>();
  for (const r of site.requests) {
    exists(r.reporter);
    deskExists(r.deskId);
    issueKeys.add(r.issueKey);
  }
  expect(issueKeys.size).toBe(site.requests.length);
  for (const o of site.organizations) {
    o.members.forEach(exists);
    o.deskIds.forEach(deskExists);
  }
  expect(site.accounts.find((a) => a.accountId === site.appAccountId)?.accountType).toBe('app');
}

describe('generateSyntheticSite', () => {
  const s42 = generateSyntheticSite({ size: 'S', seed: 42 });

  it('is deterministic: same seed → deep-equal S site; another seed → another site', () => {
    expect(generateSyntheticSite({ size: 'S', seed: 42 })).toEqual(s42);
    const other = generateSyntheticSite({ size: 'S', seed: 43 });
    expect(other.site.accounts[5]?.accountId).not.toBe(s42.site.accounts[5]?.accountId);
    expect(fingerprint(other)).not.toBe(fingerprint(s42));
  });

  it('produces exactly the requested number of accounts', () => {
    expect(s42.site.accounts).toHaveLength(1_000);
    expect(s42.stats.accounts).toBe(1_000);
    expect(generateSyntheticSite({ size: 2_345, seed: 'x' }).site.accounts).toHaveLength(2_345);
  });

  it('uses the documented id formats and default groups', () => {
    const { site } = s42;
    for (const a of site.accounts) {
      if (a.accountType === 'customer') expect(a.accountId).toMatch(PORTAL_ONLY);
      else if (a.accountType === 'app') expect(a.accountId).toMatch(HEX24);
      else expect(HEX24.test(a.accountId) || ATLASSIAN_557.test(a.accountId)).toBe(true);
    }
    const atlassian = site.accounts.filter((a) => a.accountType === 'atlassian');
    expect(atlassian.filter((a) => HEX24.test(a.accountId)).length).toBeGreaterThan(atlassian.length * 0.8);
    expect(site.groups.map((g) => g.name)).toEqual(
      expect.arrayContaining([
        'jira-servicemanagement-customers-synth',
        'confluence-guests-synth',
        'site-admins',
      ]),
    );
    expect(
      site.accounts.some((a) => a.accountType === 'atlassian' && a.email !== null && !a.emailVisible),
    ).toBe(true);
    expect(site.desks.length).toBeGreaterThanOrEqual(3);
    expect(site.spaces.filter((s) => s.linkedDeskId !== undefined)).toHaveLength(site.desks.length);
    expect(site.requests.length).toBeGreaterThan(300);
  });

  it('keeps referential integrity (S, and a larger site with high conflict rates)', () => {
    checkIntegrity(s42);
    checkIntegrity(
      generateSyntheticSite({
        size: 20_000,
        seed: 7,
        rates: { duplicate: 0.05, inactive: 0.05, linkedGroupDrift: 0.03, unexpectedDomain: 0.05 },
      }),
    );
  });

  it('reports exactly the conflicts it planted (independent recount)', () => {
    for (const out of [
      s42,
      generateSyntheticSite({
        size: 30_000,
        seed: 'recount',
        rates: {
          duplicate: 0.04,
          duplicateGuest: 0.02,
          guestCustomer: 0.02,
          guestWithoutSpace: 0.01,
          guestAlsoUser: 0.01,
          inactive: 0.03,
          unexpectedDomain: 0.03,
          roleOrphan: 0.01,
          possibleDuplicate: 0.02,
          emailUnresolved: 0.01,
          linkedGroupDrift: 0.02,
          kbSignupRisk: 0.5,
        },
      }),
    ]) {
      const { hiddenEmail, ...counted } = recount(out);
      expect(counted).toEqual(out.planted);
      expect(hiddenEmail).toBe(out.stats.hiddenEmail);
      expect(out.expectedFindings.DUPLICATE_ACCOUNTS).toBe(
        out.planted.duplicate + out.planted.duplicateGuest,
      );
      if (out !== s42) for (const k of PLANT_KINDS) expect(out.planted[k]).toBeGreaterThan(0);
    }
  });

  it('rejects invalid options', () => {
    expect(() => generateSyntheticSite({ size: 10, seed: 1 })).toThrow();
    expect(() =>
      generateSyntheticSite({ size: 'S', seed: 1, rates: { duplicate: 0.5, inactive: 0.2 } }),
    ).toThrow(/0\.6/);
    expect(() => generateSyntheticSite({ size: 'S', seed: 1, rates: { bogus: 1 } as never })).toThrow();
  });
});

describe('generateSyntheticSite at M (100k accounts)', () => {
  let first: SyntheticSite;
  beforeAll(() => {
    first = generateSyntheticSite({ size: 'M', seed: 2026 });
  }, 60_000);

  it('hashes identically across runs', () => {
    const again = generateSyntheticSite({ size: 'M', seed: 2026 });
    expect(fingerprint(again)).toBe(fingerprint(first));
    expect(again.planted).toEqual(first.planted);
  }, 60_000);

  it('plants each kind at its configured rate, within binomial tolerance', () => {
    const n = first.stats.persons;
    const defaults: Record<string, number> = {
      duplicate: 0.02,
      duplicateGuest: 0.005,
      guestCustomer: 0.005,
      guestWithoutSpace: 0.002,
      guestAlsoUser: 0.002,
      inactive: 0.01,
      unexpectedDomain: 0.01,
      roleOrphan: 0.003,
      possibleDuplicate: 0.003,
      emailUnresolved: 0.001,
      linkedGroupDrift: 0.003,
    };
    for (const [kind, p] of Object.entries(defaults)) {
      const got = first.planted[kind as keyof SyntheticSite['planted']];
      const tolerance = 5 * Math.sqrt(n * p * (1 - p)) + 1;
      expect(Math.abs(got - n * p)).toBeLessThanOrEqual(tolerance);
    }
    const atlassianWithEmail = first.site.accounts.filter(
      (a) => a.accountType === 'atlassian' && a.email !== null,
    );
    expect(first.stats.hiddenEmail / atlassianWithEmail.length).toBeCloseTo(0.3, 1);
    expect(first.site.accounts).toHaveLength(100_000);
    checkIntegrity(first);
  }, 60_000);

  it('follows a custom rate', () => {
    const out = generateSyntheticSite({ size: 50_000, seed: 9, rates: { duplicate: 0.1 } });
    expect(out.planted.duplicate / out.stats.persons).toBeGreaterThan(0.09);
    expect(out.planted.duplicate / out.stats.persons).toBeLessThan(0.11);
  }, 60_000);
});
