/** Jira permission checks used to authorise resolvers (forge-platform.md §5.2). */
import { z } from 'zod';

/** GET /rest/api/3/mypermissions?projectKey=&permissions=ADMINISTER_PROJECTS (`getMyPermissions`): `Permissions`. */
export const PermissionsSchema = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean(), key: z.string().optional() })),
});

/** POST /rest/api/3/permissions/check (`getBulkPermissions`): `BulkPermissionGrants`. */
export const BulkPermissionGrantsSchema = z.object({
  globalPermissions: z.array(z.string()),
  projectPermissions: z.array(
    z.object({
      permission: z.string(),
      projects: z.array(z.number().int()),
      issues: z.array(z.number().int()),
    }),
  ),
});
