/**
 * Confluence space responses: v1 `GET /wiki/rest/api/space/{key}?expand=permissions` (the
 * `unlicensedAccess` / `anonymousAccess` flags behind KB_SIGNUP_RISK, VERIFY on current Cloud) and v2
 * `/wiki/api/v2/spaces`, `/spaces/{id}/permissions`, `/spaces/{id}/operations`.
 */
import { z } from 'zod';
import { multiEntityResult } from './users.schema';

/** v1 `SpacePermission`. */
export const SpacePermissionV1Schema = z.object({
  operation: z.object({ operation: z.string(), targetType: z.string() }),
  anonymousAccess: z.boolean(),
  unlicensedAccess: z.boolean(),
  subjects: z
    .object({
      user: z
        .object({ results: z.array(z.object({ accountId: z.string().nullable().optional() })) })
        .optional(),
      group: z
        .object({ results: z.array(z.object({ name: z.string(), id: z.string().nullable().optional() })) })
        .optional(),
    })
    .optional(),
});

/** v1 `Space` with `expand=permissions`. */
export const SpaceV1Schema = z.object({
  id: z.number().int().optional(),
  key: z.string().min(1),
  name: z.string(),
  type: z.string().optional(),
  status: z.string().optional(),
  permissions: z.array(SpacePermissionV1Schema).optional(),
});

/** v2 `SpaceBulk`. */
export const SpaceBulkSchema = z.object({
  id: z.string().min(1),
  key: z.string().min(1),
  name: z.string().optional(),
  type: z.string().optional(),
  status: z.string().optional(),
});

/** GET /wiki/api/v2/spaces (`getSpaces`): `MultiEntityResult<SpaceBulk>`. */
export const SpacesResponseSchema = multiEntityResult(SpaceBulkSchema);

/** v2 `SpacePermissionAssignment`: `principal.type` is user | group | role (e.g. role ANONYMOUS). */
export const SpacePermissionAssignmentSchema = z.object({
  id: z.string().optional(),
  principal: z.object({ type: z.string().min(1), id: z.string().min(1) }),
  operation: z.object({ key: z.string().min(1), targetType: z.string().min(1) }),
});

/** GET /wiki/api/v2/spaces/{id}/permissions (`getSpacePermissionsAssignments`). */
export const SpacePermissionAssignmentsResponseSchema = multiEntityResult(SpacePermissionAssignmentSchema);

/** GET /wiki/api/v2/spaces/{id}/operations (`getSpaceOperations`): `PermittedOperationsResponse`. */
export const SpaceOperationsResponseSchema = z.object({
  operations: z.array(z.object({ operation: z.string(), targetType: z.string() })),
});
