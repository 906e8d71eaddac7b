/**
 * Every change to the site goes through here, whether it comes from a REST write or a `/__local/actions/*` demo
 * action: one place checks the documented rules (portal-only accounts cannot join groups, a guest has at most
 * one space, removals only on closed desks), appends the write log, and emits exactly the product events
 * Atlassian would send (feed.ts; the choices are the named constants in verify.ts).
 */
import { createHash } from 'node:crypto';
import type { VirtualClock } from '../clock/virtual-clock';
import type { ChangeFeed } from './feed';
import { jiraUser } from './representations';
import type { SeedAccountType } from './seed';
import type { AccountRecord, DeskRecord, SiteState, SpaceRecord, WriteLogEntry } from './state';
import {
  DESK_CUSTOMER_ADD_GRANTS_CUSTOMER_ROLE,
  EMIT_CONFLUENCE_CREATED_USER_ON_SIGNUP,
  EMIT_EVENT_ON_DEACTIVATION,
  EMIT_EVENT_ON_GUEST_INVITE,
  EMIT_JIRA_CREATED_USER_FOR_PORTAL_CUSTOMER,
  EMIT_JIRA_CREATED_USER_ON_SIGNUP,
  EMIT_JIRA_UPDATED_USER_ON_GROUP_CHANGE,
  EMIT_SPACE_PERMISSIONS_UPDATED_ON_GUEST_ASSIGN,
  JIRA_ADD_EXISTING_MEMBER_IS_ERROR,
  REQUEST_ON_OPEN_DESK_ADDS_CUSTOMER,
} from './verify';

/** A rule violation with the HTTP status Atlassian answers it with; handlers wrap it in the product's error body. */
export class SiteError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SiteError';
  }
}

/** Who caused a write: the log names it; events carry it as `atlassianId` where the payload has one. */
export interface Actor {
  /** `rest:<operationId>` or `local:<action>`. */
  source: string;
  /** `app:<appId>`, `user:<accountId>` or `local`. */
  caller: string;
  /** The acting Atlassian account, when there is one. */
  accountId?: string;
}

const normalise = (email: string) => email.trim().normalize('NFKC').toLowerCase();

export class SiteMutations {
  private idCounter = 0;

  constructor(
    private readonly state: SiteState,
    private readonly feed: ChangeFeed,
    private readonly clock: VirtualClock,
    private readonly baseUrl: () => string,
  ) {}

  private now(): string {
    return this.clock.date().toISOString();
  }

  private log(actor: Actor, entry: Omit<WriteLogEntry, 'seq' | 'at' | 'source' | 'caller'>): void {
    this.state.writeLog.push({
      seq: this.state.writeLog.length + 1,
      at: this.now(),
      source: actor.source,
      caller: actor.caller,
      ...entry,
    });
  }

  /** Deterministic ids: a hash of the site, the kind, a counter and the virtual time. */
  private newId(kind: SeedAccountType | 'issue'): string {
    this.idCounter += 1;
    const hex = createHash('sha256')
      .update(`${this.state.cloudId}:${kind}:${this.idCounter}:${this.clock.now()}`)
      .digest('hex');
    if (kind === 'customer')
      return `qm:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}:${hex.slice(32, 55)}`;
    return hex.slice(0, 24);
  }

  private account(accountId: string): AccountRecord {
    const account = this.state.accounts.get(accountId);
    if (!account) throw new SiteError(404, `The user with account ID '${accountId}' does not exist.`);
    return account;
  }

  accountsByEmail(email: string): AccountRecord[] {
    const key = normalise(email);
    return this.state
      .accountList()
      .filter((account) => account.email !== null && normalise(account.email) === key);
  }

  // ───────────── groups ─────────────

  addToGroup(groupId: string, accountId: string, actor: Actor): void {
    const group = this.state.groups.get(groupId);
    if (!group) throw new SiteError(404, `Specified group does not exist.`);
    const account = this.account(accountId);
    if (account.accountType === 'customer')
      throw new SiteError(
        400,
        "You can't add Jira Service Management portal only customers to groups. Migrate the customer to an Atlassian account first.",
      );
    if (group.members.has(accountId)) {
      if (JIRA_ADD_EXISTING_MEMBER_IS_ERROR)
        throw new SiteError(
          400,
          `Cannot add user. ${account.displayName} is already a member of '${group.name}'`,
        );
      return;
    }
    group.members.add(accountId);
    this.log(actor, {
      kind: 'group.add',
      target: group.groupId,
      accountId,
      detail: { groupName: group.name },
    });
    if (EMIT_JIRA_UPDATED_USER_ON_GROUP_CHANGE) this.emitJiraUser('avi:jira:updated:user', account);
  }

  removeFromGroup(groupId: string, accountId: string, actor: Actor): void {
    const group = this.state.groups.get(groupId);
    if (!group) throw new SiteError(404, `Specified group does not exist.`);
    const account = this.account(accountId);
    if (!group.members.has(accountId))
      throw new SiteError(404, `The user '${account.displayName}' is not a member of '${group.name}'.`);
    group.members.delete(accountId);
    this.log(actor, {
      kind: 'group.remove',
      target: group.groupId,
      accountId,
      detail: { groupName: group.name },
    });
    if (EMIT_JIRA_UPDATED_USER_ON_GROUP_CHANGE) this.emitJiraUser('avi:jira:updated:user', account);
  }

  // ───────────── desks ─────────────

  /** Adds existing accounts; returns the ids that do not exist (the valid ones are still added, per spec). */
  addDeskCustomers(desk: DeskRecord, accountIds: string[], actor: Actor): string[] {
    const missing: string[] = [];
    for (const accountId of accountIds) {
      const account = this.state.accounts.get(accountId);
      if (!account || account.accountType === 'app') {
        missing.push(accountId);
        continue;
      }
      if (desk.customers.has(accountId)) continue;
      desk.customers.add(accountId);
      this.log(actor, {
        kind: 'desk.customer.add',
        target: desk.id,
        accountId,
        detail: { projectKey: desk.projectKey },
      });
      if (DESK_CUSTOMER_ADD_GRANTS_CUSTOMER_ROLE && account.accountType === 'atlassian')
        this.grantCustomerRole(account, actor);
    }
    return missing;
  }

  removeDeskCustomers(desk: DeskRecord, accountIds: string[], actor: Actor): void {
    if (desk.access !== 'closed')
      throw new SiteError(
        400,
        'The service desk has public signup or open access enabled. Customers cannot be removed.',
      );
    for (const accountId of accountIds) {
      if (!desk.customers.delete(accountId)) continue;
      this.log(actor, {
        kind: 'desk.customer.remove',
        target: desk.id,
        accountId,
        detail: { projectKey: desk.projectKey },
      });
    }
  }

  private grantCustomerRole(account: AccountRecord, actor: Actor): void {
    const customers = this.state.groupByName(this.state.groupNames.customers);
    if (!customers || customers.members.has(account.accountId)) return;
    customers.members.add(account.accountId);
    this.log(actor, {
      kind: 'group.add',
      target: customers.groupId,
      accountId: account.accountId,
      detail: { groupName: customers.name, reason: 'customer role granted with desk access' },
    });
  }

  // ───────────── accounts ─────────────

  createPortalCustomer(
    email: string,
    displayName: string,
    actor: Actor,
    strictConflict: boolean,
  ): AccountRecord {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()))
      throw new SiteError(400, `The email address '${email}' is invalid.`);
    if (this.accountsByEmail(email).some((account) => account.accountType === 'customer'))
      throw new SiteError(strictConflict ? 409 : 400, `An account already exists for this email: ${email}`);
    const account = this.state.addAccount({
      accountId: this.newId('customer'),
      accountType: 'customer',
      displayName: displayName.trim() || email,
      email: email.trim(),
      emailVisible: true,
      status: 'active',
      createdAt: this.now(),
      timeZone: 'Etc/UTC',
      locale: 'en_US',
    });
    this.log(actor, {
      kind: 'account.create',
      target: account.accountId,
      accountId: account.accountId,
      detail: { accountType: 'customer' },
    });
    if (EMIT_JIRA_CREATED_USER_FOR_PORTAL_CUSTOMER) this.emitJiraUser('avi:jira:created:user', account);
    return account;
  }

  private createAtlassianAccount(
    email: string,
    displayName: string,
    actor: Actor,
    extra: Partial<AccountRecord>,
  ): AccountRecord {
    const account = this.state.addAccount({
      accountId: this.newId('atlassian'),
      accountType: 'atlassian',
      displayName,
      email,
      emailVisible: true,
      status: 'active',
      createdAt: this.now(),
      timeZone: 'Etc/UTC',
      locale: 'en_US',
      ...extra,
    });
    this.log(actor, {
      kind: 'account.create',
      target: account.accountId,
      accountId: account.accountId,
      detail: { accountType: 'atlassian', ...extra },
    });
    return account;
  }

  /**
   * Reported case (b): someone opens a `/wiki/…` KB link, signs up for an Atlassian account (same email as their
   * portal-only account) and the desk admits them as a customer.
   */
  kbSignup(
    input: { email: string; displayName: string; deskId: string; emailVisible?: boolean },
    actor: Actor,
  ): AccountRecord {
    const desk = this.state.desks.get(input.deskId);
    if (!desk) throw new SiteError(404, `Service desk ${input.deskId} does not exist.`);
    const existing = this.accountsByEmail(input.email);
    if (existing.some((account) => account.accountType === 'atlassian'))
      throw new SiteError(409, `An Atlassian account already exists for ${input.email}.`);
    const account = this.createAtlassianAccount(input.email, input.displayName, actor, {
      emailVisible: input.emailVisible ?? true,
    });
    this.addDeskCustomers(desk, [account.accountId], actor);
    if (EMIT_JIRA_CREATED_USER_ON_SIGNUP) this.emitJiraUser('avi:jira:created:user', account);
    if (EMIT_CONFLUENCE_CREATED_USER_ON_SIGNUP) this.emitConfluenceCreatedUser(account);
    return account;
  }

  /** An admin invites a Confluence guest (reported case (a) when the email already has a portal-only account). */
  inviteGuest(
    input: { email: string; displayName: string; emailVisible?: boolean },
    actor: Actor,
  ): AccountRecord {
    const existing = this.accountsByEmail(input.email).find((account) => account.accountType === 'atlassian');
    let account: AccountRecord;
    if (existing) {
      if (existing.isGuest) throw new SiteError(409, `${input.email} is already a guest.`);
      if (existing.confluenceUser || this.state.isConfluenceUser(existing.accountId))
        throw new SiteError(400, 'You may not convert current or former paid users to guests.');
      existing.isGuest = true;
      account = existing;
      this.log(actor, {
        kind: 'account.update',
        target: account.accountId,
        accountId: account.accountId,
        detail: { isGuest: true },
      });
    } else {
      account = this.createAtlassianAccount(input.email, input.displayName, actor, {
        isGuest: true,
        emailVisible: input.emailVisible ?? true,
      });
    }
    const guests = this.state.groupByName(this.state.groupNames.confluenceGuests);
    if (guests && !guests.members.has(account.accountId)) {
      guests.members.add(account.accountId);
      this.log(actor, {
        kind: 'group.add',
        target: guests.groupId,
        accountId: account.accountId,
        detail: { groupName: guests.name },
      });
    }
    if (EMIT_EVENT_ON_GUEST_INVITE) this.emitConfluenceCreatedUser(account);
    return account;
  }

  assignGuestSpace(accountId: string, spaceId: string, actor: Actor): SpaceRecord {
    const account = this.account(accountId);
    if (!account.isGuest) throw new SiteError(400, `${account.displayName} is not a guest.`);
    const space = this.state.spaces.get(spaceId);
    if (!space) throw new SiteError(404, `Space ${spaceId} does not exist.`);
    const current = this.state.guestSpaceOf(accountId);
    if (current)
      throw new SiteError(
        400,
        `Guests can only be assigned one space; ${account.displayName} already has ${current.key}.`,
      );
    space.guests.add(accountId);
    this.log(actor, {
      kind: 'space.guest.assign',
      target: space.id,
      accountId,
      detail: { spaceKey: space.key },
    });
    if (EMIT_SPACE_PERMISSIONS_UPDATED_ON_GUEST_ASSIGN)
      this.emitSpacePermissionsUpdated(space, actor.accountId);
    return space;
  }

  deactivate(accountId: string, actor: Actor): AccountRecord {
    const account = this.account(accountId);
    if (account.status !== 'active')
      throw new SiteError(400, `${account.displayName} is already ${account.status}.`);
    account.status = 'inactive';
    this.log(actor, { kind: 'account.update', target: accountId, accountId, detail: { status: 'inactive' } });
    if (EMIT_EVENT_ON_DEACTIVATION) this.emitJiraUser('avi:jira:updated:user', account);
    return account;
  }

  // ───────────── issues ─────────────

  createRequest(
    input: { deskId: string; reporter: string; summary: string; portal: boolean },
    actor: Actor,
  ): { issueId: string; issueKey: string } {
    const desk = this.state.desks.get(input.deskId);
    if (!desk) throw new SiteError(404, `Service desk ${input.deskId} does not exist.`);
    const reporter = this.account(input.reporter);
    if (input.portal) {
      if (reporter.status !== 'active')
        throw new SiteError(403, `${reporter.displayName} cannot log in to the portal.`);
      if (desk.access === 'closed' && !desk.customers.has(reporter.accountId))
        throw new SiteError(403, `${reporter.displayName} is not a customer of ${desk.projectKey}.`);
    }
    const numbers = this.state.requests
      .filter((request) => request.deskId === desk.id)
      .map((request) => Number(request.issueKey.split('-')[1] ?? 0));
    const next = Math.max(0, ...numbers) + 1;
    const allIds = this.state.requests.map((request) => Number(request.issueId));
    const issueId = String(Math.max(10000, ...allIds) + 1);
    const issueKey = `${desk.projectKey}-${next}`;
    const createdAt = this.now();
    this.state.requests.push({
      issueId,
      issueKey,
      deskId: desk.id,
      reporter: reporter.accountId,
      createdAt,
      summary: input.summary,
    });
    this.log(actor, {
      kind: 'issue.create',
      target: issueKey,
      accountId: reporter.accountId,
      detail: { deskId: desk.id, summary: input.summary },
    });
    if (input.portal && REQUEST_ON_OPEN_DESK_ADDS_CUSTOMER && desk.access !== 'closed')
      this.addDeskCustomers(desk, [reporter.accountId], actor);
    this.feed.append({
      eventType: 'avi:jira:created:issue',
      ...(actor.accountId !== undefined ? { atlassianId: actor.accountId } : {}),
      issue: {
        id: issueId,
        key: issueKey,
        fields: {
          summary: input.summary,
          issuetype: { id: '10100', name: '[System] Service request' },
          project: {
            id: desk.projectId,
            key: desk.projectKey,
            name: desk.projectName,
            projectTypeKey: 'service_desk',
          },
          reporter: { accountId: reporter.accountId, accountType: reporter.accountType },
          creator: { accountId: actor.accountId ?? reporter.accountId },
          created: createdAt,
        },
      },
      associatedUsers: [{ accountId: reporter.accountId }],
    });
    return { issueId, issueKey };
  }

  // ───────────── events ─────────────

  /** Jira user events carry the user only: no actor (`atlassianId`) — forge-platform.md §1.2. */
  private emitJiraUser(
    eventType: 'avi:jira:created:user' | 'avi:jira:updated:user',
    account: AccountRecord,
  ): void {
    this.feed.append({
      eventType,
      user: jiraUser(this.state, this.baseUrl(), account, { groups: true, applicationRoles: true }),
    });
  }

  /** Confluence user events: PII fields (username, email, publicName, displayName) hold the accountId. */
  private emitConfluenceCreatedUser(account: AccountRecord): void {
    this.feed.append({
      eventType: 'avi:confluence:created:user',
      eventCreatedDate: this.now(),
      user: {
        type: 'known',
        username: account.accountId,
        accountId: account.accountId,
        accountType: account.accountType === 'app' ? 'app' : 'atlassian',
        email: account.accountId,
        profilePicture: {
          path: `/wiki/aa-avatar/${account.accountId}`,
          width: 48,
          height: 48,
          isDefault: false,
        },
        displayName: account.accountId,
        publicName: account.accountId,
        isExternalCollaborator: account.isGuest === true,
      },
    });
  }

  /** Only the space: which principal or permission changed is not said (forge-platform.md §1.2). */
  private emitSpacePermissionsUpdated(space: SpaceRecord, actorAccountId: string | undefined): void {
    this.feed.append({
      eventType: 'avi:confluence:permissions_updated:space:V2',
      ...(actorAccountId !== undefined ? { atlassianId: actorAccountId } : {}),
      eventCreatedDate: this.now(),
      space: {
        id: Number(space.id),
        key: space.key,
        alias: space.key,
        name: space.name,
        type: 'global',
        icon: { path: '/images/logo/default-space-logo.svg', width: 48, height: 48, isDefault: true },
        status: 'current',
        history: { createdDate: '2024-01-15T09:00:00.000Z' },
      },
    });
  }
}
