/**
 * Jira platform v3 user operations (atlassian-identity.md §4.1), one function per REST operation, named
 * after its operationId. Each takes the {@link RestClient} bound to its caller; the email operations refuse
 * any caller but the app (Forge: "this API only supports access via asApp() requests").
 */
import { route } from '@forge/api';
import type { z } from 'zod';
import { UpstreamError } from '../../core/ports/errors';
import type { RestClient } from '../http/request';
import {
  GroupNameArraySchema,
  PageBeanUserSchema,
  UnrestrictedUserEmailBulkSchema,
  UserArraySchema,
} from './users.schema';

/**
 * Ids per `/user/bulk` call (also its `maxResults`, so one call is one page): the most the spec allows. The
 * Jira platform v3 spec (bulkGetUsers) bounds the repeated `accountId` at 128 (`maxLength: 128` on the array)
 * and gives `maxResults` a default of 10 and no maximum, so 128 ids with `maxResults=128` is one page. Each
 * call costs one base point on top of 2 per user (docs/assumptions.md, emulated site VERIFY).
 */
export const USER_BULK_MAX = 128;
/** `/user/search` page size (spec default 50, first 1000 matches only). */
export const FIND_USERS_MAX = 50;
/** Ids per `/user/email/bulk` call: its spec has the same `maxLength: 128` array bound; kept at the scan's batch of 100. */
export const EMAIL_BULK_MAX = 100;

const idsQuery = (accountIds: readonly string[], extra: Record<string, string> = {}): URLSearchParams => {
  const params = new URLSearchParams();
  for (const id of accountIds) params.append('accountId', id);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
};

/**
 * Profiles (with `accountType`) of up to {@link USER_BULK_MAX} accounts in one page.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-bulk-get
 * @throws UpstreamError when the users cannot be read.
 */
export async function bulkGetUsers(
  client: RestClient,
  accountIds: readonly string[],
  startAt = 0,
): Promise<z.infer<typeof PageBeanUserSchema>> {
  const params = idsQuery(accountIds, { startAt: String(startAt), maxResults: String(USER_BULK_MAX) });
  const response = await client.send({
    product: 'jira',
    operation: 'bulkGetUsers',
    method: 'GET',
    route: route`/rest/api/3/user/bulk?${params}`,
    schema: PageBeanUserSchema,
    cost: {
      kind: 'read',
      objects: 'identity',
      count: (page) => page.values.length,
    },
  });
  return response.value;
}

/**
 * Active users whose name or visible email starts with `query` (hidden emails never match), one page.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-search-get
 * @throws UpstreamError when the search fails.
 */
export async function findUsers(
  client: RestClient,
  query: string,
  startAt = 0,
): Promise<z.infer<typeof UserArraySchema>> {
  const response = await client.send({
    product: 'jira',
    operation: 'findUsers',
    method: 'GET',
    route: route`/rest/api/3/user/search?query=${query}&startAt=${startAt}&maxResults=${FIND_USERS_MAX}`,
    schema: UserArraySchema,
    cost: { kind: 'read', objects: 'identity', count: (users) => users.length },
  });
  return response.value;
}

/**
 * Groups the account is a member of.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-groups-get
 * @throws UpstreamError (not found for an unknown account).
 */
export async function getUserGroups(
  client: RestClient,
  accountId: string,
): Promise<z.infer<typeof GroupNameArraySchema>> {
  const response = await client.send({
    product: 'jira',
    operation: 'getUserGroups',
    method: 'GET',
    route: route`/rest/api/3/user/groups?accountId=${accountId}`,
    schema: GroupNameArraySchema,
    cost: { kind: 'read', objects: 'identity', count: (groups) => groups.length },
  });
  return response.value;
}

/**
 * Emails of up to {@link EMAIL_BULK_MAX} accounts regardless of profile visibility (as the app only).
 * Accounts without a readable email come back without `email` (or not at all) and are left out.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-email-bulk-get
 * @throws UpstreamError (forbidden when the client is not the app's).
 */
export async function getUserEmailBulk(
  client: RestClient,
  accountIds: readonly string[],
): Promise<{ accountId: string; email?: string | undefined }[]> {
  if (client.caller !== 'app')
    throw new UpstreamError({
      code: 'UPSTREAM.FORBIDDEN',
      message: 'getUserEmailBulk: Forge allows this operation as the app only',
      operation: 'getUserEmailBulk',
    });
  const response = await client.send({
    product: 'jira',
    operation: 'getUserEmailBulk',
    method: 'GET',
    route: route`/rest/api/3/user/email/bulk?${idsQuery(accountIds)}`,
    schema: UnrestrictedUserEmailBulkSchema,
    cost: { kind: 'read', objects: 'identity', count: (l) => l.length },
  });
  return response.value;
}
