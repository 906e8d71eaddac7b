/**
 * Jira permission checks (forge-platform.md §5.2): `getMyPermissions` answers for the caller of the client,
 * so the authorisation helpers call it as the current user.
 */
import { route } from '@forge/api';
import type { z } from 'zod';
import type { RestClient } from '../http/request';
import { PermissionsSchema } from './permissions.schema';

/**
 * The caller's permissions (globally, or in one project given by key or id).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get
 * @throws UpstreamError (not found for an unknown project).
 */
export async function getMyPermissions(
  client: RestClient,
  permissions: readonly string[],
  project?: { readonly projectKey: string } | { readonly projectId: string },
): Promise<z.infer<typeof PermissionsSchema>> {
  const keys = permissions.join(',');
  const projectRoute =
    project === undefined
      ? route`/rest/api/3/mypermissions?permissions=${keys}`
      : 'projectKey' in project
        ? route`/rest/api/3/mypermissions?permissions=${keys}&projectKey=${project.projectKey}`
        : route`/rest/api/3/mypermissions?permissions=${keys}&projectId=${project.projectId}`;
  const response = await client.send({
    product: 'jira',
    operation: 'getMyPermissions',
    method: 'GET',
    route: projectRoute,
    schema: PermissionsSchema,
    cost: {
      kind: 'read',
      objects: 'identity',
      count: (value) => Object.keys(value.permissions).length,
    },
  });
  return response.value;
}
