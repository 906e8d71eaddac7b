/**
 * Jira platform v3 group operations (atlassian-identity.md §4.2). Group writes need a site admin (403
 * otherwise, also for the app unless its account is one).
 */
import { route } from '@forge/api';
import type { z } from 'zod';
import { UpstreamError } from '../../core/ports/errors';
import type { RestClient } from '../http/request';
import { PageBeanGroupDetailsSchema, FoundGroupsSchema } from './groups.schema';
import { PageBeanUserDetailsSchema } from './users.schema';

/** `maxResults` 1–50 on `/group/member`. */
export const GROUP_MEMBER_MAX = 50;
/** `/group/bulk` page cap (site VERIFY `MAX_PAGE` 50). */
export const GROUP_BULK_MAX = 50;

/**
 * One page of a group's members, inactive users included.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-groups/#api-rest-api-3-group-member-get
 * @throws UpstreamError (not found for an unknown group, forbidden without browse-users permission).
 */
export async function getUsersFromGroup(
  client: RestClient,
  groupId: string,
  startAt: number,
  maxResults: number,
): Promise<z.infer<typeof PageBeanUserDetailsSchema>> {
  const size = Math.min(Math.max(1, maxResults), GROUP_MEMBER_MAX);
  const response = await client.send({
    product: 'jira',
    operation: 'getUsersFromGroup',
    method: 'GET',
    route: route`/rest/api/3/group/member?groupId=${groupId}&includeInactiveUsers=true&startAt=${startAt}&maxResults=${size}`,
    schema: PageBeanUserDetailsSchema,
    cost: { kind: 'read', objects: 'identity', count: (page) => page.values.length },
  });
  return response.value;
}

/**
 * A group's member total, read from the page that starts at `knownTotal` (the total last seen): an
 * unchanged group answers an empty page that still carries `total`, so the read costs one base point
 * instead of a member (2 more). Without `knownTotal` the first member is read (page size 1).
 * @throws UpstreamError (unexpected response when the page carries no total).
 */
export async function groupMemberTotal(
  client: RestClient,
  groupId: string,
  knownTotal?: number,
): Promise<number> {
  const page = await getUsersFromGroup(client, groupId, Math.max(0, knownTotal ?? 0), 1);
  if (page.total === undefined)
    throw new UpstreamError({
      code: 'UPSTREAM.UNEXPECTED_RESPONSE',
      message: 'getUsersFromGroup: no total in the page',
      operation: 'getUsersFromGroup',
    });
  return page.total;
}

/**
 * Make the account a member of the group (site admins only; portal-only customers → 400).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-groups/#api-rest-api-3-group-user-post
 * @throws UpstreamError (forbidden for non-admins; unexpected response for a 400, e.g. already a member).
 */
export async function addUserToGroup(client: RestClient, groupId: string, accountId: string): Promise<void> {
  await client.send({
    product: 'jira',
    operation: 'addUserToGroup',
    method: 'POST',
    route: route`/rest/api/3/group/user?groupId=${groupId}`,
    body: { accountId },
    schema: null,
    cost: 'write',
  });
}

/**
 * Remove the account from the group (site admins only; not a member → 404).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-groups/#api-rest-api-3-group-user-delete
 * @throws UpstreamError (forbidden for non-admins; not found for an unknown group or a non-member).
 */
export async function removeUserFromGroup(
  client: RestClient,
  groupId: string,
  accountId: string,
): Promise<void> {
  await client.send({
    product: 'jira',
    operation: 'removeUserFromGroup',
    method: 'DELETE',
    route: route`/rest/api/3/group/user?groupId=${groupId}&accountId=${accountId}`,
    schema: null,
    cost: 'write',
  });
}

/**
 * Groups by id and/or name, one page (unknown ones are left out).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-groups/#api-rest-api-3-group-bulk-get
 * @throws UpstreamError when the groups cannot be read.
 */
export async function bulkGetGroups(
  client: RestClient,
  selector: { readonly groupIds?: readonly string[]; readonly groupNames?: readonly string[] },
  startAt = 0,
): Promise<z.infer<typeof PageBeanGroupDetailsSchema>> {
  const params = new URLSearchParams();
  for (const id of selector.groupIds ?? []) params.append('groupId', id);
  for (const name of selector.groupNames ?? []) params.append('groupName', name);
  params.set('startAt', String(startAt));
  params.set('maxResults', String(GROUP_BULK_MAX));
  const response = await client.send({
    product: 'jira',
    operation: 'bulkGetGroups',
    method: 'GET',
    route: route`/rest/api/3/group/bulk?${params}`,
    schema: PageBeanGroupDetailsSchema,
    cost: {
      kind: 'read',
      objects: 'identity',
      count: (page) => page.values.length,
    },
  });
  return response.value;
}

/**
 * Groups whose name contains `query` (case-insensitive), up to `maxResults`.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-groups/#api-rest-api-3-groups-picker-get
 * @throws UpstreamError when the search fails.
 */
export async function findGroups(
  client: RestClient,
  query: string,
  maxResults = 50,
): Promise<z.infer<typeof FoundGroupsSchema>> {
  const response = await client.send({
    product: 'jira',
    operation: 'findGroups',
    method: 'GET',
    route: route`/rest/api/3/groups/picker?query=${query}&caseInsensitive=true&maxResults=${maxResults}`,
    schema: FoundGroupsSchema,
    cost: { kind: 'read', objects: 'identity', count: (found) => found.groups.length },
  });
  return response.value;
}
