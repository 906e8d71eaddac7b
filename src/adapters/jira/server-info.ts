/** Jira server information: the site's base URL (deep links, site name). */
import { route } from '@forge/api';
import type { z } from 'zod';
import type { RestClient } from '../http/request';
import { ServerInformationSchema } from './server-info.schema';

/**
 * Base URL and product URLs of the site.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-server-info/#api-rest-api-3-serverinfo-get
 * @throws UpstreamError when the site cannot be read.
 */
export async function getServerInfo(client: RestClient): Promise<z.infer<typeof ServerInformationSchema>> {
  const response = await client.send({
    product: 'jira',
    operation: 'getServerInfo',
    method: 'GET',
    route: route`/rest/api/3/serverInfo`,
    schema: ServerInformationSchema,
    cost: { kind: 'read', objects: 'core', count: () => 0 },
  });
  return response.value;
}
