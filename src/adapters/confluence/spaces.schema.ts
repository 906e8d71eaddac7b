/**
 * Confluence space responses (v2): `/wiki/api/v2/spaces`, `/spaces/{id}/permissions` (also the role
 * principals behind KB_SIGNUP_RISK), `/spaces/{id}/operations`.
 */
import { z } from 'zod';
import { multiEntityResult } from './users.schema';

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
