/**
 * How accounts, groups, desks and spaces look in each product's REST API, per the official response schemas
 * (Jira User/UserDetails/GroupName, JSM UserDTO, Confluence v1 User/Group, v2 User). Privacy rules live here:
 * a hidden email never leaves these functions except through the email APIs.
 */
import type {
  AccountRecord,
  DeskRecord,
  GroupRecord,
  OrganizationRecord,
  SiteState,
  SpaceRecord,
} from './state';
import {
  CONFLUENCE_V1_HIDDEN_EMAIL,
  CONFLUENCE_V2_HIDDEN_EMAIL,
  CUSTOMER_APPLICATION_ROLE_KEY,
} from './verify';

const AVATAR_BASE = 'https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net';

/** The email a profile API may show, or undefined when hidden (or absent). */
export function visibleEmail(account: AccountRecord): string | undefined {
  return account.emailVisible && account.email !== null ? account.email : undefined;
}

function initials(displayName: string): string {
  return (
    displayName
      .split(/\s+/)
      .filter((part) => part.length > 0)
      .map((part) => part[0]?.toUpperCase() ?? '')
      .join('')
      .slice(0, 2) || 'U'
  );
}

export function avatarUrls(account: AccountRecord): Record<'16x16' | '24x24' | '32x32' | '48x48', string> {
  const base = `${AVATAR_BASE}/initials/${initials(account.displayName)}-${account.ordinal % 6}.png`;
  return {
    '16x16': `${base}?size=16&s=16`,
    '24x24': `${base}?size=24&s=24`,
    '32x32': `${base}?size=32&s=32`,
    '48x48': `${base}?size=48&s=48`,
  };
}

const q = encodeURIComponent;

// ───────────────────────────── Jira platform ─────────────────────────────

export function jiraGroupName(baseUrl: string, group: GroupRecord) {
  return {
    name: group.name,
    groupId: group.groupId,
    self: `${baseUrl}/rest/api/3/group?groupId=${q(group.groupId)}`,
  };
}

function applicationRole(
  key: string,
  name: string,
  groups: GroupRecord[],
  baseUrl: string,
  userCount: number,
) {
  return {
    key,
    name,
    groups: groups.map((group) => group.name),
    groupDetails: groups.map((group) => jiraGroupName(baseUrl, group)),
    defaultGroups: groups.slice(0, 1).map((group) => group.name),
    defaultGroupsDetails: groups.slice(0, 1).map((group) => jiraGroupName(baseUrl, group)),
    selectedByDefault: false,
    defined: true,
    numberOfSeats: 100,
    remainingSeats: Math.max(0, 100 - userCount),
    userCount,
    userCountDescription: 'users',
    hasUnlimitedSeats: key === CUSTOMER_APPLICATION_ROLE_KEY,
    platform: false,
  };
}

/** Application roles an account holds, derived from the default groups of each role. */
export function jiraApplicationRoles(state: SiteState, baseUrl: string, accountId: string) {
  const names = state.groupNames;
  const roles = [];
  const agents = state.groupByName(names.agents);
  if (agents?.members.has(accountId))
    roles.push(
      applicationRole('jira-servicedesk', 'Jira Service Management', [agents], baseUrl, agents.members.size),
    );
  const customers = state.groupByName(names.customers);
  if (customers?.members.has(accountId))
    roles.push(
      applicationRole(
        CUSTOMER_APPLICATION_ROLE_KEY,
        'Jira Service Management - Customer',
        [customers],
        baseUrl,
        customers.members.size,
      ),
    );
  return roles;
}

export interface JiraUserOptions {
  groups?: boolean;
  applicationRoles?: boolean;
}

/** Jira `User` (jira-platform.v3.json #/components/schemas/User). */
export function jiraUser(
  state: SiteState,
  baseUrl: string,
  account: AccountRecord,
  options: JiraUserOptions = {},
) {
  const email = visibleEmail(account);
  const user: Record<string, unknown> = {
    self: `${baseUrl}/rest/api/3/user?accountId=${q(account.accountId)}`,
    accountId: account.accountId,
    accountType: account.accountType,
    ...(email !== undefined ? { emailAddress: email } : {}),
    avatarUrls: avatarUrls(account),
    displayName: account.displayName,
    active: account.status === 'active',
    timeZone: account.timeZone ?? 'Etc/UTC',
    locale: account.locale ?? 'en_US',
  };
  const expands: string[] = [];
  if (options.groups) {
    const groups = state.groupsOf(account.accountId);
    user.groups = {
      size: groups.length,
      items: groups.map((group) => jiraGroupName(baseUrl, group)),
      'max-results': 200,
    };
  } else expands.push('groups');
  if (options.applicationRoles) {
    const roles = jiraApplicationRoles(state, baseUrl, account.accountId);
    user.applicationRoles = { size: roles.length, items: roles, 'max-results': 200 };
  } else expands.push('applicationRoles');
  if (expands.length > 0) user.expand = expands.join(',');
  return user;
}

/** Jira `UserDetails` (group members; no locale, no expand). */
export function jiraUserDetails(baseUrl: string, account: AccountRecord) {
  const email = visibleEmail(account);
  return {
    self: `${baseUrl}/rest/api/3/user?accountId=${q(account.accountId)}`,
    accountId: account.accountId,
    accountType: account.accountType,
    ...(email !== undefined ? { emailAddress: email } : {}),
    avatarUrls: avatarUrls(account),
    displayName: account.displayName,
    active: account.status === 'active',
    timeZone: account.timeZone ?? 'Etc/UTC',
  };
}

// ───────────────────────────── JSM ─────────────────────────────

/** JSM `UserDTO` (no accountType in this schema). */
export function jsmUser(baseUrl: string, account: AccountRecord) {
  const email = visibleEmail(account);
  return {
    accountId: account.accountId,
    ...(email !== undefined ? { emailAddress: email } : {}),
    displayName: account.displayName,
    active: account.status === 'active',
    timeZone: account.timeZone ?? 'Etc/UTC',
    _links: {
      jiraRest: `${baseUrl}/rest/api/2/user?accountId=${q(account.accountId)}`,
      avatarUrls: avatarUrls(account),
      self: `${baseUrl}/rest/api/2/user?accountId=${q(account.accountId)}`,
    },
  };
}

export function jsmServiceDesk(baseUrl: string, desk: DeskRecord) {
  return {
    id: desk.id,
    projectId: desk.projectId,
    projectName: desk.projectName,
    projectKey: desk.projectKey,
    projectTypeKey: 'service_desk',
    _links: { self: `${baseUrl}/rest/servicedeskapi/servicedesk/${q(desk.id)}` },
  };
}

export function jsmOrganization(baseUrl: string, org: OrganizationRecord, createdMs: number) {
  const created = new Date(createdMs);
  return {
    id: org.id,
    uuid: `${org.id.padStart(8, '0')}-0000-4000-8000-${org.id.padStart(12, '0')}`,
    name: org.name,
    scimManaged: false,
    created: {
      iso8601: created.toISOString().replace(/\.\d{3}Z$/, '+0000'),
      jira: created.toISOString().replace(/Z$/, '+0000'),
      friendly: created.toUTCString(),
      epochMillis: createdMs,
    },
    _links: { self: `${baseUrl}/rest/servicedeskapi/organization/${q(org.id)}` },
  };
}

// ───────────────────────────── Confluence ─────────────────────────────

function profilePicture(account: AccountRecord) {
  return { path: `/wiki/aa-avatar/${account.accountId}`, width: 48, height: 48, isDefault: false };
}

/** Confluence v1 `User`. `isExternalCollaborator` only with `expand=isExternalCollaborator`. */
export function confluenceV1User(baseUrl: string, account: AccountRecord, expandGuest: boolean) {
  const email = visibleEmail(account);
  return {
    type: 'known',
    accountId: account.accountId,
    accountType: account.accountType === 'app' ? 'app' : 'atlassian',
    email: email ?? CONFLUENCE_V1_HIDDEN_EMAIL,
    publicName: account.displayName,
    profilePicture: profilePicture(account),
    displayName: account.displayName,
    timeZone: account.timeZone ?? 'Etc/UTC',
    ...(expandGuest
      ? { isExternalCollaborator: account.isGuest === true, externalCollaborator: account.isGuest === true }
      : {}),
    _expandable: { operations: '', personalSpace: '' },
    _links: {
      self: `${baseUrl}/wiki/rest/api/user?accountId=${q(account.accountId)}`,
      base: `${baseUrl}/wiki`,
      context: '/wiki',
    },
  };
}

export function confluenceV1Group(baseUrl: string, group: GroupRecord) {
  return {
    type: 'group',
    name: group.name,
    id: group.groupId,
    _links: { self: `${baseUrl}/wiki/rest/api/group/by-id?id=${q(group.groupId)}` },
  };
}

/** Confluence v2 `User`. */
export function confluenceV2User(account: AccountRecord) {
  const email = visibleEmail(account);
  return {
    accountId: account.accountId,
    accountType: account.accountType,
    accountStatus: account.status,
    displayName: account.displayName,
    publicName: account.displayName,
    email: email ?? CONFLUENCE_V2_HIDDEN_EMAIL,
    timeZone: account.timeZone ?? 'Etc/UTC',
    isExternalCollaborator: account.isGuest === true,
    profilePicture: { path: `/wiki/aa-avatar/${account.accountId}`, isDefault: false },
  };
}

export function confluenceV2Space(space: SpaceRecord, createdAt: string, authorId: string) {
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    type: 'global',
    status: 'current',
    authorId,
    createdAt,
    homepageId: String(Number(space.id) * 10 + 1),
    _links: { webui: `/spaces/${space.key}` },
  };
}
