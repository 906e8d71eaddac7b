/**
 * Jira authorisation helpers for handlers (forge-platform.md §5.2): `getMyPermissions` as the user, so the
 * answer reflects the person who clicked. Call with a client built with `as: 'current-user'`.
 */
import type { RestClient } from '../http/request';
import { getMyPermissions } from './permissions';

/**
 * Whether the caller holds ADMINISTER_PROJECTS in the project (key, or numeric id).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get
 * @throws UpstreamError when the permission cannot be checked (not found for an unknown project).
 */
export async function isProjectAdmin(client: RestClient, projectKeyOrId: string): Promise<boolean> {
  const project = /^\d+$/.test(projectKeyOrId)
    ? { projectId: projectKeyOrId }
    : { projectKey: projectKeyOrId };
  const { permissions } = await getMyPermissions(client, ['ADMINISTER_PROJECTS'], project);
  return permissions.ADMINISTER_PROJECTS?.havePermission === true;
}

/**
 * Whether the caller is a Jira admin (global ADMINISTER).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get
 * @throws UpstreamError when the permission cannot be checked.
 */
export async function isJiraAdmin(client: RestClient): Promise<boolean> {
  const { permissions } = await getMyPermissions(client, ['ADMINISTER']);
  return permissions.ADMINISTER?.havePermission === true;
}
