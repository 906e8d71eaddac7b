/**
 * Confluence user and group responses: v1 `/wiki/rest/api` (confluence.v1.json, a 2021 copy: VERIFY against
 * the current API) and v2 `POST /wiki/api/v2/users-bulk`. `isExternalCollaborator` is the guest marker.
 */
import { z } from 'zod';
import { AccountIdSchema, tolerantEnum } from '../../contracts';

/** v1 `Group`: `id` is nullable in the 2021 spec. */
export const ConfluenceGroupSchema = z.object({
  name: z.string(),
  id: z.string().nullable().optional(),
});

/** v1 `GroupArrayWithLinks` (getGroupMembershipsForUser). */
export const GroupArrayWithLinksSchema = z.object({
  results: z.array(ConfluenceGroupSchema),
  start: z.number().int().nonnegative(),
  limit: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  _links: z.object({ next: z.string().optional() }).optional(),
});

/** v2 `User` of `MultiEntityResult<User>`. */
export const ConfluenceUserV2Schema = z.object({
  accountId: AccountIdSchema,
  accountType: tolerantEnum(['atlassian', 'app', 'customer', 'unknown'], 'unknown').optional(),
  accountStatus: tolerantEnum(['active', 'inactive', 'closed', 'unknown'], 'unknown').optional(),
  email: z.string().optional(),
  displayName: z.string().optional(),
  isExternalCollaborator: z.boolean().optional(),
});

export const multiEntityResult = <T extends z.ZodType>(item: T) =>
  z.object({
    results: z.array(item),
    _links: z.object({ next: z.string().optional() }).optional(),
  });

/** POST /wiki/api/v2/users-bulk (`createBulkUserLookup`): `MultiEntityResult<User>`. */
export const UsersBulkResponseSchema = multiEntityResult(ConfluenceUserV2Schema);
