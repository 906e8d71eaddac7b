/**
 * An in-memory Atlassian site behind the Directory, ServiceDesks, Confluence, SiteDirectory and
 * Impersonation ports, behaving like the real APIs where the core can tell: pages capped at the APIs' maxima
 * with opaque offset cursors, group members ordered by display name, desk customers in the order they were
 * added, emails hidden by profile visibility (readable by the app-only lookup), portal-only accounts in no
 * group, removals refused on desks that are not closed, writes refused for non-admins — all as UpstreamError.
 * Every call is logged with the points the emulated site would meter for it.
 */
import type { AccountKind, AccountStatus } from '../../../src/core/model/account';
import { toEmailKey } from '../../../src/core/model/email-key';
import type { Desk, Group, Space } from '../../../src/core/model/site';
import {
  type Confluence,
  type ConfluenceUserFacts,
  type Directory,
  type DirectoryProfile,
  type Impersonation,
  type Page,
  type PageRequest,
  type ServiceDesks,
  type SiteDirectory,
  type SiteInfo,
  type SiteWriter,
  UpstreamError,
  type UpstreamFailure,
} from '../../../src/core/ports';

export interface FakeAccount {
  readonly accountId: string;
  readonly kind: AccountKind;
  status: AccountStatus;
  displayName: string;
  email: string | null;
  /** Profile visibility lets others see the email. */
  emailVisible: boolean;
  /** The app-only email lookup can read it. */
  emailReadable: boolean;
  isGuest: boolean;
  hasUserRole: boolean;
  guestSpaceKeys: string[];
}

export interface SiteCall {
  readonly op: string;
  readonly arg: string;
  readonly limit: number | null;
  readonly items: number;
  readonly points: number;
}

/** Page and batch maxima of the real APIs (atlassian-identity.md §2). */
export const SITE_MAX = {
  groupMembersPage: 50,
  deskCustomersPage: 50,
  profileBatch: 100,
  emailBatch: 100,
  usersBulk: 250,
  spacesBulk: 250,
  groupsBulk: 50,
} as const;

type FailureRule = (op: string, arg: string) => UpstreamFailure | null;

const byDisplayName = (a: FakeAccount, b: FakeAccount): number =>
  a.displayName.localeCompare(b.displayName) || (a.accountId < b.accountId ? -1 : 1);

const page = <T>(items: readonly T[], request: PageRequest, max: number): Page<T> => {
  const start = request.cursor === null ? 0 : Number(request.cursor);
  if (!Number.isInteger(start) || start < 0)
    throw new UpstreamError({
      code: 'UPSTREAM.UNEXPECTED_RESPONSE',
      message: 'bad cursor',
      operation: 'page',
    });
  const size = Math.min(Math.max(1, request.limit), max);
  const slice = items.slice(start, start + size);
  return { items: slice, nextCursor: start + size < items.length ? String(start + size) : null };
};

const sameEmail = (a: string | null, b: string): boolean =>
  a !== null && toEmailKey(a) !== null && toEmailKey(a) === toEmailKey(b);

export class FakeSite {
  readonly accounts = new Map<string, FakeAccount>();
  readonly groups = new Map<string, { group: Group; members: Set<string> }>();
  readonly desks = new Map<string, { desk: Desk; customers: string[] }>();
  readonly spaces = new Map<string, Space>();
  /** Who may write memberships (site admins). */
  readonly admins = new Set<string>();
  /** The `onlySpaceKeys` of each usersFacts call that named its spaces, in call order. */
  readonly spaceReads: string[][] = [];
  readonly calls: SiteCall[] = [];
  private readonly failures: FailureRule[] = [];

  constructor(readonly info: SiteInfo) {
    this.addGroup(info.customersGroup);
  }

  // --- building the site -------------------------------------------------------------------------------

  addGroup(group: Group): this {
    if (!this.groups.has(group.id)) this.groups.set(group.id, { group, members: new Set() });
    return this;
  }

  addDesk(desk: Desk): this {
    this.desks.set(desk.id, { desk, customers: [] });
    return this;
  }

  addSpace(space: Space): this {
    this.spaces.set(space.key, space);
    return this;
  }

  addAccount(
    account: Partial<FakeAccount> & Pick<FakeAccount, 'accountId' | 'kind'>,
    memberships: { groups?: readonly string[]; desks?: readonly string[] } = {},
  ): FakeAccount {
    const full: FakeAccount = {
      status: 'active',
      displayName: account.accountId,
      email: null,
      emailVisible: true,
      emailReadable: true,
      isGuest: false,
      hasUserRole: false,
      guestSpaceKeys: [],
      ...account,
    };
    this.accounts.set(full.accountId, full);
    for (const g of memberships.groups ?? []) this.groupOf(g).members.add(full.accountId);
    for (const d of memberships.desks ?? []) this.addToDesk(d, full.accountId);
    return full;
  }

  deleteAccount(accountId: string): void {
    this.accounts.delete(accountId);
    for (const g of this.groups.values()) g.members.delete(accountId);
    for (const d of this.desks.values()) d.customers = d.customers.filter((id) => id !== accountId);
  }

  addToDesk(deskId: string, accountId: string): void {
    const desk = this.deskOf(deskId);
    if (!desk.customers.includes(accountId)) desk.customers.push(accountId);
  }

  isMember(groupId: string, accountId: string): boolean {
    return this.groups.get(groupId)?.members.has(accountId) ?? false;
  }

  isCustomer(deskId: string, accountId: string): boolean {
    return this.desks.get(deskId)?.customers.includes(accountId) ?? false;
  }

  /** Make matching calls fail with the given upstream failure until the rule is removed. */
  failWhen(rule: FailureRule): () => void {
    this.failures.push(rule);
    return () => {
      const i = this.failures.indexOf(rule);
      if (i >= 0) this.failures.splice(i, 1);
    };
  }

  callsOf(op: string): SiteCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  get pointsMetered(): number {
    return this.calls.reduce((sum, c) => sum + c.points, 0);
  }

  // --- ports -------------------------------------------------------------------------------------------

  readonly directory: Directory = {
    accountsByIds: (ids) =>
      this.call('accountsByIds', ids.join(','), SITE_MAX.profileBatch, ids.length, () => {
        const out: DirectoryProfile[] = [];
        for (const id of ids) {
          const a = this.accounts.get(id);
          if (a === undefined) continue;
          out.push({
            accountId: a.accountId,
            kind: a.kind,
            status: a.status,
            displayName: a.displayName,
            visibleEmail: a.emailVisible ? a.email : null,
          });
        }
        return { value: out, items: out.length, weight: 2 };
      }),
    emailsByIds: (ids) =>
      this.call('emailsByIds', ids.join(','), SITE_MAX.emailBatch, ids.length, () => {
        const out = new Map<string, string | null>();
        for (const id of ids) {
          const a = this.accounts.get(id);
          if (a !== undefined) out.set(id, a.emailReadable ? a.email : null);
        }
        return { value: out, items: out.size, weight: 2 };
      }),
    accountIdsForEmail: (email) =>
      this.call('accountIdsForEmail', email, null, 0, () => {
        const ids = [...this.accounts.values()]
          .filter((a) => sameEmail(a.email, email))
          .map((a) => a.accountId)
          .sort();
        return { value: ids, items: ids.length, weight: 2 };
      }),
    groupsOfAccount: (accountId) =>
      this.call('groupsOfAccount', accountId, null, 0, () => {
        if (!this.accounts.has(accountId))
          this.fail({ code: 'UPSTREAM.NOT_FOUND', message: 'no such user', operation: 'groupsOfAccount' });
        const ids = [...this.groups.values()]
          .filter((g) => g.members.has(accountId))
          .map((g) => g.group.id)
          .sort();
        return { value: ids, items: ids.length, weight: 2 };
      }),
    membersOfGroup: (groupId, request) =>
      this.call('membersOfGroup', groupId, null, 0, () => {
        const members = [...this.groupOf(groupId).members]
          .map((id) => this.accounts.get(id))
          .filter((a): a is FakeAccount => a !== undefined)
          .sort(byDisplayName)
          .map((a) => a.accountId);
        const p = page(members, request, SITE_MAX.groupMembersPage);
        return {
          value: p,
          items: p.items.length,
          weight: 2,
          limit: Math.min(request.limit, SITE_MAX.groupMembersPage),
        };
      }),
    memberCount: (groupId) =>
      this.call('memberCount', groupId, null, 0, () => {
        const n = this.groupOf(groupId).members.size;
        return { value: n, items: Math.min(1, n), weight: 2, limit: 1 };
      }),
    addMember: () => Promise.reject(new Error('write through Impersonation.writerFor')),
    removeMember: () => Promise.reject(new Error('write through Impersonation.writerFor')),
  };

  readonly serviceDesks: ServiceDesks = {
    desks: () =>
      this.call('desks', '', null, 0, () => {
        const desks = [...this.desks.values()].map((d) => d.desk);
        return { value: desks, items: desks.length, weight: 1 };
      }),
    customersOfDesk: (deskId, request, matchingEmail) =>
      this.call(
        'customersOfDesk',
        matchingEmail === undefined ? deskId : `${deskId}?${matchingEmail}`,
        null,
        0,
        () => {
          // JSM's `query` matches visible emails only (local/atlassian-site/verify.ts SEARCH_MATCHES_HIDDEN_EMAIL).
          const all = this.deskOf(deskId).customers.filter((id) => {
            if (matchingEmail === undefined) return true;
            const account = this.accounts.get(id);
            return account?.emailVisible === true && sameEmail(account.email, matchingEmail);
          });
          const p = page(all, request, SITE_MAX.deskCustomersPage);
          return {
            value: p,
            items: p.items.length,
            weight: 2,
            limit: Math.min(request.limit, SITE_MAX.deskCustomersPage),
          };
        },
      ),
    customerCount: (deskId) =>
      this.call('customerCount', deskId, null, 0, () => {
        const n = this.deskOf(deskId).customers.length;
        return { value: n, items: Math.min(1, n), weight: 2, limit: 1 };
      }),
    addCustomers: () => Promise.reject(new Error('write through Impersonation.writerFor')),
    removeCustomers: () => Promise.reject(new Error('write through Impersonation.writerFor')),
  };

  readonly confluence: Confluence = {
    usersFacts: (ids, options) =>
      this.call('usersFacts', ids.join(','), SITE_MAX.usersBulk, ids.length, () => {
        const out: ConfluenceUserFacts[] = [];
        const only = options?.onlySpaceKeys;
        if (only !== undefined) this.spaceReads.push([...only]);
        for (const id of ids) {
          const a = this.accounts.get(id);
          if (a === undefined || a.kind === 'customer') continue;
          out.push({
            accountId: id,
            isGuest: a.isGuest,
            hasUserRole: a.hasUserRole,
            // Like the adapter: only the named spaces are read when they are named.
            guestSpaceKeys: a.guestSpaceKeys.filter((k) => only === undefined || only.includes(k)),
          });
        }
        return { value: out, items: out.length, weight: 2 };
      }),
    spacesWithKbAccess: (keys) =>
      this.call('spacesWithKbAccess', keys.join(','), SITE_MAX.spacesBulk, keys.length, () => {
        const out = keys.map((k) => this.spaces.get(k)).filter((s): s is Space => s !== undefined);
        return { value: out, items: out.length, weight: 1 };
      }),
    isSpaceAdmin: (spaceKey, accountId) =>
      this.call('isSpaceAdmin', `${spaceKey}:${accountId}`, null, 0, () => ({
        value: this.admins.has(accountId),
        items: 0,
        weight: 1,
      })),
  };

  readonly siteDirectory: SiteDirectory = {
    siteInfo: () =>
      this.call('siteInfo', '', null, 0, () => ({
        value: this.info,
        items: 1 + this.info.customerRoleGroupIds.length + this.info.guestGroupIds.length,
        weight: 2,
      })),
    groupsByIds: (ids) =>
      this.call('groupsByIds', ids.join(','), SITE_MAX.groupsBulk, ids.length, () => {
        const out = ids.map((id) => this.groups.get(id)?.group).filter((g): g is Group => g !== undefined);
        return { value: out, items: out.length, weight: 2 };
      }),
  };

  readonly impersonation: Impersonation = {
    writerFor: (actor): SiteWriter => ({
      directory: {
        addMember: (groupId, accountId) =>
          this.write('addMember', actor, `${groupId}:${accountId}`, () => {
            const account = this.accounts.get(accountId);
            if (account === undefined)
              this.fail({ code: 'UPSTREAM.NOT_FOUND', message: 'no such user', operation: 'addMember' });
            if (account?.kind === 'customer') {
              this.fail({
                code: 'UPSTREAM.UNEXPECTED_RESPONSE',
                message: 'portal-only accounts cannot join groups',
                operation: 'addMember',
              });
            }
            this.groupOf(groupId).members.add(accountId);
          }),
        removeMember: (groupId, accountId) =>
          this.write('removeMember', actor, `${groupId}:${accountId}`, () => {
            this.groupOf(groupId).members.delete(accountId);
          }),
      },
      serviceDesks: {
        addCustomers: (deskId, ids) =>
          this.write('addCustomers', actor, `${deskId}:${ids.join(',')}`, () => {
            for (const id of ids) this.addToDesk(deskId, id);
          }),
        removeCustomers: (deskId, ids) =>
          this.write('removeCustomers', actor, `${deskId}:${ids.join(',')}`, () => {
            const desk = this.deskOf(deskId);
            if (desk.desk.access !== 'closed') {
              this.fail({
                code: 'UPSTREAM.FORBIDDEN',
                message: 'customers can only be removed from closed desks',
                operation: 'removeCustomers',
                reason: 'desk-not-closed',
              });
            }
            desk.customers = desk.customers.filter((id) => !ids.includes(id));
          }),
      },
    }),
  };

  // --- internals ---------------------------------------------------------------------------------------

  private groupOf(groupId: string): { group: Group; members: Set<string> } {
    const g = this.groups.get(groupId);
    if (g === undefined)
      return this.fail({ code: 'UPSTREAM.NOT_FOUND', message: `no group ${groupId}`, operation: 'group' });
    return g;
  }

  private deskOf(deskId: string): { desk: Desk; customers: string[] } {
    const d = this.desks.get(deskId);
    if (d === undefined)
      return this.fail({ code: 'UPSTREAM.NOT_FOUND', message: `no desk ${deskId}`, operation: 'desk' });
    return d;
  }

  private fail(failure: UpstreamFailure): never {
    throw new UpstreamError(failure);
  }

  private call<T>(
    op: string,
    arg: string,
    batchMax: number | null,
    batchSize: number,
    run: () => { value: T; items: number; weight: number; limit?: number },
  ): Promise<T> {
    if (batchMax !== null && batchSize > batchMax) {
      return Promise.reject(new Error(`${op}: batch of ${batchSize} exceeds the API maximum ${batchMax}`));
    }
    try {
      for (const rule of this.failures) {
        const failure = rule(op, arg);
        if (failure !== null) {
          this.calls.push({ op, arg, limit: null, items: 0, points: 1 });
          this.fail(failure);
        }
      }
      const r = run();
      this.calls.push({ op, arg, limit: r.limit ?? null, items: r.items, points: 1 + r.weight * r.items });
      return Promise.resolve(r.value);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private write(op: string, actor: string, arg: string, run: () => void): Promise<void> {
    return this.call(op, arg, null, 0, () => {
      if (!this.admins.has(actor))
        this.fail({
          code: 'UPSTREAM.FORBIDDEN',
          message: `${actor} may not manage memberships`,
          operation: op,
        });
      run();
      return { value: undefined, items: 0, weight: 0 };
    });
  }
}
