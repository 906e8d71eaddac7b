/**
 * Confluence user and group reads: v1 `/wiki/rest/api` (guest flag `isExternalCollaborator`, group members,
 * a user's groups) and v2 `POST /wiki/api/v2/users-bulk`. v2 has no group endpoints (atlassian-identity.md §4.5).
 */
import { route } from '@forge/api';
import type { z } from 'zod';
import type { RestClient } from '../http/request';
import {
  ConfluenceUserV1Schema,
  GroupArrayWithLinksSchema,
  UserArraySchema,
  UsersBulkResponseSchema,
} from './users.schema';

/** v1 `limit` cap (site VERIFY `MAX_PAGE` Confluence v1 200). */
export const CONFLUENCE_V1_PAGE_MAX = 200;
/** `users-bulk` takes 1–250 ids. */
export const USERS_BULK_MAX = 250;

/**
 * One user with the guest flag (portal-only customers are unknown to v1: 404).
 * @see https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-get
 * @throws UpstreamError (not found for unknown and portal-only accounts).
 */
export async function getUser(
  client: RestClient,
  accountId: string,
): Promise<z.infer<typeof ConfluenceUserV1Schema>> {
  const response = await client.send({
    product: 'confluence',
    operation: 'getUser',
    method: 'GET',
    route: route`/wiki/rest/api/user?accountId=${accountId}&expand=isExternalCollaborator`,
    schema: ConfluenceUserV1Schema,
    cost: { kind: 'read', objects: 'identity', count: () => 1 },
  });
  return response.value;
}

/**
 * One page of a group's members with the guest flag (`expand=isExternalCollaborator`, CONFCLOUD-74916).
 * @see https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-group/#api-wiki-rest-api-group-groupid-membersbygroupid-get
 * @throws UpstreamError (not found for an unknown group).
 */
export async function getGroupMembersByGroupId(
  client: RestClient,
  groupId: string,
  start: number,
  limit: number = CONFLUENCE_V1_PAGE_MAX,
): Promise<z.infer<typeof UserArraySchema>> {
  const size = Math.min(Math.max(1, limit), CONFLUENCE_V1_PAGE_MAX);
  const response = await client.send({
    product: 'confluence',
    operation: 'getGroupMembersByGroupId',
    method: 'GET',
    route: route`/wiki/rest/api/group/${groupId}/membersByGroupId?start=${start}&limit=${size}&expand=isExternalCollaborator`,
    schema: UserArraySchema,
    cost: { kind: 'read', objects: 'identity', count: (page) => page.results.length },
  });
  return response.value;
}

/**
 * One page of the Confluence groups a user belongs to.
 * @see https://developer.atlassian.com/cloud/confluence/rest/v1/api-group-users/#api-wiki-rest-api-user-memberof-get
 * @throws UpstreamError (not found for unknown and portal-only accounts).
 */
export async function getGroupMembershipsForUser(
  client: RestClient,
  accountId: string,
  start: number,
): Promise<z.infer<typeof GroupArrayWithLinksSchema>> {
  const response = await client.send({
    product: 'confluence',
    operation: 'getGroupMembershipsForUser',
    method: 'GET',
    route: route`/wiki/rest/api/user/memberof?accountId=${accountId}&start=${start}&limit=${CONFLUENCE_V1_PAGE_MAX}`,
    schema: GroupArrayWithLinksSchema,
    cost: { kind: 'read', objects: 'identity', count: (page) => page.results.length },
  });
  return response.value;
}

/**
 * Profiles (type, status, guest flag) of up to {@link USERS_BULK_MAX} accounts; unknown ids are left out.
 * A POST: the points model charges it as a write.
 * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-user/#api-users-bulk-post
 * @throws UpstreamError when the users cannot be read.
 */
export async function createBulkUserLookup(
  client: RestClient,
  accountIds: readonly string[],
): Promise<z.infer<typeof UsersBulkResponseSchema>> {
  const response = await client.send({
    product: 'confluence',
    operation: 'createBulkUserLookup',
    method: 'POST',
    route: route`/wiki/api/v2/users-bulk`,
    body: { accountIds },
    schema: UsersBulkResponseSchema,
    cost: 'write',
  });
  return response.value;
}
