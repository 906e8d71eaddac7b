/**
 * The demo site "acme": three desks (open / closed / public) with linked KB spaces, staff, portal-only and
 * Atlassian-account customers, guests, hidden emails, inactive accounts, both reported cases, and one planted
 * instance of every finding code of product.md §3. Deterministic: ids are hashes of fixed names, times are fixed.
 *
 * `DEMO_PLANTED` lists every finding the demo data is built to produce (and no others), so e2e tests can assert
 * "exactly the planted findings". `DEMO_LINKS` is the suggested Link policy (desk ↔ space ↔ group) as data.
 */
import { createHash } from 'node:crypto';
import type { SeedAccount, SiteSeed } from '../seed';
import type { FindingCode } from './finding-codes';

const SITE = 'acme';
const hash = (text: string) => createHash('sha256').update(`${SITE}:${text}`).digest('hex');

/** Atlassian account id: 24 hex characters. */
const aid = (name: string) => hash(`atlassian:${name}`).slice(0, 24);
/** Portal-only customer id: `qm:<uuid>:<hex>` as in the JSM spec examples. */
const qm = (name: string) => {
  const h = hash(`customer:${name}`);
  return `qm:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}:${h.slice(32, 55)}`;
};

export const DEMO_IDS = {
  app: aid('identity-reconciler-app'),
  // staff
  alice: aid('alice'),
  bob: aid('bob'),
  carol: aid('carol'),
  dan: aid('dan'),
  erin: aid('erin'),
  frank: aid('frank'),
  // clean customers
  liam: qm('liam'),
  mia: qm('mia'),
  noah: qm('noah'),
  priya: qm('priya'),
  olivia: aid('olivia'),
  judy: aid('judy'),
  // reported case (a): portal-only customer invited as a guest
  gracePortal: qm('grace'),
  graceGuest: aid('grace'),
  // reported case (b): KB link → Atlassian-account sign-up beside the portal-only account
  kevinPortal: qm('kevin'),
  kevinSignup: aid('kevin'),
  // other planted findings
  heidi: aid('heidi'),
  ivan: aid('ivan'),
  mallory: qm('mallory'),
  tomPortal: qm('tom'),
  tomAccount: aid('tom'),
  oscar: aid('oscar'),
  peggy: aid('peggy'),
  victor: aid('victor'),
  wendy: aid('wendy'),
  legacy: aid('legacy-importer'),
  xavier: aid('xavier'),
  // a portal-only customer with no twin yet: the demo "kb-signup" action target
  rachel: qm('rachel'),
} as const;

const I = DEMO_IDS;

export const DEMO_GROUP_IDS = {
  siteAdmins: 'a1b2c3d4-0000-4000-8000-000000000001',
  jiraAdmins: 'a1b2c3d4-0000-4000-8000-000000000002',
  agents: 'a1b2c3d4-0000-4000-8000-000000000003',
  customers: 'a1b2c3d4-0000-4000-8000-000000000004',
  confluenceUsers: 'a1b2c3d4-0000-4000-8000-000000000005',
  confluenceGuests: 'a1b2c3d4-0000-4000-8000-000000000006',
  hrKbPartners: 'a1b2c3d4-0000-4000-8000-000000000007',
  engineering: 'a1b2c3d4-0000-4000-8000-000000000008',
} as const;
const G = DEMO_GROUP_IDS;

/** Desk ids (JSM) and space ids (Confluence). */
export const DEMO_DESKS = { it: '1', hr: '2', support: '3' } as const;
export const DEMO_SPACES = { itKb: '1001', hrKb: '1002', supportKb: '1003', eng: '1004' } as const;

type AccountInput = Omit<SeedAccount, 'emailVisible' | 'status' | 'timeZone' | 'locale'> &
  Partial<Pick<SeedAccount, 'emailVisible' | 'status' | 'timeZone' | 'locale'>>;

const account = (input: AccountInput): SeedAccount => ({
  emailVisible: true,
  status: 'active',
  timeZone: 'Europe/London',
  locale: 'en_GB',
  ...input,
});

const ACCOUNTS: SeedAccount[] = [
  account({
    accountId: I.app,
    accountType: 'app',
    displayName: 'Identity Reconciler',
    email: null,
    emailVisible: false,
    createdAt: '2026-01-05T10:00:00.000Z',
    timeZone: 'Etc/UTC',
    locale: 'en_US',
  }),
  // Staff
  account({
    accountId: I.alice,
    accountType: 'atlassian',
    displayName: 'Alice Morgan',
    email: 'alice.morgan@example.com',
    createdAt: '2023-02-01T09:00:00.000Z',
    siteAdmin: true,
    jiraAdmin: true,
    confluenceUser: true,
  }),
  account({
    accountId: I.bob,
    accountType: 'atlassian',
    displayName: 'Bob Okafor',
    email: 'bob.okafor@example.com',
    createdAt: '2023-02-03T09:00:00.000Z',
    jiraAdmin: true,
    confluenceUser: true,
  }),
  account({
    accountId: I.carol,
    accountType: 'atlassian',
    displayName: 'Carol Diaz',
    email: 'carol.diaz@example.com',
    createdAt: '2023-03-10T09:00:00.000Z',
    confluenceUser: true,
    timeZone: 'America/New_York',
    locale: 'en_US',
  }),
  account({
    accountId: I.dan,
    accountType: 'atlassian',
    displayName: 'Dan Kowalski',
    email: 'dan.kowalski@example.com',
    createdAt: '2023-04-12T09:00:00.000Z',
    confluenceUser: true,
    timeZone: 'Europe/Warsaw',
    locale: 'pl_PL',
  }),
  account({
    accountId: I.erin,
    accountType: 'atlassian',
    displayName: 'Erin Walsh',
    email: 'erin.walsh@example.com',
    emailVisible: false,
    createdAt: '2023-05-02T09:00:00.000Z',
    confluenceUser: true,
  }),
  account({
    accountId: I.frank,
    accountType: 'atlassian',
    displayName: 'Frank Müller',
    email: 'frank.mueller@example.com',
    createdAt: '2023-06-20T09:00:00.000Z',
    confluenceUser: true,
    timeZone: 'Europe/Berlin',
    locale: 'de_DE',
  }),
  // Clean customers
  account({
    accountId: I.liam,
    accountType: 'customer',
    displayName: 'Liam Chen',
    email: 'liam.chen@example.org',
    createdAt: '2024-01-09T11:00:00.000Z',
  }),
  account({
    accountId: I.mia,
    accountType: 'customer',
    displayName: 'Mia Wong',
    email: 'mia.wong@example.com',
    createdAt: '2024-02-14T11:00:00.000Z',
  }),
  account({
    accountId: I.noah,
    accountType: 'customer',
    displayName: 'Noah Patel',
    email: 'noah.patel@example.org',
    createdAt: '2024-03-01T11:00:00.000Z',
    timeZone: 'Asia/Kolkata',
  }),
  account({
    accountId: I.priya,
    accountType: 'customer',
    displayName: 'Priya Nair',
    email: 'priya.nair@example.org',
    createdAt: '2024-03-18T11:00:00.000Z',
    timeZone: 'Asia/Kolkata',
  }),
  account({
    accountId: I.olivia,
    accountType: 'atlassian',
    displayName: 'Olivia Brown',
    email: 'olivia.brown@example.org',
    createdAt: '2024-04-22T11:00:00.000Z',
  }),
  account({
    accountId: I.judy,
    accountType: 'atlassian',
    displayName: 'Judy Alvarez',
    email: 'judy.alvarez@example.org',
    createdAt: '2024-05-06T11:00:00.000Z',
    isGuest: true,
  }),
  // Reported case (a): the portal-only account came first; the guest invite created an Atlassian account.
  account({
    accountId: I.gracePortal,
    accountType: 'customer',
    displayName: 'Grace Lee',
    email: 'grace.lee@example.org',
    createdAt: '2024-06-03T08:30:00.000Z',
  }),
  account({
    accountId: I.graceGuest,
    accountType: 'atlassian',
    displayName: 'Grace Lee',
    email: 'grace.lee@example.org',
    createdAt: '2025-09-15T14:05:00.000Z',
    isGuest: true,
  }),
  // Reported case (b): portal sign-up with a password, later a Microsoft sign-up from a /wiki/ KB link.
  account({
    accountId: I.kevinPortal,
    accountType: 'customer',
    displayName: 'Kevin Flynn',
    email: 'kevin.flynn@example.com',
    createdAt: '2024-07-11T16:20:00.000Z',
  }),
  account({
    accountId: I.kevinSignup,
    accountType: 'atlassian',
    displayName: 'Kevin Flynn',
    email: 'kevin.flynn@example.com',
    emailVisible: false,
    createdAt: '2026-10-30T10:42:00.000Z',
  }),
  // Other planted findings
  account({
    accountId: I.heidi,
    accountType: 'atlassian',
    displayName: 'Heidi Novak',
    email: 'heidi.novak@example.com',
    emailVisible: false,
    createdAt: '2024-08-19T09:15:00.000Z',
    isGuest: true,
  }),
  account({
    accountId: I.ivan,
    accountType: 'atlassian',
    displayName: 'Ivan Petrov',
    email: 'ivan.petrov@example.com',
    createdAt: '2023-09-01T09:00:00.000Z',
    confluenceUser: true,
  }),
  account({
    accountId: I.mallory,
    accountType: 'customer',
    displayName: 'Mallory Quinn',
    email: 'mallory.quinn@example.net',
    createdAt: '2025-01-20T13:00:00.000Z',
  }),
  account({
    accountId: I.tomPortal,
    accountType: 'customer',
    displayName: 'Tom Baker',
    email: 'tom.baker@gmail.com',
    createdAt: '2024-09-09T19:00:00.000Z',
  }),
  account({
    accountId: I.tomAccount,
    accountType: 'atlassian',
    displayName: 'Tom Baker',
    email: 'tombaker@gmail.com',
    createdAt: '2025-03-02T19:30:00.000Z',
  }),
  account({
    accountId: I.oscar,
    accountType: 'atlassian',
    displayName: 'Oscar Lindqvist',
    email: 'oscar.lindqvist@example.org',
    createdAt: '2024-10-01T09:00:00.000Z',
    isGuest: true,
    confluenceUser: true,
    timeZone: 'Europe/Stockholm',
  }),
  account({
    accountId: I.peggy,
    accountType: 'atlassian',
    displayName: 'Peggy Carter',
    email: 'peggy.carter@example.org',
    createdAt: '2025-11-04T09:00:00.000Z',
    isGuest: true,
  }),
  account({
    accountId: I.victor,
    accountType: 'atlassian',
    displayName: 'Victor Hugo',
    email: 'victor.hugo@example.com',
    status: 'inactive',
    createdAt: '2023-11-11T09:00:00.000Z',
  }),
  account({
    accountId: I.wendy,
    accountType: 'atlassian',
    displayName: 'Wendy Zhang',
    email: 'wendy.zhang@example.com',
    emailVisible: false,
    createdAt: '2024-12-12T09:00:00.000Z',
  }),
  account({
    accountId: I.legacy,
    accountType: 'atlassian',
    displayName: 'Legacy Importer',
    email: null,
    emailVisible: false,
    createdAt: '2022-06-30T09:00:00.000Z',
  }),
  account({
    accountId: I.xavier,
    accountType: 'atlassian',
    displayName: 'Xavier Dupont',
    email: 'xavier.dupont@example.com',
    status: 'closed',
    createdAt: '2022-03-15T09:00:00.000Z',
  }),
  account({
    accountId: I.rachel,
    accountType: 'customer',
    displayName: 'Rachel Adams',
    email: 'rachel.adams@example.com',
    createdAt: '2025-05-05T10:00:00.000Z',
  }),
];

/**
 * API tokens of demo users, for Basic auth (email:token) as a script or the command-line audit sends it
 * (api-tokens.ts). Alice is site admin and Jira admin; Carol is the IT desk's admin and agent, nothing more;
 * Judy is a Confluence guest (no "Browse users and groups").
 */
export const DEMO_API_TOKENS = {
  alice: { email: 'alice.morgan@example.com', token: `ATATT-demo-${hash('token:alice').slice(0, 32)}` },
  carol: { email: 'carol.diaz@example.com', token: `ATATT-demo-${hash('token:carol').slice(0, 32)}` },
  judy: { email: 'judy.alvarez@example.org', token: `ATATT-demo-${hash('token:judy').slice(0, 32)}` },
} as const;

export function demoScenario(): SiteSeed {
  return {
    siteName: SITE,
    cloudId: 'a8c5e2f1-3b7d-4e9a-9c21-0d4f6b8e2a17',
    appAccountId: I.app,
    accounts: ACCOUNTS.map((a) => ({ ...a })),
    apiTokens: [
      { accountId: I.alice, token: DEMO_API_TOKENS.alice.token },
      { accountId: I.carol, token: DEMO_API_TOKENS.carol.token },
      { accountId: I.judy, token: DEMO_API_TOKENS.judy.token },
    ],
    groups: [
      { groupId: G.siteAdmins, name: 'site-admins', members: [I.alice] },
      { groupId: G.jiraAdmins, name: `jira-admins-${SITE}`, members: [I.alice, I.bob] },
      { groupId: G.agents, name: `jira-servicemanagement-users-${SITE}`, members: [I.bob, I.carol, I.dan] },
      {
        groupId: G.customers,
        name: `jira-servicemanagement-customers-${SITE}`,
        members: [I.olivia, I.judy, I.kevinSignup, I.heidi, I.tomAccount, I.victor, I.wendy],
      },
      {
        groupId: G.confluenceUsers,
        name: `confluence-users-${SITE}`,
        members: [I.alice, I.bob, I.carol, I.dan, I.erin, I.frank, I.ivan, I.oscar],
      },
      {
        groupId: G.confluenceGuests,
        name: `confluence-guests-${SITE}`,
        members: [I.judy, I.graceGuest, I.heidi, I.oscar, I.peggy],
      },
      { groupId: G.hrKbPartners, name: 'hr-kb-partners', members: [I.judy, I.ivan] },
      { groupId: G.engineering, name: 'engineering', members: [I.frank, I.erin, I.carol] },
    ],
    desks: [
      {
        id: DEMO_DESKS.it,
        projectId: '10001',
        projectKey: 'ITH',
        projectName: 'IT Help',
        access: 'open',
        // The legacy importer: a customer imported years ago whose email even /user/email cannot return.
        customers: [I.liam, I.kevinPortal, I.kevinSignup, I.victor, I.legacy],
        admins: [I.carol],
        agents: [I.carol],
      },
      {
        id: DEMO_DESKS.hr,
        projectId: '10002',
        projectKey: 'HR',
        projectName: 'People Ops',
        access: 'closed',
        customers: [I.mia, I.priya, I.judy, I.heidi, I.mallory],
        admins: [I.bob],
        agents: [I.bob],
      },
      {
        id: DEMO_DESKS.support,
        projectId: '10003',
        projectKey: 'CS',
        projectName: 'Customer Support',
        access: 'public',
        customers: [I.noah, I.olivia, I.gracePortal, I.tomPortal, I.tomAccount, I.rachel],
        admins: [I.dan],
        agents: [I.dan],
      },
    ],
    spaces: [
      {
        id: DEMO_SPACES.itKb,
        key: 'ITKB',
        name: 'IT Help Knowledge Base',
        anonymousRead: false,
        unlicensedRead: true,
        admins: [I.carol, I.erin],
        guests: [],
        readGroups: [G.confluenceUsers],
        linkedDeskId: DEMO_DESKS.it,
      },
      {
        id: DEMO_SPACES.hrKb,
        key: 'HRKB',
        name: 'People Ops Handbook',
        anonymousRead: true,
        unlicensedRead: true,
        admins: [I.bob, I.erin],
        guests: [I.judy, I.heidi],
        readGroups: [G.confluenceUsers, G.hrKbPartners],
        linkedDeskId: DEMO_DESKS.hr,
      },
      {
        id: DEMO_SPACES.supportKb,
        key: 'CSKB',
        name: 'Customer Support Articles',
        anonymousRead: false,
        unlicensedRead: false,
        admins: [I.dan],
        guests: [I.graceGuest],
        readGroups: [G.confluenceUsers],
        linkedDeskId: DEMO_DESKS.support,
      },
      {
        id: DEMO_SPACES.eng,
        key: 'ENG',
        name: 'Engineering',
        anonymousRead: false,
        unlicensedRead: false,
        admins: [I.frank],
        guests: [I.oscar],
        readGroups: [G.engineering],
      },
    ],
    requests: [
      {
        issueId: '10101',
        issueKey: 'ITH-1',
        deskId: DEMO_DESKS.it,
        reporter: I.liam,
        createdAt: '2026-09-01T08:10:00.000Z',
        summary: 'VPN drops every hour',
      },
      {
        issueId: '10102',
        issueKey: 'ITH-2',
        deskId: DEMO_DESKS.it,
        reporter: I.kevinPortal,
        createdAt: '2026-09-14T12:45:00.000Z',
        summary: 'Laptop will not charge',
      },
      {
        issueId: '10103',
        issueKey: 'ITH-3',
        deskId: DEMO_DESKS.it,
        reporter: I.kevinSignup,
        createdAt: '2026-10-30T10:55:00.000Z',
        summary: 'Cannot see my earlier laptop request',
      },
      {
        issueId: '10201',
        issueKey: 'HR-1',
        deskId: DEMO_DESKS.hr,
        reporter: I.mia,
        createdAt: '2026-08-20T09:00:00.000Z',
        summary: 'Update my bank details',
      },
      {
        issueId: '10202',
        issueKey: 'HR-2',
        deskId: DEMO_DESKS.hr,
        reporter: I.priya,
        createdAt: '2026-10-02T09:30:00.000Z',
        summary: 'Parental leave policy question',
      },
      {
        issueId: '10301',
        issueKey: 'CS-1',
        deskId: DEMO_DESKS.support,
        reporter: I.noah,
        createdAt: '2026-07-07T15:00:00.000Z',
        summary: 'Invoice shows the wrong VAT number',
      },
      {
        issueId: '10302',
        issueKey: 'CS-2',
        deskId: DEMO_DESKS.support,
        reporter: I.gracePortal,
        createdAt: '2026-08-03T10:00:00.000Z',
        summary: 'Export of my reports fails',
      },
      {
        issueId: '10303',
        issueKey: 'CS-3',
        deskId: DEMO_DESKS.support,
        reporter: I.tomPortal,
        createdAt: '2026-09-22T18:00:00.000Z',
        summary: 'Password reset email never arrives',
      },
      {
        issueId: '10304',
        issueKey: 'CS-4',
        deskId: DEMO_DESKS.support,
        reporter: I.olivia,
        createdAt: '2026-10-12T11:00:00.000Z',
        summary: 'Feature request: dark mode',
      },
    ],
    organizations: [
      {
        id: '1',
        name: 'Globex Corporation',
        members: [I.liam, I.noah],
        deskIds: [DEMO_DESKS.it, DEMO_DESKS.support],
      },
      { id: '2', name: 'Initech', members: [I.mia, I.priya], deskIds: [DEMO_DESKS.hr] },
    ],
  };
}

/** The suggested Link policy (product.md §2 "Link"), as data the app's policy store can import. */
export const DEMO_LINKS = [
  {
    deskId: DEMO_DESKS.hr,
    spaceIds: [DEMO_SPACES.hrKb],
    groupIds: [G.hrKbPartners],
    allowedEmailDomains: ['example.com', 'example.org'],
    autoFix: { addToGroup: false, grantCustomerRole: false },
    protectedAccountIds: [I.alice],
  },
] as const;

export type { FindingCode } from './finding-codes';

export interface PlantedFinding {
  code: FindingCode;
  /** The accounts the finding is about (empty for site findings). */
  accountIds: string[];
  spaceId?: string;
  deskId?: string;
  note: string;
}

/**
 * Every finding the demo data is built to produce with the demo Link policy, and no others. Readings of
 * product.md §3 this relies on: app accounts are never evaluated; UNEXPECTED_CUSTOMER's "appeared after a
 * portal-only twin" clause applies to accounts on a desk's customer list (not to guests who are on none).
 */
export const DEMO_PLANTED: readonly PlantedFinding[] = [
  {
    code: 'DUPLICATE_ACCOUNTS',
    accountIds: [I.gracePortal, I.graceGuest],
    note: 'reported case (a): portal-only customer invited as a Confluence guest',
  },
  {
    code: 'GUEST_WITHOUT_CUSTOMER_ROLE',
    accountIds: [I.graceGuest],
    note: 'reported case (a): guest twin of a CS customer, not in the customers group',
  },
  {
    code: 'DUPLICATE_ACCOUNTS',
    accountIds: [I.kevinPortal, I.kevinSignup],
    note: 'reported case (b): KB-link sign-up beside the portal-only account',
  },
  {
    code: 'UNEXPECTED_CUSTOMER',
    // the sign-up and, as evidence, the portal-only twin it appeared after
    accountIds: [I.kevinSignup, I.kevinPortal],
    deskId: DEMO_DESKS.it,
    note: 'reported case (b): Atlassian account appeared after its portal-only twin, on the ITH list',
  },
  {
    code: 'LINKED_GROUP_DRIFT',
    accountIds: [I.heidi],
    deskId: DEMO_DESKS.hr,
    spaceId: DEMO_SPACES.hrKb,
    note: 'HR customer and HRKB guest, missing from hr-kb-partners',
  },
  {
    code: 'LINKED_GROUP_DRIFT',
    accountIds: [I.ivan],
    deskId: DEMO_DESKS.hr,
    spaceId: DEMO_SPACES.hrKb,
    note: 'in hr-kb-partners but neither HRKB guest nor HR customer',
  },
  {
    code: 'UNEXPECTED_CUSTOMER',
    accountIds: [I.mallory],
    deskId: DEMO_DESKS.hr,
    note: 'HR customer with example.net, outside the Link allowed domains',
  },
  { code: 'GUEST_ALSO_USER', accountIds: [I.oscar], note: 'guest holding the licensed Confluence user role' },
  { code: 'GUEST_WITHOUT_SPACE', accountIds: [I.peggy], note: 'guest with no assigned space' },
  {
    code: 'INACTIVE_WITH_ACCESS',
    accountIds: [I.victor],
    deskId: DEMO_DESKS.it,
    note: 'inactive, still in the customers group and on the ITH list',
  },
  { code: 'CUSTOMER_ROLE_ORPHAN', accountIds: [I.wendy], note: 'Customer role, on no desk, no requests' },
  {
    code: 'POSSIBLE_DUPLICATE',
    accountIds: [I.tomPortal, I.tomAccount],
    note: 'tom.baker@gmail.com vs tombaker@gmail.com (gmail dots)',
  },
  {
    code: 'EMAIL_UNRESOLVED',
    accountIds: [I.legacy],
    note: 'an IT Help customer with no email even through /rest/api/3/user/email',
  },
  {
    code: 'KB_SIGNUP_RISK',
    accountIds: [],
    spaceId: DEMO_SPACES.itKb,
    deskId: DEMO_DESKS.it,
    note: 'ITKB: all logged-in users may read, anonymous may not',
  },
];

/** Inputs for the demo actions that replay the reported cases live (POST /__local/actions/*). */
export const DEMO_ACTIONS = {
  kbSignup: { email: 'rachel.adams@example.com', displayName: 'Rachel Adams', deskId: DEMO_DESKS.support },
  inviteGuest: { email: 'noah.patel@example.org', displayName: 'Noah Patel' },
} as const;
