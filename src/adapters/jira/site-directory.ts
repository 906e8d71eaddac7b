/**
 * The {@link SiteDirectory} port: the site's identity (base URL from serverInfo; the cloud id is handed in
 * by the composition root from the Forge context, REST does not return it) and where the Customer and
 * Guest roles live: `jira-servicemanagement-customers-<site>` and `confluence-guests-<site>`, found by the
 * name prefix with the group picker (the base URL may be a custom domain, so the site name is not derived).
 * Other groups mapped to the Customer application role need `/applicationrole` (not read: empty list).
 */
import type { Group } from '../../core/model/site';
import { UpstreamError } from '../../core/ports/errors';
import type { SiteDirectory, SiteInfo } from '../../core/ports/site';
import { chunks } from '../http/pagination';
import type { RestClient } from '../http/request';
import { bulkGetGroups, findGroups, GROUP_BULK_MAX } from './groups';
import { getServerInfo } from './server-info';

export const CUSTOMERS_PREFIX = 'jira-servicemanagement-customers-';
export const GUESTS_PREFIX = 'confluence-guests-';

/** The one group whose name starts with the prefix; null when none or several match. */
async function onlyGroupNamed(client: RestClient, prefix: string): Promise<Group | null> {
  const found = await findGroups(client, prefix);
  const matches = found.groups.filter((g) => g.name.startsWith(prefix) && typeof g.groupId === 'string');
  const only = matches.length === 1 ? matches[0] : undefined;
  return only?.groupId === undefined ? null : { id: only.groupId, name: only.name };
}

export function createSiteDirectory(deps: {
  readonly client: RestClient;
  readonly cloudId: string;
}): SiteDirectory {
  const { client, cloudId } = deps;
  const groupsByIds = async (groupIds: readonly string[]): Promise<Group[]> => {
    const found = new Map<string, Group>();
    for (const batch of chunks([...new Set(groupIds)], GROUP_BULK_MAX)) {
      const page = await bulkGetGroups(client, { groupIds: batch });
      for (const g of page.values)
        if (typeof g.groupId === 'string') found.set(g.groupId, { id: g.groupId, name: g.name });
    }
    return groupIds.map((id) => found.get(id)).filter((g): g is Group => g !== undefined);
  };
  return {
    async siteInfo(): Promise<SiteInfo> {
      const server = await getServerInfo(client);
      const customers = await onlyGroupNamed(client, CUSTOMERS_PREFIX);
      if (customers === null)
        throw new UpstreamError({
          code: 'UPSTREAM.UNEXPECTED_RESPONSE',
          message: 'findGroups: the site has no single customers group with an id',
          operation: 'findGroups',
        });
      const guests = await onlyGroupNamed(client, GUESTS_PREFIX);
      return {
        cloudId,
        siteUrl: server.baseUrl,
        customersGroup: customers,
        customerRoleGroupIds: [],
        guestGroupIds: guests === null ? [] : [guests.id],
      };
    },
    groupsByIds,
  };
}
