/** Confluence authorisation helper for handlers (forge-platform.md §5.3). */
import { httpStatusOf, type RestClient } from '../http/request';
import { getSpaceOperations } from './spaces';

/**
 * Whether the client's caller may administer the space: `{operation:'administer', targetType:'space'}` among
 * the v2 permitted operations. Call with a client acting as the user (`as: 'current-user'`).
 *
 * A 403 or 404 on this check, made as the user, means the user cannot see the space: that is a plain "no"
 * (the resolver answers AUTH.FORBIDDEN), not a failure of the app's own access.
 * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-operation/#api-spaces-id-operations-get
 * @throws UpstreamError for any other failure (rate limit, server error, no response).
 */
export async function isSpaceAdmin(client: RestClient, spaceId: string): Promise<boolean> {
  try {
    const { operations } = await getSpaceOperations(client, spaceId);
    return operations.some((o) => o.operation === 'administer' && o.targetType === 'space');
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 403 || status === 404) return false;
    throw error;
  }
}
