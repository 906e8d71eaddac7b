/**
 * What every rule shares: a per-site index (built once per SiteContext object and memoised, so evaluating a
 * million persons does not rebuild it), the "customer of a desk" semantics, deterministic finding ids, and
 * the wording helpers that keep emails and display names out of every text.
 */
import {
  type Account,
  type AccountKind,
  type ChangeAction,
  type Evidence,
  type Finding,
  type FindingCode,
  type FindingSubject,
  type Fix,
  type GuidedStep,
  inverseOf,
  safetyOf,
  SEVERITY_OF,
} from '../model';
import type { Person } from '../model/person';
import type { Desk, Link, SiteContext, Space } from '../model/site';

/** A person-level rule: a pure function of one person and the site. */
export type PersonRule = (person: Person, site: SiteContext) => Finding[];

/** A desk's allowed domains, normalised: `dotted[i]` is `.` + `exact[i]` (UNEXPECTED_CUSTOMER). */
export interface DeskDomains {
  readonly exact: readonly string[];
  readonly dotted: readonly string[];
}

export interface SiteIndex {
  readonly customerRoleGroupIds: ReadonlySet<string>;
  readonly deskById: ReadonlyMap<string, Desk>;
  readonly spaceByKey: ReadonlyMap<string, Space>;
  /** Links in policy order, and by desk / by group. */
  readonly links: readonly Link[];
  readonly linksByDesk: ReadonlyMap<string, readonly Link[]>;
  readonly linksByGroup: ReadonlyMap<string, readonly Link[]>;
  /** Every group named by some Link. */
  readonly linkGroupIds: ReadonlySet<string>;
  readonly protectedAccountIds: ReadonlySet<string>;
  /**
   * Memo of UNEXPECTED_CUSTOMER: desk id → the desk's allowed domains, normalised once (null = no
   * restriction). Filled lazily; each entry is a pure function of the site, so sharing it is safe.
   */
  readonly deskDomainsMemo: Map<string, DeskDomains | null>;
}

const indexCache = new WeakMap<SiteContext, SiteIndex>();

const pushTo = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

/** The site's lookup tables; memoised per SiteContext object (pure: same input, same output). */
export const siteIndex = (site: SiteContext): SiteIndex => {
  const cached = indexCache.get(site);
  if (cached !== undefined) return cached;
  const linksByDesk = new Map<string, Link[]>();
  const linksByGroup = new Map<string, Link[]>();
  for (const link of site.policy.links) {
    pushTo(linksByDesk, link.deskId, link);
    for (const groupId of new Set(link.groupIds)) pushTo(linksByGroup, groupId, link);
  }
  const index: SiteIndex = {
    customerRoleGroupIds: new Set([site.customersGroup.id, ...(site.customerRoleGroupIds ?? [])]),
    deskById: new Map(site.desks.map((d) => [d.id, d])),
    spaceByKey: new Map(site.spaces.map((s) => [s.key, s])),
    links: site.policy.links,
    linksByDesk,
    linksByGroup,
    linkGroupIds: new Set(linksByGroup.keys()),
    protectedAccountIds: new Set(site.policy.protectedAccountIds),
    deskDomainsMemo: new Map(),
  };
  indexCache.set(site, index);
  return index;
};

// ---------------------------------------------------------------------------------------------------------
// Semantics

export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted, de-duplicated copy. */
export const sortedUnique = (values: Iterable<string>): string[] => {
  if (Array.isArray(values)) {
    const list = values as readonly string[];
    const n = list.length;
    if (n === 0) return [];
    if (n === 1) return [list[0] as string];
    // Already strictly ascending (the usual case: canonical lists from the scan): a copy is the answer.
    let ascending = true;
    for (let i = 1; i < n; i += 1) {
      if (!((list[i - 1] as string) < (list[i] as string))) {
        ascending = false;
        break;
      }
    }
    if (ascending) return list.slice();
  }
  // The default sort orders strings by UTF-16 code units, exactly like byString, without a JS callback.
  return [...new Set(values)].sort();
};

export const hasCustomerRole = (account: Account, index: SiteIndex): boolean => {
  const groups = account.groupIds;
  for (let i = 0; i < groups.length; i += 1)
    if (index.customerRoleGroupIds.has(groups[i] as string)) return true;
  return false;
};

/** Non-app, non-closed, and not a deactivated portal-only account (which can no longer be logged into). */
export const isLiveIdentity = (account: Account): boolean =>
  account.kind !== 'app' &&
  account.status !== 'closed' &&
  !(account.kind === 'customer' && account.status !== 'active');

/** Active portal-only accounts of the person other than `account`. */
export const portalOnlyTwins = (person: Person, account: Account): Account[] =>
  person.accounts.filter(
    (a) => a.accountId !== account.accountId && a.kind === 'customer' && a.status === 'active',
  );

/** Desks whose customer list holds the account or on which it reported a request. */
export const directCustomerDeskIds = (account: Account): string[] =>
  sortedUnique([...account.customerOfDeskIds, ...account.reporterOnDeskIds]);

/**
 * "Customer of a desk" (product.md §3): on its customer list, reporter of its requests, or (for an Atlassian
 * account) twin of an active portal-only customer of it. Sorted desk ids.
 */
export const customerDeskIds = (person: Person, account: Account): string[] => {
  const ids = [...account.customerOfDeskIds, ...account.reporterOnDeskIds];
  if (account.kind === 'atlassian') {
    for (const twin of portalOnlyTwins(person, account)) {
      ids.push(...twin.customerOfDeskIds, ...twin.reporterOnDeskIds);
    }
  }
  return sortedUnique(ids);
};

export const isGuestOfSpace = (account: Account, spaceKey: string): boolean =>
  account.isGuest && account.guestSpaceKeys.includes(spaceKey);

// ---------------------------------------------------------------------------------------------------------
// Wording: accounts by kind and id, desks by project key, spaces by key. Never an email or a display name.

const KIND_LABEL: Readonly<Record<AccountKind, string>> = {
  atlassian: 'Atlassian account',
  customer: 'portal-only customer account',
  app: 'app account',
  unknown: 'account of unknown type',
};

export const kindLabel = (kind: AccountKind): string => KIND_LABEL[kind];

/** "Atlassian account 5b10…" */
export const describeAccount = (account: Account): string =>
  `${KIND_LABEL[account.kind]} ${account.accountId}`;

export const deskLabel = (deskId: string, index: SiteIndex): string => {
  const desk = index.deskById.get(deskId);
  return desk === undefined ? `desk ${deskId}` : `desk ${desk.projectKey}`;
};

export const deskLabels = (deskIds: readonly string[], index: SiteIndex): string =>
  deskIds.map((d) => deskLabel(d, index)).join(', ');

export const groupLabel = (groupId: string, site: SiteContext): string => {
  if (groupId === site.customersGroup.id) return `the customers group (${site.customersGroup.name})`;
  const group = site.groups.find((g) => g.id === groupId);
  return group === undefined ? `group ${groupId}` : `group ${group.name}`;
};

// ---------------------------------------------------------------------------------------------------------
// Findings, fixes and ids

/** A change fix: safety from the action type, inverse recorded. */
export const changeFix = (action: ChangeAction): Fix => ({
  action,
  safety: safetyOf(action),
  inverse: inverseOf(action),
});

export const guidedFix = (step: GuidedStep): Fix => ({ action: step, safety: 'manual', inverse: null });

/**
 * 64-bit FNV-1a (two 32-bit lanes) as 16 hex digits. Used to keep email keys out of finding ids (ids end up
 * in storage keys, URLs and logs) while staying deterministic.
 */
export const stableHash = (s: string): string => {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
};

export const subjectToken = (subject: FindingSubject): string =>
  subject.type === 'person' ? `p${stableHash(subject.emailKey)}` : `s${stableHash(subject.spaceKey)}`;

/** `CODE:<subject token>[:<discriminator>…]` — same snapshot, same id. */
export const findingId = (
  code: FindingCode,
  subject: FindingSubject,
  discriminators: readonly string[],
): string => [code, subjectToken(subject), ...discriminators].join(':');

export interface FindingInput {
  readonly code: FindingCode;
  readonly subject: FindingSubject;
  readonly discriminators: readonly string[];
  readonly title: string;
  readonly explanation: string;
  readonly evidence: Partial<Evidence>;
  readonly fixes: readonly Fix[];
  readonly scope: { readonly deskIds: readonly string[]; readonly spaceKeys: readonly string[] };
}

export const makeFinding = (input: FindingInput): Finding => ({
  id: findingId(input.code, input.subject, input.discriminators),
  code: input.code,
  severity: SEVERITY_OF[input.code],
  subject: input.subject,
  title: input.title,
  explanation: input.explanation,
  evidence: {
    accountIds: sortedUnique(input.evidence.accountIds ?? []),
    groupIds: sortedUnique(input.evidence.groupIds ?? []),
    deskIds: sortedUnique(input.evidence.deskIds ?? []),
    spaceKeys: sortedUnique(input.evidence.spaceKeys ?? []),
    facts: input.evidence.facts ?? [],
  },
  fixes: input.fixes,
  scope: { deskIds: sortedUnique(input.scope.deskIds), spaceKeys: sortedUnique(input.scope.spaceKeys) },
});

export const personSubject = (person: Person): FindingSubject => ({
  type: 'person',
  emailKey: person.emailKey,
});
