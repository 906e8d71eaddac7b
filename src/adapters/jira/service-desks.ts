/**
 * The {@link ServiceDesks} port over JSM. JSM does not expose a desk's access (closed / open / public), so
 * desks map with `access: 'unknown'` (the core treats removals on unknown desks as not possible; a removal
 * on an open desk comes back as a 400, mapped to forbidden here, as the port documents).
 */
import type { Desk } from '../../core/model/site';
import { toEmailKey } from '../../core/model/email-key';
import { UpstreamError } from '../../core/ports/errors';
import type { Page, PageRequest } from '../../core/ports/directory';
import type { ServiceDesks } from '../../core/ports/service-desks';
import { jsmNext, offsetOf } from '../http/pagination';
import { httpStatusOf, type RestClient } from '../http/request';
import { addCustomers, getCustomers, getServiceDesks, JSM_PAGE_MAX, removeCustomers } from './servicedesk';

/** Ids per customer write (the spec sets no cap; kept modest so one 400 names few accounts). */
export const CUSTOMER_WRITE_BATCH = 50;

export function createJsmServiceDesks(deps: { readonly client: RestClient }): ServiceDesks {
  const { client } = deps;
  return {
    async desks() {
      const desks: Desk[] = [];
      let start = 0;
      for (;;) {
        const page = await getServiceDesks(client, start);
        for (const d of page.values)
          desks.push({
            id: d.id,
            projectId: d.projectId,
            projectKey: d.projectKey,
            name: d.projectName ?? d.projectKey,
            access: 'unknown',
          });
        const next = jsmNext(start, page.values.length, page);
        if (next === null) return desks;
        start = Number(next);
      }
    },

    async customersOfDesk(
      deskId: string,
      request: PageRequest,
      matchingEmail?: string,
    ): Promise<Page<string>> {
      const start = offsetOf(request.cursor, 'getCustomers');
      const page = await getCustomers(client, deskId, start, request.limit, matchingEmail?.trim());
      const key = matchingEmail === undefined ? null : toEmailKey(matchingEmail);
      const items = page.values
        .filter(
          (u) =>
            matchingEmail === undefined ||
            (u.emailAddress !== undefined && key !== null && toEmailKey(u.emailAddress) === key),
        )
        .map((u) => u.accountId);
      return { items, nextCursor: jsmNext(start, page.values.length, page), offset: start };
    },

    async customerCount(deskId) {
      // PagedDTO carries no total: walk the list at the largest page (same points as any other reading).
      let count = 0;
      let start = 0;
      for (;;) {
        const page = await getCustomers(client, deskId, start, JSM_PAGE_MAX);
        count += page.values.length;
        const next = jsmNext(start, page.values.length, page);
        if (next === null) return count;
        start = Number(next);
      }
    },

    async customersBeyond(deskId, knownTotal) {
      // Append-ordered list: a customer at index knownTotal exists only if some were added. An unchanged
      // list answers an empty page: one base point, where the count above costs a walk of the whole list.
      const page = await getCustomers(client, deskId, Math.max(0, knownTotal), 1);
      return page.values.length > 0;
    },

    async addCustomers(deskId, accountIds) {
      for (let i = 0; i < accountIds.length; i += CUSTOMER_WRITE_BATCH)
        await addCustomers(client, deskId, accountIds.slice(i, i + CUSTOMER_WRITE_BATCH));
    },

    async removeCustomers(deskId, accountIds) {
      for (let i = 0; i < accountIds.length; i += CUSTOMER_WRITE_BATCH) {
        try {
          await removeCustomers(client, deskId, accountIds.slice(i, i + CUSTOMER_WRITE_BATCH));
        } catch (e) {
          if (httpStatusOf(e) !== 400) throw e;
          throw new UpstreamError(
            {
              code: 'UPSTREAM.FORBIDDEN',
              message: 'removeCustomers: customers can only be removed from closed desks',
              operation: 'removeCustomers',
              reason: 'desk-not-closed',
            },
            { cause: e },
          );
        }
      }
    },
  };
}
