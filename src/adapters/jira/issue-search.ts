/** Issue search, used only to find who reported requests on a desk (reporterOnDeskIds). */
import { route } from '@forge/api';
import type { z } from 'zod';
import type { RestClient } from '../http/request';
import { SearchAndReconcileResultsSchema } from './issue-search.schema';

/** Page size with fields (site VERIFY `MAX_PAGE` search/jql 100). */
export const SEARCH_JQL_MAX = 100;

/**
 * One page of issues matching the JQL, with reporter and project only.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get
 * @throws UpstreamError when the search fails.
 */
export async function searchAndReconsileIssuesUsingJql(
  client: RestClient,
  jql: string,
  nextPageToken: string | null,
): Promise<z.infer<typeof SearchAndReconcileResultsSchema>> {
  const page =
    nextPageToken === null
      ? route`/rest/api/3/search/jql?jql=${jql}&fields=reporter,project&maxResults=${SEARCH_JQL_MAX}`
      : route`/rest/api/3/search/jql?jql=${jql}&fields=reporter,project&maxResults=${SEARCH_JQL_MAX}&nextPageToken=${nextPageToken}`;
  const response = await client.send({
    product: 'jira',
    operation: 'searchAndReconsileIssuesUsingJql',
    method: 'GET',
    route: page,
    schema: SearchAndReconcileResultsSchema,
    cost: { kind: 'read', objects: 'core', count: (r) => r.issues.length },
  });
  return response.value;
}
