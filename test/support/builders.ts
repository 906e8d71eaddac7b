/**
 * Named fixtures for unit tests (style.md rule 33). Every builder takes overrides; defaults are realistic
 * and deterministic (ids derive from the email so tests can leave them out).
 */
import type { Account } from '../../src/core/model/account';
import type { ChangeAction } from '../../src/core/model/action';
import type { Finding, FindingCode } from '../../src/core/model/finding';
import { groupIntoPersons } from '../../src/core/model/group-into-persons';
import type { Person } from '../../src/core/model/person';
import type { Desk, Group, Link, Policy, SiteContext, Space } from '../../src/core/model/site';

export const CUSTOMERS_GROUP: Group = { id: 'grp-customers', name: 'jira-servicemanagement-customers-acme' };
export const GUESTS_GROUP: Group = { id: 'grp-guests', name: 'confluence-guests-acme' };
export const PARTNERS_GROUP: Group = { id: 'grp-partners', name: 'partners-kb' };

const slug = (email: string | null): string =>
  (email ?? 'unknown')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const baseAccount = (overrides: Partial<Account>): Account => ({
  accountId: 'acc',
  kind: 'atlassian',
  status: 'active',
  displayName: 'Ann Example',
  email: 'ann@example.com',
  emailSource: 'profile',
  groupIds: [],
  isGuest: false,
  hasConfluenceUserRole: false,
  guestSpaceKeys: [],
  customerOfDeskIds: [],
  reporterOnDeskIds: [],
  firstSeenAt: null,
  ...overrides,
});

/** A portal-only JSM customer (`qm:` id, never in groups), on desk 10 by default. */
export const aCustomer = (overrides: Partial<Account> = {}): Account => {
  const email = overrides.email === undefined ? 'ann@example.com' : overrides.email;
  return baseAccount({
    accountId: `qm:${slug(email)}`,
    kind: 'customer',
    email,
    customerOfDeskIds: ['10'],
    firstSeenAt: 1_000,
    ...overrides,
  });
};

/** An Atlassian account with no roles, groups or desks. */
export const anAtlassianAccount = (overrides: Partial<Account> = {}): Account => {
  const email = overrides.email === undefined ? 'ann@example.com' : overrides.email;
  return baseAccount({
    accountId: `aa-${slug(email)}`,
    kind: 'atlassian',
    email,
    firstSeenAt: 2_000,
    ...overrides,
  });
};

/** A Confluence guest (Atlassian account) assigned to space KB, in the guests group. */
export const aGuest = (overrides: Partial<Account> = {}): Account =>
  anAtlassianAccount({
    isGuest: true,
    guestSpaceKeys: ['KB'],
    groupIds: [GUESTS_GROUP.id],
    ...overrides,
  });

export const anAppAccount = (overrides: Partial<Account> = {}): Account =>
  baseAccount({ accountId: 'app-1', kind: 'app', email: null, emailSource: 'unresolved', ...overrides });

export const aDesk = (overrides: Partial<Desk> = {}): Desk => ({
  id: '10',
  projectId: '10000',
  projectKey: 'HELP',
  name: 'Help desk',
  access: 'closed',
  ...overrides,
});

export const aSpace = (overrides: Partial<Space> = {}): Space => ({
  id: '65537',
  key: 'KB',
  name: 'Knowledge base',
  anonymousRead: false,
  unlicensedRead: false,
  ...overrides,
});

export const aLink = (overrides: Partial<Link> = {}): Link => ({
  id: 'link-help',
  deskId: '10',
  spaceKeys: ['KB'],
  groupIds: [],
  allowedDomains: [],
  autoFix: { customerRole: false, linkedGroupAdd: false },
  ...overrides,
});

export const aPolicy = (overrides: Partial<Policy> = {}): Policy => ({
  schemaVersion: 1,
  links: [aLink()],
  protectedAccountIds: [],
  blastRadiusThreshold: 10,
  autoFixActorAccountId: null,
  ...overrides,
});

/** Site "acme": desk HELP (id 10, closed), desk OPEN (id 20, open), space KB, one Link HELP ↔ KB. */
export const aSite = (overrides: Partial<SiteContext> = {}): SiteContext => ({
  customersGroup: CUSTOMERS_GROUP,
  desks: [
    aDesk(),
    aDesk({ id: '20', projectId: '20000', projectKey: 'OPEN', name: 'Open desk', access: 'open' }),
  ],
  spaces: [aSpace()],
  groups: [CUSTOMERS_GROUP, GUESTS_GROUP, PARTNERS_GROUP],
  policy: aPolicy(),
  siteUrl: 'https://acme.atlassian.net',
  cloudId: 'cloud-acme',
  ...overrides,
});

/** The single person the given accounts form (throws if they form several: a broken fixture). */
export const personOf = (...accounts: Account[]): Person => {
  const persons = groupIntoPersons(accounts);
  const [person] = persons;
  if (person === undefined || persons.length !== 1) {
    throw new Error(`fixture forms ${persons.length} persons, expected 1`);
  }
  return person;
};

export const codesOf = (findings: readonly Finding[]): FindingCode[] => findings.map((f) => f.code);

/** The change actions among a finding's fixes. */
export const changeActionsOf = (finding: Finding): ChangeAction[] =>
  finding.fixes.flatMap((f) => (f.action.type === 'guidedStep' ? [] : [f.action]));
