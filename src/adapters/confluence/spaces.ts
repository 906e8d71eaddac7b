/**
 * Confluence spaces, all v2 (v1 `GET /wiki/rest/api/space/{key}` is removed: 410 GoneException, Confluence
 * changelog CHANGE-864 "Deprecating many Confluence v1 APIs that have v2 equivalents"): `getSpaces` for key ↔ id,
 * space operations for the space-admin check (as the user), and permission assignments for guests' spaces and
 * the knowledge-base flags (role principals: {@link ANONYMOUS_ROLE_ID} = "Anyone", any other role holding
 * read/space = JSM "All logged-in users"; docs/assumptions.md R4).
 */
import { route } from '@forge/api';
import type { z } from 'zod';
import type { RestClient } from '../http/request';
import {
  SpaceOperationsResponseSchema,
  SpacePermissionAssignmentsResponseSchema,
  SpacesResponseSchema,
} from './spaces.schema';

/** The role principal of anonymous read in v2 permission assignments (observed in public code; R4). */
export const ANONYMOUS_ROLE_ID = 'ANONYMOUS';

/** v2 `limit` 1–250. */
export const CONFLUENCE_V2_PAGE_MAX = 250;

/**
 * One page of spaces, optionally narrowed to keys (≤ 250); the next cursor comes from `Link` / `_links.next`.
 * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space/#api-spaces-get
 * @throws UpstreamError when the spaces cannot be listed.
 */
export async function getSpaces(
  client: RestClient,
  selector: { readonly keys?: readonly string[] },
  cursor: string | null,
): Promise<{ page: z.infer<typeof SpacesResponseSchema>; nextLink: string | null }> {
  const params = new URLSearchParams();
  if (selector.keys !== undefined && selector.keys.length > 0) params.set('keys', selector.keys.join(','));
  params.set('limit', String(CONFLUENCE_V2_PAGE_MAX));
  if (cursor !== null) params.set('cursor', cursor);
  const response = await client.send({
    product: 'confluence',
    operation: 'getSpaces',
    method: 'GET',
    route: route`/wiki/api/v2/spaces?${params}`,
    schema: SpacesResponseSchema,
    cost: {
      kind: 'read',
      objects: 'core',
      count: (page) => page.results.length,
    },
  });
  return { page: response.value, nextLink: response.nextLink ?? response.value._links?.next ?? null };
}

/**
 * What the caller may do in the space; `administer`/`space` = space admin (forge-platform.md §5.3).
 * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-operation/#api-spaces-id-operations-get
 * @throws UpstreamError (not found for an unknown space id).
 */
export async function getSpaceOperations(
  client: RestClient,
  spaceId: string,
): Promise<z.infer<typeof SpaceOperationsResponseSchema>> {
  const response = await client.send({
    product: 'confluence',
    operation: 'getSpaceOperations',
    method: 'GET',
    route: route`/wiki/api/v2/spaces/${spaceId}/operations`,
    schema: SpaceOperationsResponseSchema,
    cost: { kind: 'read', objects: 'identity', count: (r) => r.operations.length },
  });
  return response.value;
}

/**
 * One page of the space's permission assignments (guests look like users).
 * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space-permissions/#api-spaces-id-permissions-get
 * @throws UpstreamError (not found for an unknown space id).
 */
export async function getSpacePermissionsAssignments(
  client: RestClient,
  spaceId: string,
  cursor: string | null,
): Promise<{ page: z.infer<typeof SpacePermissionAssignmentsResponseSchema>; nextLink: string | null }> {
  const params = new URLSearchParams({ limit: String(CONFLUENCE_V2_PAGE_MAX) });
  if (cursor !== null) params.set('cursor', cursor);
  const response = await client.send({
    product: 'confluence',
    operation: 'getSpacePermissionsAssignments',
    method: 'GET',
    route: route`/wiki/api/v2/spaces/${spaceId}/permissions?${params}`,
    schema: SpacePermissionAssignmentsResponseSchema,
    cost: { kind: 'read', objects: 'identity', count: (p) => p.results.length },
  });
  return { page: response.value, nextLink: response.nextLink ?? response.value._links?.next ?? null };
}
