/**
 * The emulated site's mutable state, loaded from a SiteSeed. Plain maps and sets keyed by id; derived facts
 * (roles, admin rights, guest spaces) are computed from them so they can never drift apart. Every mutation goes
 * through `mutations.ts`, which also keeps the write log and the change feed.
 */
import type { SeedAccount, SeedDeskAccess, SeedRequest, SiteSeed } from './seed';

export interface AccountRecord extends SeedAccount {
  /** Insertion order, for stable listings. */
  ordinal: number;
}

export interface GroupRecord {
  groupId: string;
  name: string;
  members: Set<string>;
}

export interface DeskRecord {
  id: string;
  projectId: string;
  projectKey: string;
  projectName: string;
  access: SeedDeskAccess;
  customers: Set<string>;
  admins: Set<string>;
  agents: Set<string>;
}

export interface SpaceRecord {
  id: string;
  key: string;
  name: string;
  anonymousRead: boolean;
  unlicensedRead: boolean;
  admins: Set<string>;
  guests: Set<string>;
  readGroups: Set<string>;
  linkedDeskId?: string;
}

export interface OrganizationRecord {
  id: string;
  name: string;
  members: Set<string>;
  deskIds: Set<string>;
}

export interface WriteLogEntry {
  seq: number;
  /** ISO-8601 virtual time. */
  at: string;
  /** `rest:<operationId>` for REST writes, `local:<action>` for control-API demo actions. */
  source: string;
  caller: string;
  kind:
    | 'group.add'
    | 'group.remove'
    | 'desk.customer.add'
    | 'desk.customer.remove'
    | 'account.create'
    | 'account.update'
    | 'space.guest.assign'
    | 'issue.create';
  target: string;
  accountId?: string;
  detail?: Record<string, unknown>;
}

/** Well-known group names of a site (atlassian-identity.md §1.5, §2; default-groups doc). */
export const siteGroupNames = (siteName: string) => ({
  customers: `jira-servicemanagement-customers-${siteName}`,
  agents: `jira-servicemanagement-users-${siteName}`,
  confluenceUsers: `confluence-users-${siteName}`,
  /** VERIFY (atlassian-identity.md §1.5): observed in public scripts, not in the default-groups doc. */
  confluenceGuests: `confluence-guests-${siteName}`,
  jiraAdmins: `jira-admins-${siteName}`,
  siteAdmins: 'site-admins',
});

export class SiteState {
  readonly siteName: string;
  readonly cloudId: string;
  readonly appAccountId: string;
  readonly accounts = new Map<string, AccountRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly desks = new Map<string, DeskRecord>();
  readonly spaces = new Map<string, SpaceRecord>();
  readonly requests: SeedRequest[] = [];
  readonly organizations = new Map<string, OrganizationRecord>();
  readonly writeLog: WriteLogEntry[] = [];
  /** API token → account id (Basic auth, api-tokens.ts). */
  readonly apiTokens = new Map<string, string>();
  private nextOrdinal = 0;

  constructor(seed: SiteSeed) {
    this.siteName = seed.siteName;
    this.cloudId = seed.cloudId;
    this.appAccountId = seed.appAccountId;
    for (const account of seed.accounts) this.addAccount({ ...account });
    for (const group of seed.groups)
      this.groups.set(group.groupId, {
        groupId: group.groupId,
        name: group.name,
        members: new Set(group.members),
      });
    for (const desk of seed.desks)
      this.desks.set(desk.id, {
        ...desk,
        customers: new Set(desk.customers),
        admins: new Set(desk.admins),
        agents: new Set(desk.agents),
      });
    for (const space of seed.spaces)
      this.spaces.set(space.id, {
        ...space,
        admins: new Set(space.admins),
        guests: new Set(space.guests),
        readGroups: new Set(space.readGroups),
      });
    this.requests.push(...seed.requests.map((request) => ({ ...request })));
    for (const t of seed.apiTokens ?? []) this.apiTokens.set(t.token, t.accountId);
    for (const org of seed.organizations)
      this.organizations.set(org.id, {
        id: org.id,
        name: org.name,
        members: new Set(org.members),
        deskIds: new Set(org.deskIds),
      });
    this.checkIntegrity();
  }

  /** Seeds must be self-consistent: every reference resolves, guests hold at most one space. */
  private checkIntegrity(): void {
    const problems: string[] = [];
    const known = (id: string, where: string) => {
      if (!this.accounts.has(id)) problems.push(`${where} references unknown account ${id}`);
    };
    for (const group of this.groups.values()) {
      for (const id of group.members) {
        known(id, `group ${group.name}`);
        if (this.accounts.get(id)?.accountType === 'customer')
          problems.push(`group ${group.name} holds portal-only customer ${id}`);
      }
    }
    for (const desk of this.desks.values())
      for (const id of [...desk.customers, ...desk.admins, ...desk.agents])
        known(id, `desk ${desk.projectKey}`);
    const guestSpaces = new Map<string, number>();
    for (const space of this.spaces.values()) {
      for (const id of [...space.admins, ...space.guests]) known(id, `space ${space.key}`);
      for (const id of space.guests) guestSpaces.set(id, (guestSpaces.get(id) ?? 0) + 1);
      for (const groupId of space.readGroups)
        if (!this.groups.has(groupId))
          problems.push(`space ${space.key} references unknown group ${groupId}`);
    }
    for (const [id, count] of guestSpaces)
      if (count > 1) problems.push(`guest ${id} is assigned ${count} spaces`);
    for (const request of this.requests) {
      known(request.reporter, `request ${request.issueKey}`);
      if (!this.desks.has(request.deskId)) problems.push(`request ${request.issueKey} on unknown desk`);
    }
    if (!this.accounts.has(this.appAccountId)) problems.push(`app account ${this.appAccountId} missing`);
    if (problems.length > 0) throw new Error(`invalid SiteSeed:\n- ${problems.join('\n- ')}`);
  }

  addAccount(account: SeedAccount): AccountRecord {
    if (this.accounts.has(account.accountId)) throw new Error(`duplicate account ${account.accountId}`);
    const record: AccountRecord = { ...account, ordinal: this.nextOrdinal++ };
    this.accounts.set(record.accountId, record);
    return record;
  }

  get groupNames() {
    return siteGroupNames(this.siteName);
  }

  /** Accounts in creation (seed) order. */
  accountList(): AccountRecord[] {
    return [...this.accounts.values()].sort((a, b) => a.ordinal - b.ordinal);
  }

  groupByName(name: string): GroupRecord | undefined {
    const wanted = name.toLowerCase();
    for (const group of this.groups.values()) if (group.name.toLowerCase() === wanted) return group;
    return undefined;
  }

  groupsOf(accountId: string): GroupRecord[] {
    return [...this.groups.values()]
      .filter((group) => group.members.has(accountId))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  isActive(accountId: string): boolean {
    return this.accounts.get(accountId)?.status === 'active';
  }

  isSiteAdmin(accountId: string): boolean {
    const account = this.accounts.get(accountId);
    if (!account || account.status !== 'active') return false;
    return (
      account.siteAdmin === true ||
      (this.groupByName(this.groupNames.siteAdmins)?.members.has(accountId) ?? false)
    );
  }

  isJiraAdmin(accountId: string): boolean {
    const account = this.accounts.get(accountId);
    if (!account || account.status !== 'active') return false;
    return (
      account.jiraAdmin === true ||
      this.isSiteAdmin(accountId) ||
      (this.groupByName(this.groupNames.jiraAdmins)?.members.has(accountId) ?? false)
    );
  }

  /** Holds the JSM Customer role: member of jira-servicemanagement-customers-<site> (atlassian-identity.md §2). */
  hasCustomerRole(accountId: string): boolean {
    return this.groupByName(this.groupNames.customers)?.members.has(accountId) ?? false;
  }

  isAgent(accountId: string): boolean {
    for (const desk of this.desks.values())
      if (desk.agents.has(accountId) || desk.admins.has(accountId)) return true;
    return this.groupByName(this.groupNames.agents)?.members.has(accountId) ?? false;
  }

  isConfluenceUser(accountId: string): boolean {
    const account = this.accounts.get(accountId);
    if (!account) return false;
    return (
      account.confluenceUser === true ||
      (this.groupByName(this.groupNames.confluenceUsers)?.members.has(accountId) ?? false)
    );
  }

  isGuest(accountId: string): boolean {
    return this.accounts.get(accountId)?.isGuest === true;
  }

  guestSpaceOf(accountId: string): SpaceRecord | undefined {
    for (const space of this.spaces.values()) if (space.guests.has(accountId)) return space;
    return undefined;
  }

  /** Resolve a JSM `serviceDeskId` path value: desk id, project id or project key (jsm.v3.json). */
  deskByIdOrProject(value: string): DeskRecord | undefined {
    const direct = this.desks.get(value);
    if (direct) return direct;
    for (const desk of this.desks.values())
      if (desk.projectId === value || desk.projectKey.toLowerCase() === value.toLowerCase()) return desk;
    return undefined;
  }

  deskByProject(idOrKey: string): DeskRecord | undefined {
    for (const desk of this.desks.values())
      if (desk.projectId === idOrKey || desk.projectKey.toLowerCase() === idOrKey.toLowerCase()) return desk;
    return undefined;
  }

  spaceByKey(key: string): SpaceRecord | undefined {
    for (const space of this.spaces.values()) if (space.key === key) return space;
    return undefined;
  }

  /** Atlassian-account holders of space administer (space admins, plus members of no admin group). */
  isSpaceAdmin(spaceId: string, accountId: string): boolean {
    const space = this.spaces.get(spaceId);
    return space !== undefined && this.isActive(accountId) && space.admins.has(accountId);
  }

  summary() {
    const accounts = this.accountList();
    const count = (predicate: (account: AccountRecord) => boolean) => accounts.filter(predicate).length;
    return {
      siteName: this.siteName,
      cloudId: this.cloudId,
      accounts: {
        total: accounts.length,
        atlassian: count((a) => a.accountType === 'atlassian'),
        customer: count((a) => a.accountType === 'customer'),
        app: count((a) => a.accountType === 'app'),
        inactiveOrClosed: count((a) => a.status !== 'active'),
        guests: count((a) => a.isGuest === true),
        hiddenEmail: count((a) => !a.emailVisible),
      },
      groups: this.groups.size,
      desks: [...this.desks.values()].map((desk) => ({
        id: desk.id,
        projectKey: desk.projectKey,
        access: desk.access,
        customers: desk.customers.size,
      })),
      spaces: [...this.spaces.values()].map((space) => ({
        id: space.id,
        key: space.key,
        guests: space.guests.size,
        anonymousRead: space.anonymousRead,
        unlicensedRead: space.unlicensedRead,
        linkedDeskId: space.linkedDeskId ?? null,
      })),
      requests: this.requests.length,
      organizations: this.organizations.size,
      writes: this.writeLog.length,
    };
  }
}
