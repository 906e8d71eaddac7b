/**
 * JSM (`/rest/servicedeskapi`) desks and customer lists (atlassian-identity.md §4.3). The experimental
 * operations (getCustomers, removeCustomers) are sent with `X-ExperimentalApi: opt-in`; customer listing is
 * spaced to its 5 RPS tenant bucket by the request layer (`burstKey` `jsm:getCustomers`).
 */
import { route } from '@forge/api';
import type { z } from 'zod';
import type { RestClient } from '../http/request';
import { PagedServiceDeskDtoSchema, PagedUserDtoSchema } from './servicedesk.schema';

/** JSM `limit` cap (site VERIFY `MAX_PAGE` JSM 50, the spec's default). */
export const JSM_PAGE_MAX = 50;

const EXPERIMENTAL = { 'X-ExperimentalApi': 'opt-in' } as const;

/**
 * One page of the site's service desks.
 * @see https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-servicedesk/#api-rest-servicedeskapi-servicedesk-get
 * @throws UpstreamError when the desks cannot be listed.
 */
export async function getServiceDesks(
  client: RestClient,
  start: number,
): Promise<z.infer<typeof PagedServiceDeskDtoSchema>> {
  const response = await client.send({
    product: 'jira',
    operation: 'getServiceDesks',
    method: 'GET',
    route: route`/rest/servicedeskapi/servicedesk?start=${start}&limit=${JSM_PAGE_MAX}`,
    schema: PagedServiceDeskDtoSchema,
    cost: { kind: 'read', objects: 'core', count: (page) => page.values.length },
  });
  return response.value;
}

/**
 * One page of a desk's customer list, optionally narrowed by `query` (name or visible email).
 * @see https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-servicedesk/#api-rest-servicedeskapi-servicedesk-servicedeskid-customer-get
 * @throws UpstreamError (not found for an unknown desk, forbidden without permission to view customers).
 */
export async function getCustomers(
  client: RestClient,
  serviceDeskId: string,
  start: number,
  limit: number,
  query?: string,
): Promise<z.infer<typeof PagedUserDtoSchema>> {
  const size = Math.min(Math.max(1, limit), JSM_PAGE_MAX);
  const path =
    query === undefined
      ? route`/rest/servicedeskapi/servicedesk/${serviceDeskId}/customer?start=${start}&limit=${size}`
      : route`/rest/servicedeskapi/servicedesk/${serviceDeskId}/customer?query=${query}&start=${start}&limit=${size}`;
  const response = await client.send({
    product: 'jira',
    operation: 'getCustomers',
    method: 'GET',
    route: path,
    headers: EXPERIMENTAL,
    schema: PagedUserDtoSchema,
    burstKey: 'jsm:getCustomers',
    cost: { kind: 'read', objects: 'identity', count: (page) => page.values.length },
  });
  return response.value;
}

/**
 * Put accounts on the desk's customer list (already listed ones are fine).
 * @see https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-servicedesk/#api-rest-servicedeskapi-servicedesk-servicedeskid-customer-post
 * @throws UpstreamError (forbidden when the caller is not a desk admin; unexpected response for unknown ids).
 */
export async function addCustomers(
  client: RestClient,
  serviceDeskId: string,
  accountIds: readonly string[],
): Promise<void> {
  await client.send({
    product: 'jira',
    operation: 'addCustomers',
    method: 'POST',
    route: route`/rest/servicedeskapi/servicedesk/${serviceDeskId}/customer`,
    body: { accountIds },
    schema: null,
    cost: 'write',
  });
}

/**
 * Take accounts off the desk's customer list (closed desks only: 400 on open or public desks).
 * @see https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-servicedesk/#api-rest-servicedeskapi-servicedesk-servicedeskid-customer-delete
 * @throws UpstreamError (unexpected response for a 400, forbidden when the caller is not a desk admin).
 */
export async function removeCustomers(
  client: RestClient,
  serviceDeskId: string,
  accountIds: readonly string[],
): Promise<void> {
  await client.send({
    product: 'jira',
    operation: 'removeCustomers',
    method: 'DELETE',
    route: route`/rest/servicedeskapi/servicedesk/${serviceDeskId}/customer`,
    headers: EXPERIMENTAL,
    body: { accountIds },
    schema: null,
    cost: 'write',
  });
}
