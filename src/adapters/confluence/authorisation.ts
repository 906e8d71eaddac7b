/** Confluence authorisation helper for handlers (forge-platform.md §5.3). */
import type { RestClient } from '../http/request';
import { getSpaceOperations } from './spaces';

/**
 * Whether the client's caller may administer the space: `{operation:'administer', targetType:'space'}` among
 * the v2 permitted operations. Call with a client acting as the user (`as: 'current-user'`).
 * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-operation/#api-spaces-id-operations-get
 * @throws UpstreamError when the operations cannot be read (not found for an unknown space id).
 */
export async function isSpaceAdmin(client: RestClient, spaceId: string): Promise<boolean> {
  const { operations } = await getSpaceOperations(client, spaceId);
  return operations.some((o) => o.operation === 'administer' && o.targetType === 'space');
}
