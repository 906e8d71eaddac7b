/**
 * SiteSeed (the emulated site's data) → the core's input: Accounts and a SiteContext. This mirrors what the
 * adapters will hand the core after a scan (docs/use-cases.md §3 source list), so the core-scale bench runs
 * the rules on the same facts the engine will:
 *  - kind from `accountType`, status as is, `firstSeenAt` from `createdAt`;
 *  - email: visible → `profile`; hidden → read as the app through the email API (`email-api`); none →
 *    `unresolved`;
 *  - groupIds: only the groups the scan lists (Customer-role group, guest group, Link groups);
 *  - guest flag and Confluence user role from the Confluence facts, guest spaces from the spaces' guests;
 *  - customer lists and reporter desks from the desks and the requests.
 * Lists are sorted and de-duplicated (canonical, like the scan's working set).
 */
import type { Account } from '../src/core/model/account';
import type { Desk, Link, SiteContext, Space } from '../src/core/model/site';
import type { SiteSeed } from '../local/atlassian-site/seed';
import type { SyntheticSite } from '../local/atlassian-site/scenarios/synthetic';

export interface CoreInput {
  readonly accounts: Account[];
  readonly site: SiteContext;
}

const EMPTY: readonly string[] = Object.freeze([]);

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Adds `value` to the list of `key`; lists are later sorted and de-duplicated. */
const push = (map: Map<string, string[]>, key: string, value: string): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

const canonical = (list: string[] | undefined): readonly string[] => {
  if (list === undefined || list.length === 0) return EMPTY;
  if (list.length === 1) return list;
  return [...new Set(list)].sort(byString);
};

export const customersGroupName = (seed: SiteSeed): string =>
  `jira-servicemanagement-customers-${seed.siteName}`;
export const guestsGroupName = (seed: SiteSeed): string => `confluence-guests-${seed.siteName}`;

/** The Links a bench configures for a synthetic site: one per desk, its KB space, its group and domains. */
export const linksOf = (synthetic: SyntheticSite): Link[] => {
  const spaceKeyById = new Map(synthetic.site.spaces.map((s) => [s.id, s.key]));
  return synthetic.links.map((l) => ({
    id: `link-${l.deskId}`,
    deskId: l.deskId,
    spaceKeys: [spaceKeyById.get(l.spaceId) ?? l.spaceId],
    groupIds: [l.groupId],
    allowedDomains: l.allowedDomains,
    autoFix: { customerRole: false, linkedGroupAdd: false },
  }));
};

export const siteContextOf = (synthetic: SyntheticSite): SiteContext => {
  const seed = synthetic.site;
  const customers = seed.groups.find((g) => g.name === customersGroupName(seed));
  if (customers === undefined) throw new Error('synthetic site has no customers group');
  const desks: Desk[] = seed.desks.map((d) => ({
    id: d.id,
    projectId: d.projectId,
    projectKey: d.projectKey,
    name: d.projectName,
    access: d.access,
  }));
  const spaces: Space[] = seed.spaces.map((s) => ({
    id: s.id,
    key: s.key,
    name: s.name,
    anonymousRead: s.anonymousRead,
    unlicensedRead: s.unlicensedRead,
  }));
  return {
    customersGroup: { id: customers.groupId, name: customers.name },
    customerRoleGroupIds: [],
    desks,
    spaces,
    groups: seed.groups.map((g) => ({ id: g.groupId, name: g.name })),
    policy: {
      schemaVersion: 1,
      links: linksOf(synthetic),
      protectedAccountIds: [],
      blastRadiusThreshold: 50,
      autoFixActorAccountId: null,
    },
    siteUrl: `https://${seed.siteName}.atlassian.net`,
    cloudId: seed.cloudId,
  };
};

/** Ids of the groups the scan lists: Customer-role group, guest group, Link groups. */
export const relevantGroupIds = (synthetic: SyntheticSite): string[] => {
  const seed = synthetic.site;
  const names = new Set([customersGroupName(seed), guestsGroupName(seed)]);
  const ids = seed.groups.filter((g) => names.has(g.name)).map((g) => g.groupId);
  return [...new Set([...ids, ...synthetic.links.map((l) => l.groupId)])];
};

export const accountsOf = (synthetic: SyntheticSite): Account[] => {
  const seed = synthetic.site;
  const groupsOf = new Map<string, string[]>();
  const relevant = new Set(relevantGroupIds(synthetic));
  for (const g of seed.groups) {
    if (!relevant.has(g.groupId)) continue;
    for (const id of g.members) push(groupsOf, id, g.groupId);
  }
  const listedOn = new Map<string, string[]>();
  for (const d of seed.desks) for (const id of d.customers) push(listedOn, id, d.id);
  const reportedOn = new Map<string, string[]>();
  for (const r of seed.requests) push(reportedOn, r.reporter, r.deskId);
  const guestOf = new Map<string, string[]>();
  for (const s of seed.spaces) for (const id of s.guests) push(guestOf, id, s.key);

  const accounts: Account[] = new Array<Account>(seed.accounts.length);
  for (let i = 0; i < seed.accounts.length; i += 1) {
    const a = seed.accounts[i] as SiteSeed['accounts'][number];
    const id = a.accountId;
    accounts[i] = {
      accountId: id,
      kind: a.accountType,
      status: a.status,
      displayName: a.displayName,
      email: a.email,
      emailSource: a.email === null ? 'unresolved' : a.emailVisible ? 'profile' : 'email-api',
      groupIds: canonical(groupsOf.get(id)),
      isGuest: a.isGuest === true,
      hasConfluenceUserRole: a.confluenceUser === true,
      guestSpaceKeys: a.isGuest === true ? canonical(guestOf.get(id)) : EMPTY,
      customerOfDeskIds: canonical(listedOn.get(id)),
      reporterOnDeskIds: canonical(reportedOn.get(id)),
      firstSeenAt: Date.parse(a.createdAt),
    };
  }
  return accounts;
};

export const coreInputOf = (synthetic: SyntheticSite): CoreInput => ({
  accounts: accountsOf(synthetic),
  site: siteContextOf(synthetic),
});
