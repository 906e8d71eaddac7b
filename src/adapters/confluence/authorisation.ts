/** Confluence authorisation helper for handlers (forge-platform.md §5.3). */
import { httpStatusOf, type RestClient } from '../http/request';
import { getSpaceOperations, getSpaces } from './spaces';

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

/**
 * The id of the space with this key, as the client's caller sees it (v2 `getSpaces?keys=`); null when the
 * caller cannot see it. For a space-settings context that names the space by key only (the module's
 * "Extension context" lists `space.id` and `space.key`; docs/assumptions.md M10).
 * @throws UpstreamError when the spaces cannot be listed.
 */
export async function spaceIdOfKey(client: RestClient, spaceKey: string): Promise<string | null> {
  const { page } = await getSpaces(client, { keys: [spaceKey] }, null);
  return page.results.find((s) => s.key === spaceKey)?.id ?? null;
}
