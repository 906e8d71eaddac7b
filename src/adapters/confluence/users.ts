/**
 * Confluence user and group reads: v1 `/wiki/rest/api` (a user's groups) and v2 `POST /wiki/api/v2/users-bulk`
 * (profiles with the guest flag `isExternalCollaborator`). v2 has no group endpoints (atlassian-identity.md §4.5).
 */
import { route } from '@forge/api';
import type { z } from 'zod';
import type { RestClient } from '../http/request';
import { GroupArrayWithLinksSchema, UsersBulkResponseSchema } from './users.schema';

/** v1 `limit` cap (site VERIFY `MAX_PAGE` Confluence v1 200). */
export const CONFLUENCE_V1_PAGE_MAX = 200;
/** `users-bulk` takes 1–250 ids. */
export const USERS_BULK_MAX = 250;

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
