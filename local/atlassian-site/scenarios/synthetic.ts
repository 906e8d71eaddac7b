/**
 * Deterministic synthetic site generator: a realistic JSM + Confluence site of S (1k), M (100k) or L (1M)
 * accounts with controllable identity-conflict rates, returned with the exact number of conflicts it planted.
 *
 * Shape: staff (agents, desk and space admins, site admins), service desks in sibling pairs that serve customer
 * organisations (email domains), portal-only customers (`qm:<uuid>:<hex>`) and Atlassian-account customers
 * (24-hex or `557058:<uuid>`), requests with reporters, one knowledge-base space per desk (linked) plus team spaces,
 * guests, the default groups (`jira-servicemanagement-customers-<site>`, `confluence-guests-<site>`, `site-admins`,
 * …) and one "link group" per KB space.
 *
 * The base population is clean: every finding in the catalogue (product.md §3) comes from a planted person, and
 * each planted person carries exactly one kind (`planted`), so benches can assert coverage. `expectedFindings`
 * maps kinds to finding codes (a duplicate also implies UNEXPECTED_CUSTOMER, a duplicate-guest also implies
 * GUEST_WITHOUT_CUSTOMER_ROLE).
 *
 * Memory: plain arrays of plain objects; strings such as summaries and group names are shared; no per-account
 * closures. One mulberry32 stream drives everything, so the same options give a deep-equal site.
 */
import { z } from 'zod';
import { Prng, seedToUint32 } from '../governor/prng';
import {
  type SeedAccount,
  type SeedDesk,
  type SeedDeskAccess,
  type SeedGroup,
  type SeedOrganization,
  type SeedRequest,
  type SeedSpace,
  type SiteSeed,
} from '../seed';
import type { FindingCode } from './finding-codes';

export const SIZE_ACCOUNTS = { S: 1_000, M: 100_000, L: 1_000_000 } as const;
export type SyntheticSize = keyof typeof SIZE_ACCOUNTS;

/** Planted conflict kinds. Rates are per person (one email key); hiddenEmail and kbSignupRisk are attributes. */
export const PLANT_KINDS = [
  'duplicate',
  'duplicateGuest',
  'guestCustomer',
  'guestWithoutSpace',
  'guestAlsoUser',
  'inactive',
  'unexpectedDomain',
  'roleOrphan',
  'possibleDuplicate',
  'emailUnresolved',
  'linkedGroupDrift',
] as const;
export type PlantKind = (typeof PLANT_KINDS)[number];

const rate = z.number().min(0).max(1);

export const syntheticRatesSchema = z.strictObject({
  /** Portal-only customer + a later Atlassian account with the same email, not a guest (KB sign-up, case b). */
  duplicate: rate.default(0.02),
  /** Portal-only customer + a later Atlassian account that is a guest of the desk's KB space, no Customer role (case a). */
  duplicateGuest: rate.default(0.005),
  /** Atlassian guest who is on a desk's customer list but lacks the Customer role (alias: guestCustomer). */
  guestCustomer: rate.default(0.005),
  guestWithoutSpace: rate.default(0.002),
  guestAlsoUser: rate.default(0.002),
  /** Inactive/closed account still in the customers group or on a desk list. */
  inactive: rate.default(0.01),
  /** Customer whose email domain is outside the desk's organisation domains. */
  unexpectedDomain: rate.default(0.01),
  /** Customer role (customers group) but on no desk and no request. */
  roleOrphan: rate.default(0.003),
  /** A second customer whose email equals a first one modulo a plus-tag. */
  possibleDuplicate: rate.default(0.003),
  /** Atlassian customer whose email cannot be read (null). */
  emailUnresolved: rate.default(0.001),
  /** Guest-customer of a linked desk+space missing from the link group, or a stray link-group member. */
  linkedGroupDrift: rate.default(0.003),
  /** Fraction of Atlassian accounts whose email is hidden from profile/search (not a conflict). */
  hiddenEmail: rate.default(0.3),
  /** Fraction of KB spaces readable by logged-in users but not anonymously (site finding KB_SIGNUP_RISK). */
  kbSignupRisk: rate.default(0.25),
});

export type SyntheticRates = z.output<typeof syntheticRatesSchema>;

export const syntheticOptionsSchema = z
  .strictObject({
    size: z.union([z.enum(['S', 'M', 'L']), z.number().int().min(60).max(5_000_000)]),
    seed: z.union([z.number().int(), z.string().min(1)]),
    rates: syntheticRatesSchema.partial().default({}),
    siteName: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/)
      .default('synth'),
  })
  .superRefine((o, ctx) => {
    const r = syntheticRatesSchema.parse(o.rates);
    const planted = PLANT_KINDS.reduce((sum, k) => sum + r[k], 0);
    if (planted > 0.6) ctx.addIssue({ code: 'custom', message: `planted rates sum to ${planted} (> 0.6)` });
  });

export type SyntheticOptions = z.input<typeof syntheticOptionsSchema>;

export type { FindingCode } from './finding-codes';

/** A desk ↔ KB space ↔ group triple with the desk's organisation domains: the Link a bench would configure. */
export interface SyntheticLink {
  deskId: string;
  spaceId: string;
  groupId: string;
  allowedDomains: string[];
}

export interface SyntheticStats {
  accounts: number;
  persons: number;
  staff: number;
  apps: number;
  portalOnly: number;
  atlassian: number;
  guests: number;
  hiddenEmail: number;
  desks: number;
  spaces: number;
  requests: number;
  groups: number;
  organizations: number;
}

export interface SyntheticSite {
  site: SiteSeed;
  /** Exact number of persons planted per kind (and, for kbSignupRisk, spaces). */
  planted: Record<PlantKind | 'kbSignupRisk', number>;
  /** Planted kinds folded into the finding codes they should raise (persons; KB_SIGNUP_RISK: spaces). */
  expectedFindings: Record<FindingCode, number>;
  links: SyntheticLink[];
  stats: SyntheticStats;
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary (shared strings: one copy per site, not per account)

// prettier-ignore
const FIRST = [
  'Ana', 'Ben', 'Chloe', 'Dmitri', 'Elena', 'Farah', 'Gustav', 'Hana', 'Ivan', 'Jana', 'Kofi', 'Lena', 'Marco',
  'Nadia', 'Omar', 'Petra', 'Quinn', 'Rosa', 'Sanjay', 'Tomas', 'Uma', 'Viktor', 'Wei', 'Ximena', 'Yusuf',
  'Zoe', 'Aiko', 'Bruno', 'Carmen', 'David', 'Emeka', 'Fatima', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kira',
  'Liam', 'Maya', 'Nils', 'Olga', 'Pablo', 'Rania', 'Sofia', 'Teo', 'Ursula', 'Vera', 'Wanda', 'Yara', 'Zain',
] as const;
// prettier-ignore
const LAST = [
  'Kovac', 'Novak', 'Smith', 'Garcia', 'Mueller', 'Rossi', 'Dubois', 'Tanaka', 'Kim', 'Nguyen', 'Okafor',
  'Silva', 'Horvat', 'Jensen', 'Larsen', 'Moreau', 'Nakamura', 'Oliveira', 'Petrov', 'Quispe', 'Rahman',
  'Schmidt', 'Torres', 'Ueda', 'Varga', 'Walker', 'Xu', 'Yilmaz', 'Zhang', 'Andersen', 'Bauer', 'Costa',
  'Diaz', 'Eriksen', 'Fischer', 'Gomez', 'Hoffmann', 'Ito', 'Jovanovic', 'Kaur', 'Lopez', 'Meyer', 'Nowak',
  'Osei', 'Park', 'Reyes', 'Santos', 'Tran', 'Wagner', 'Zimmer',
] as const;
const FIRST_LC = FIRST.map((s) => s.toLowerCase());
const LAST_LC = LAST.map((s) => s.toLowerCase());
// prettier-ignore
const ORGS = [
  'northwind', 'contoso', 'globex', 'initech', 'umbrella', 'hooli', 'wayne', 'stark', 'tyrell', 'cyberdyne',
  'soylent', 'wonka', 'gringotts', 'oscorp', 'vandelay', 'pied-piper', 'massive', 'aperture', 'blackmesa',
  'monarch',
] as const;
const PERSONAL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com'] as const;
// prettier-ignore
const DESK_NAMES = [
  'Help Desk', 'IT Support', 'Customer Care', 'Billing', 'Facilities', 'HR Services', 'Partner Support',
  'Onboarding', 'Security Desk', 'Field Service',
] as const;
const DESK_KEYS = ['HELP', 'ITS', 'CARE', 'BILL', 'FAC', 'HRS', 'PART', 'ONB', 'SEC', 'FLD'] as const;
// prettier-ignore
const SUMMARIES = [
  'Cannot log in to the portal', 'Password reset link expired', 'Invoice shows the wrong amount',
  'Request access to the knowledge base', 'VPN disconnects every hour', 'Please update my company address',
  'Laptop will not start', 'How do I export my data?', 'Error 500 when saving a form',
  'Add a colleague to our team', 'License renewal question', 'Notification emails not arriving',
] as const;
const PLUS_TAGS = ['support', 'jira', 'help', 'work', 'tickets'] as const;
const TZ = [
  'Europe/Berlin',
  'America/New_York',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Europe/London',
  'UTC',
] as const;

/** Site history window for createdAt: 2019-01-01 .. 2026-11-22. */
const HISTORY_START_MS = Date.UTC(2019, 0, 1);
const HISTORY_END_MS = Date.UTC(2026, 10, 22);

// ---------------------------------------------------------------------------------------------------------------

function pick<T>(prng: Prng, list: readonly T[]): T {
  return list[prng.int(list.length)] as T;
}

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = 45;
const COLON = 58;

/**
 * Builds ids as flat strings from char codes (one String.fromCharCode per id): several times faster, and far less
 * garbage, than concatenating toString(16) pieces, which matters at 1M accounts.
 */
class IdWriter {
  private readonly codes: number[] = new Array<number>(64).fill(0);
  private readonly exact = new Map<number, number[]>();
  private pos = 0;

  hex(value: number, digits: number): this {
    for (let shift = (digits - 1) * 4; shift >= 0; shift -= 4)
      this.codes[this.pos++] = HEX_CODES[(value >>> shift) & 15] ?? 48;
    return this;
  }

  text(chars: string): this {
    for (let i = 0; i < chars.length; i++) this.codes[this.pos++] = chars.charCodeAt(i);
    return this;
  }

  char(code: number): this {
    this.codes[this.pos++] = code;
    return this;
  }

  take(): string {
    const n = this.pos;
    let out = this.exact.get(n);
    if (out === undefined) this.exact.set(n, (out = new Array<number>(n).fill(0)));
    for (let i = 0; i < n; i++) out[i] = this.codes[i] ?? 48;
    this.pos = 0;
    return String.fromCharCode.apply(null, out);
  }
}

/** Ids: the first 32 bits are a bijection of a counter (unique by construction), the rest random. */
class IdMint {
  private hexCounter = 0;
  private uuidCounter = 0;
  private numericCounter = 0;
  private readonly w = new IdWriter();

  constructor(
    private readonly prng: Prng,
    private readonly salt: number,
  ) {}

  private unique(counter: number): number {
    return Math.imul((counter ^ this.salt) >>> 0, 0x9e3779b1) >>> 0;
  }

  private writeUuid(): void {
    const w = this.w;
    const b = this.prng.uint32();
    const c = this.prng.uint32();
    w.hex(this.unique(this.uuidCounter++), 8).char(DASH);
    w.hex(b >>> 16, 4)
      .char(DASH)
      .text('4')
      .hex(b, 3)
      .char(DASH);
    w.hex(8 + (c >>> 30), 1)
      .hex(c >>> 16, 3)
      .char(DASH)
      .hex(c, 4)
      .hex(this.prng.uint32(), 8);
  }

  /** 24 lower-case hex digits (Atlassian account id shape in the Jira spec). */
  hex24(): string {
    return this.w
      .hex(this.unique(this.hexCounter++), 8)
      .hex(this.prng.uint32(), 8)
      .hex(this.prng.uint32(), 8)
      .take();
  }

  uuid(): string {
    this.writeUuid();
    return this.w.take();
  }

  /** Portal-only customer: `qm:<uuid>:<23 hex>` (the JSM spec example shape). */
  portalOnly(): string {
    this.w.text('qm:');
    this.writeUuid();
    return this.w
      .char(COLON)
      .hex(this.prng.uint32(), 8)
      .hex(this.prng.uint32(), 8)
      .hex(this.prng.uint32(), 7)
      .take();
  }

  /** Atlassian account: mostly 24-hex, one in ten `557058:<uuid>`. */
  atlassian(): string {
    if (this.prng.int(10) !== 0) return this.hex24();
    this.w.text('557058:');
    this.writeUuid();
    return this.w.take();
  }

  numeric(base: number): string {
    return String(base + this.numericCounter++);
  }
}

type AccountFlags = Partial<
  Pick<SeedAccount, 'status' | 'isGuest' | 'confluenceUser' | 'siteAdmin' | 'jiraAdmin'>
>;
const NO_FLAGS: AccountFlags = {};

interface DeskBuild {
  desk: SeedDesk;
  domains: string[];
  orgs: SeedOrganization[];
  kbSpace: SeedSpace;
  linkGroup: SeedGroup;
  requestCounter: number;
  sibling: number;
}

export function generateSyntheticSite(options: SyntheticOptions): SyntheticSite {
  const opts = syntheticOptionsSchema.parse(options);
  const rates: SyntheticRates = syntheticRatesSchema.parse(opts.rates);
  const targetAccounts = typeof opts.size === 'number' ? opts.size : SIZE_ACCOUNTS[opts.size];
  const prng = new Prng(opts.seed);
  const mint = new IdMint(prng, seedToUint32(opts.seed));
  const site = opts.siteName;

  const accounts: SeedAccount[] = [];
  const requests: SeedRequest[] = [];
  const planted: SyntheticSite['planted'] = {
    duplicate: 0,
    duplicateGuest: 0,
    guestCustomer: 0,
    guestWithoutSpace: 0,
    guestAlsoUser: 0,
    inactive: 0,
    unexpectedDomain: 0,
    roleOrphan: 0,
    possibleDuplicate: 0,
    emailUnresolved: 0,
    linkedGroupDrift: 0,
    kbSignupRisk: 0,
  };
  const stats = { persons: 0, staff: 0, apps: 0, portalOnly: 0, atlassian: 0, guests: 0, hiddenEmail: 0 };

  const createdAt = (afterMs = HISTORY_START_MS): number =>
    afterMs + Math.floor(prng.next() * Math.max(1, HISTORY_END_MS - afterMs));
  const iso = (ms: number): string => new Date(ms).toISOString();

  const group = (name: string): SeedGroup => ({ groupId: mint.uuid(), name, members: [] });
  const customersGroup = group(`jira-servicemanagement-customers-${site}`);
  const guestsGroup = group(`confluence-guests-${site}`);
  const siteAdmins = group('site-admins');
  const jiraAdmins = group(`jira-admins-${site}`);
  const agentsGroup = group(`jira-servicemanagement-users-${site}`);
  const confluenceUsers = group(`confluence-users-${site}`);

  // -- structure: desks (sibling pairs share organisation domains), KB spaces, link groups, team spaces
  const deskCount = Math.min(500, Math.max(3, Math.round(targetAccounts / 2_000)));
  const builds: DeskBuild[] = [];
  const spaces: SeedSpace[] = [];
  const linkGroups: SeedGroup[] = [];
  const organizations: SeedOrganization[] = [];
  for (let d = 0; d < deskCount; d++) {
    const pair = d >> 1;
    const base = DESK_KEYS[d % DESK_KEYS.length] ?? 'SD';
    const projectKey = d < DESK_KEYS.length ? base : `${base}${Math.floor(d / DESK_KEYS.length)}`;
    const deskName = DESK_NAMES[d % DESK_NAMES.length] ?? 'Service Desk';
    const siblingBuild = d % 2 === 1 ? builds[d - 1] : undefined;
    const domains =
      siblingBuild?.domains ??
      [0, 1, 2].map((k) => `${ORGS[(pair * 3 + k) % ORGS.length] ?? 'org'}-${pair + 1}.example`);
    const accessDraw = prng.next();
    const access: SeedDeskAccess = accessDraw < 0.5 ? 'closed' : accessDraw < 0.8 ? 'open' : 'public';
    const desk: SeedDesk = {
      id: String(d + 1),
      projectId: String(10_000 + d),
      projectKey,
      projectName: d < DESK_NAMES.length ? deskName : `${deskName} ${Math.floor(d / DESK_NAMES.length) + 1}`,
      access,
      customers: [],
      admins: [],
      agents: [],
    };
    const risky = prng.chance(rates.kbSignupRisk);
    if (risky) planted.kbSignupRisk++;
    const linkGroup = group(`kb-${projectKey.toLowerCase()}-readers`);
    linkGroups.push(linkGroup);
    const kbSpace: SeedSpace = {
      id: String(65_536 + d * 7),
      key: `KB${projectKey}`,
      name: `${desk.projectName} Knowledge Base`,
      anonymousRead: !risky,
      unlicensedRead: true,
      admins: [],
      guests: [],
      readGroups: [confluenceUsers.groupId, customersGroup.groupId, linkGroup.groupId],
      linkedDeskId: desk.id,
    };
    spaces.push(kbSpace);
    const orgs =
      siblingBuild?.orgs ??
      domains.map((domain, k) => ({
        id: String(pair * 3 + k + 1),
        name: domain.replace(/-\d+\.example$/, '').replace(/^./, (c) => c.toUpperCase()) + ` ${pair + 1}`,
        members: [] as string[],
        deskIds: [] as string[],
      }));
    if (siblingBuild === undefined) organizations.push(...orgs);
    for (const org of orgs) org.deskIds.push(desk.id);
    builds.push({
      desk,
      domains,
      orgs,
      kbSpace,
      linkGroup,
      requestCounter: 0,
      sibling: d % 2 === 0 ? d + 1 : d - 1,
    });
  }
  const teamSpaceCount = Math.max(2, deskCount >> 1);
  for (let t = 0; t < teamSpaceCount; t++) {
    spaces.push({
      id: String(1_000_000 + t * 11),
      key: `TEAM${t + 1}`,
      name: `Team space ${t + 1}`,
      anonymousRead: false,
      unlicensedRead: false,
      admins: [],
      guests: [],
      readGroups: [confluenceUsers.groupId],
    });
  }
  const teamSpaces = spaces.slice(deskCount);

  // Zipf-ish desk popularity: desk i has weight 1 / (i + 1).
  const cumulative = new Float64Array(deskCount);
  let acc = 0;
  for (let d = 0; d < deskCount; d++) cumulative[d] = acc += 1 / (d + 1);
  const pickDesk = (): number => {
    const u = prng.next() * acc;
    let lo = 0;
    let hi = deskCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) <= u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const buildAt = (d: number): DeskBuild => builds[d] as DeskBuild;

  // -- accounts
  let personIndex = 0;
  const nameOf = (): { display: string; local: string } => {
    const f = prng.int(FIRST.length);
    const l = prng.int(LAST.length);
    const n = personIndex;
    return { display: `${FIRST[f]} ${LAST[l]}`, local: `${FIRST_LC[f]}.${LAST_LC[l]}.${n}` };
  };
  const push = (
    accountId: string,
    accountType: SeedAccount['accountType'],
    displayName: string,
    email: string | null,
    createdMs: number,
    extra: AccountFlags = NO_FLAGS,
  ): SeedAccount => {
    let emailVisible = email !== null;
    if (accountType === 'atlassian') {
      stats.atlassian++;
      if (email !== null && prng.chance(rates.hiddenEmail)) {
        emailVisible = false;
        stats.hiddenEmail++;
      }
    } else if (accountType === 'customer') stats.portalOnly++;
    // One object shape for every account (all flags present): stable hidden class, compact at 1M accounts.
    const account: SeedAccount = {
      accountId,
      accountType,
      displayName,
      email,
      emailVisible,
      status: extra.status ?? 'active',
      createdAt: iso(createdMs),
      isGuest: extra.isGuest === true,
      confluenceUser: extra.confluenceUser === true,
      siteAdmin: extra.siteAdmin === true,
      jiraAdmin: extra.jiraAdmin === true,
      timeZone: TZ[prng.int(TZ.length)] ?? 'UTC',
      locale: 'en_US',
    };
    accounts.push(account);
    return account;
  };

  const addRequests = (b: DeskBuild, reporter: string, afterMs: number, min: number): void => {
    const draw = prng.next();
    const count = Math.max(min, draw < 0.5 ? 0 : draw < 0.8 ? 1 : draw < 0.95 ? 2 : 3);
    for (let i = 0; i < count; i++) {
      b.requestCounter++;
      requests.push({
        issueId: mint.numeric(100_000),
        issueKey: `${b.desk.projectKey}-${b.requestCounter}`,
        deskId: b.desk.id,
        reporter,
        createdAt: iso(createdAt(afterMs)),
        summary: pick(prng, SUMMARIES),
      });
    }
  };

  /** Puts a customer on a desk (list, organisation, some requests; 10% also on the sibling desk). */
  const joinDesk = (
    d: number,
    accountId: string,
    domainIndex: number,
    afterMs: number,
    listed = true,
  ): void => {
    const b = buildAt(d);
    if (listed) b.desk.customers.push(accountId);
    b.orgs[domainIndex]?.members.push(accountId);
    addRequests(b, accountId, afterMs, listed ? 0 : 1);
    if (prng.chance(0.1) && b.sibling < deskCount) {
      const s = buildAt(b.sibling);
      s.desk.customers.push(accountId);
      addRequests(s, accountId, afterMs, 0);
    }
  };

  // The app's own account and two other app accounts (no email).
  const appAccountId = mint.hex24();
  push(appAccountId, 'app', 'Identity Reconciler', null, Date.UTC(2026, 0, 5));
  push(mint.hex24(), 'app', 'Automation for Jira', null, createdAt());
  push(mint.hex24(), 'app', 'Jira Service Management Widget', null, createdAt());
  stats.apps = 3;

  // Staff: ~1.5% of accounts, at least 6. Agents and admins of desks, space admins, a few site/Jira admins.
  const staffCount = Math.max(6, Math.round(targetAccounts * 0.015));
  for (let i = 0; i < staffCount; i++) {
    personIndex++;
    const { display, local } = nameOf();
    const siteAdmin = i < 2;
    const jiraAdmin = i < 4;
    const a = push(mint.atlassian(), 'atlassian', display, `${local}@${site}.example`, createdAt(), {
      confluenceUser: true,
      ...(siteAdmin ? { siteAdmin: true } : {}),
      ...(jiraAdmin ? { jiraAdmin: true } : {}),
    });
    confluenceUsers.members.push(a.accountId);
    agentsGroup.members.push(a.accountId);
    if (siteAdmin) siteAdmins.members.push(a.accountId);
    if (jiraAdmin) jiraAdmins.members.push(a.accountId);
    const d = i % deskCount;
    const b = buildAt(d);
    b.desk.agents.push(a.accountId);
    if (b.desk.admins.length === 0 || i < deskCount * 2) b.desk.admins.push(a.accountId);
    const space = spaces[i % spaces.length];
    if (space !== undefined && space.admins.length < 3) space.admins.push(a.accountId);
    stats.staff++;
  }
  for (const space of spaces)
    if (space.admins.length === 0 && siteAdmins.members[0]) space.admins.push(siteAdmins.members[0]);

  // Person archetypes: planted kinds by their rates, the rest split over clean archetypes.
  const kindEdges: number[] = [];
  let edge = 0;
  for (const k of PLANT_KINDS) kindEdges.push((edge += rates[k]));
  const CLEAN_PORTAL = 0.62;
  const CLEAN_ATLASSIAN = 0.26;
  const CLEAN_GUEST = 0.06; // remainder: clean guest-customers

  const domainFor = (d: number): { domain: string; index: number } => {
    const b = buildAt(d);
    const index = prng.int(b.domains.length);
    return { domain: b.domains[index] ?? b.domains[0] ?? 'org.example', index };
  };

  while (accounts.length < targetAccounts) {
    personIndex++;
    stats.persons++;
    const roomForTwo = targetAccounts - accounts.length >= 2;
    const u = prng.next();
    let kind: PlantKind | null = null;
    for (let k = 0; k < PLANT_KINDS.length; k++) {
      if (u < (kindEdges[k] ?? 0)) {
        kind = PLANT_KINDS[k] ?? null;
        break;
      }
    }
    if (!roomForTwo && (kind === 'duplicate' || kind === 'duplicateGuest' || kind === 'possibleDuplicate'))
      kind = null;
    const { display, local } = nameOf();
    const d = pickDesk();
    const b = buildAt(d);
    const { domain, index: domainIndex } = domainFor(d);
    const email = `${local}@${domain}`;
    const t0 = createdAt();

    if (kind === null) {
      const v = prng.next();
      if (v < CLEAN_PORTAL) {
        const id = mint.portalOnly();
        push(id, 'customer', display, email, t0);
        joinDesk(d, id, domainIndex, t0, b.desk.access === 'closed' || prng.next() >= 0.1);
      } else if (v < CLEAN_PORTAL + CLEAN_ATLASSIAN) {
        const id = mint.atlassian();
        push(id, 'atlassian', display, email, t0);
        customersGroup.members.push(id);
        joinDesk(d, id, domainIndex, t0);
      } else if (v < CLEAN_PORTAL + CLEAN_ATLASSIAN + CLEAN_GUEST) {
        // guest of a team or KB space, not a customer
        const id = mint.atlassian();
        push(id, 'atlassian', display, email, t0, { isGuest: true });
        guestsGroup.members.push(id);
        const space = prng.chance(0.5) ? b.kbSpace : pick(prng, teamSpaces);
        space.guests.push(id);
        stats.guests++;
      } else {
        // guest-customer set up right: Customer role, on the desk, in the link group
        const id = mint.atlassian();
        push(id, 'atlassian', display, email, t0, { isGuest: true });
        guestsGroup.members.push(id);
        customersGroup.members.push(id);
        b.kbSpace.guests.push(id);
        b.linkGroup.members.push(id);
        joinDesk(d, id, domainIndex, t0);
        stats.guests++;
      }
      continue;
    }

    planted[kind]++;
    switch (kind) {
      case 'duplicate':
      case 'duplicateGuest': {
        const portal = mint.portalOnly();
        push(portal, 'customer', display, email, t0);
        joinDesk(d, portal, domainIndex, t0, true);
        const later = createdAt(t0 + 1);
        const twin = mint.atlassian();
        if (kind === 'duplicate') {
          // Reported case (b): the KB-link sign-up lands in the desk's customer list beside its portal-only twin.
          push(twin, 'atlassian', display, email, later);
          buildAt(d).desk.customers.push(twin);
        } else {
          push(twin, 'atlassian', display, email, later, { isGuest: true });
          guestsGroup.members.push(twin);
          b.kbSpace.guests.push(twin);
          // in the link group: clean for LINKED_GROUP_DRIFT whether or not a twin counts as a desk customer
          b.linkGroup.members.push(twin);
          stats.guests++;
        }
        break;
      }
      case 'guestCustomer': {
        const id = mint.atlassian();
        push(id, 'atlassian', display, email, t0, { isGuest: true });
        guestsGroup.members.push(id);
        b.kbSpace.guests.push(id);
        b.linkGroup.members.push(id);
        joinDesk(d, id, domainIndex, t0);
        stats.guests++;
        break;
      }
      case 'guestWithoutSpace': {
        const id = mint.atlassian();
        push(id, 'atlassian', display, email, t0, { isGuest: true });
        guestsGroup.members.push(id);
        stats.guests++;
        break;
      }
      case 'guestAlsoUser': {
        const id = mint.atlassian();
        push(id, 'atlassian', display, email, t0, { isGuest: true, confluenceUser: true });
        guestsGroup.members.push(id);
        confluenceUsers.members.push(id);
        pick(prng, teamSpaces).guests.push(id);
        stats.guests++;
        break;
      }
      case 'inactive': {
        const status = prng.chance(0.5) ? 'inactive' : 'closed';
        if (prng.chance(0.5)) {
          const id = mint.atlassian();
          push(id, 'atlassian', display, email, t0, { status });
          customersGroup.members.push(id);
          joinDesk(d, id, domainIndex, t0, true);
        } else {
          const id = mint.portalOnly();
          push(id, 'customer', display, email, t0, { status: 'inactive' });
          joinDesk(d, id, domainIndex, t0, true);
        }
        break;
      }
      case 'unexpectedDomain': {
        const id = mint.portalOnly();
        push(id, 'customer', display, `${local}@${pick(prng, PERSONAL_DOMAINS)}`, t0);
        b.desk.customers.push(id);
        addRequests(b, id, t0, 0);
        break;
      }
      case 'roleOrphan': {
        const id = mint.atlassian();
        push(id, 'atlassian', display, email, t0);
        customersGroup.members.push(id);
        break;
      }
      case 'possibleDuplicate': {
        const first = mint.portalOnly();
        push(first, 'customer', display, email, t0);
        joinDesk(d, first, domainIndex, t0, true);
        const second = mint.portalOnly();
        push(second, 'customer', display, `${local}+${pick(prng, PLUS_TAGS)}@${domain}`, createdAt(t0));
        joinDesk(d, second, domainIndex, t0, true);
        break;
      }
      case 'emailUnresolved': {
        const id = mint.atlassian();
        push(id, 'atlassian', display, null, t0);
        customersGroup.members.push(id);
        joinDesk(d, id, domainIndex, t0, true);
        break;
      }
      case 'linkedGroupDrift': {
        const id = mint.atlassian();
        if (prng.chance(0.5)) {
          // guest-customer with the Customer role, missing from the link group
          push(id, 'atlassian', display, email, t0, { isGuest: true });
          guestsGroup.members.push(id);
          customersGroup.members.push(id);
          b.kbSpace.guests.push(id);
          joinDesk(d, id, domainIndex, t0, true);
          stats.guests++;
        } else {
          // stray link-group member: neither guest of the space nor customer of the desk
          push(id, 'atlassian', display, email, t0);
          b.linkGroup.members.push(id);
        }
        break;
      }
    }
  }

  const groups: SeedGroup[] = [
    customersGroup,
    guestsGroup,
    siteAdmins,
    jiraAdmins,
    agentsGroup,
    confluenceUsers,
    ...linkGroups,
  ];
  const links: SyntheticLink[] = builds.map((b) => ({
    deskId: b.desk.id,
    spaceId: b.kbSpace.id,
    groupId: b.linkGroup.groupId,
    allowedDomains: [...b.domains],
  }));

  const expectedFindings: Record<FindingCode, number> = {
    DUPLICATE_ACCOUNTS: planted.duplicate + planted.duplicateGuest,
    GUEST_WITHOUT_CUSTOMER_ROLE: planted.guestCustomer + planted.duplicateGuest,
    LINKED_GROUP_DRIFT: planted.linkedGroupDrift,
    // A guest twin is never taken for a KB-link sign-up (docs/core.md), so only `duplicate` twins count here.
    UNEXPECTED_CUSTOMER: planted.unexpectedDomain + planted.duplicate,
    GUEST_ALSO_USER: planted.guestAlsoUser,
    GUEST_WITHOUT_SPACE: planted.guestWithoutSpace,
    INACTIVE_WITH_ACCESS: planted.inactive,
    CUSTOMER_ROLE_ORPHAN: planted.roleOrphan,
    POSSIBLE_DUPLICATE: planted.possibleDuplicate,
    EMAIL_UNRESOLVED: planted.emailUnresolved,
    KB_SIGNUP_RISK: planted.kbSignupRisk,
  };

  return {
    site: {
      siteName: site,
      cloudId: mint.uuid(),
      appAccountId,
      accounts,
      groups,
      desks: builds.map((b) => b.desk),
      spaces,
      requests,
      organizations,
    },
    planted,
    expectedFindings,
    links,
    stats: {
      accounts: accounts.length,
      ...stats,
      desks: deskCount,
      spaces: spaces.length,
      requests: requests.length,
      groups: groups.length,
      organizations: organizations.length,
    },
  };
}
