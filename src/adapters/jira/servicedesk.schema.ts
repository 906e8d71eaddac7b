/**
 * JSM (`/rest/servicedeskapi`, jsm.v3.json, atlassian-identity.md §4.3) responses. Pagination is
 * `start` / `limit` / `isLastPage`; only `values` is required. Reached through requestJira, hence adapters/jira.
 */
import { z } from 'zod';
import { AccountIdSchema } from '../../contracts';

const pagedDto = <T extends z.ZodType>(value: T) =>
  z.object({
    values: z.array(value),
    isLastPage: z.boolean().optional(),
    start: z.number().int().nonnegative().optional(),
    limit: z.number().int().nonnegative().optional(),
    size: z.number().int().nonnegative().optional(),
    _links: z.object({ next: z.string().optional() }).optional(),
  });

/** `UserDTO`: a desk's customers (portal-only accounts included). */
export const UserDtoSchema = z.object({
  accountId: AccountIdSchema,
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
  active: z.boolean().optional(),
});

/** `ServiceDeskDTO`. */
export const ServiceDeskDtoSchema = z.object({
  id: z.string().min(1),
  projectId: z.string().min(1),
  projectKey: z.string().min(1),
  projectName: z.string().optional(),
});

/** GET /servicedesk/{id}/customer (`getCustomers`, experimental): `PagedDTOUserDTO`. */
export const PagedUserDtoSchema = pagedDto(UserDtoSchema);
/** GET /servicedesk (`getServiceDesks`): `PagedDTOServiceDeskDTO`. */
export const PagedServiceDeskDtoSchema = pagedDto(ServiceDeskDtoSchema);
