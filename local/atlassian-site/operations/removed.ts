/**
 * Public REST operations Atlassian has removed: the site answers them 410 Gone, as Confluence Cloud does, instead
 * of serving the 2021 v1 copy of the spec. Each entry names its v2 replacement and the source that reports it gone.
 *
 * The rule: "Deprecating many Confluence v1 APIs that have v2 equivalents" (Confluence Cloud changelog CHANGE-864,
 * announced on community.developer.atlassian.com t/66883: "We intend to remove public access to these endpoints
 * following the 6 month deprecation period"; RFC-19 "Deprecation of Confluence Cloud REST API v1 Endpoints",
 * t/71752: "Public access for the endpoints will be removed on Jan 1, 2024"). Clients report the removal as
 * `410` with `com.atlassian.confluence.api.service.exceptions.GoneException: This deprecated endpoint has been
 * removed.` (github.com/atlassian-api/atlassian-python-api issue 1560; sooperset/mcp-atlassian PR 1289). Those
 * reports come through the api.atlassian.com gateway; one client still saw 200 on `<site>.atlassian.net` with basic
 * auth (Spenhouet/confluence-markdown-exporter issue 207). Forge calls are modelled as gateway calls (VERIFY).
 * v1 operations WITHOUT a v2 equivalent (groups, a user's group memberships: confluence.v2.json has no group
 * paths) stay served; docs/emulated-site.md lists both sets.
 */
import type { OperationHandler } from '../operation-types';

/** The message Confluence Cloud puts in the 410 body (atlassian-python-api issue 1560, verbatim). */
export const GONE_MESSAGE =
  'com.atlassian.confluence.api.service.exceptions.GoneException: This deprecated endpoint has been removed.';

export interface RemovedOperation {
  /** The v2 operation that replaces it (confluence.v2.json operationId). */
  readonly replacement: string;
  /** Where the removal is reported. */
  readonly source: string;
}

/** Confluence v1 (confluence.v1.json operationIds) answered 410. */
export const REMOVED_CONFLUENCE_V1: Readonly<Record<string, RemovedOperation>> = {
  getSpaces: {
    replacement: 'getSpaces (GET /wiki/api/v2/spaces)',
    source:
      'atlassian-api/atlassian-python-api#1560; sooperset/mcp-atlassian#1289 (GET /wiki/rest/api/space → 410)',
  },
  getSpace: {
    replacement:
      'getSpaces?keys= / getSpaceById, getSpacePermissionsAssignments (GET /wiki/api/v2/spaces/{id}/permissions)',
    source:
      'the CHANGE-864 rule (v2 getSpaceById is its equivalent); salto-io/salto#6008 (v1 space endpoint marked deprecated); atlassian-python-api#1638 moves get_space off the v1 space path after the 410s of #1560',
  },
  getContent: {
    replacement: 'getPages / getBlogPosts',
    source: 'veryfront/veryfront-code#1785 (/wiki/rest/api/content → 410 Gone)',
  },
  createContent: {
    replacement: 'createPage / createBlogPost',
    source: 'veryfront/veryfront-code#1785 (create_page on /wiki/rest/api/content → 410 Gone)',
  },
  getContentById: {
    replacement: 'getPageById / getBlogPostById',
    source: 'veryfront/veryfront-code#1785 (get_page → 410 Gone)',
  },
  updateContent: {
    replacement: 'updatePage / updateBlogPost',
    source: 'veryfront/veryfront-code#1785 (update_page → 410 Gone)',
  },
};

/** A handler per removed operation; the router answers them 410 before validating (router.ts). */
export function removedHandlers(
  removed: Readonly<Record<string, RemovedOperation>>,
): Record<string, OperationHandler> {
  const gone: OperationHandler = (ctx) => {
    throw new Error(`removed operation ${ctx.operationId} reached its handler`);
  };
  return Object.fromEntries(Object.keys(removed).map((operationId) => [operationId, gone]));
}
