/** Jira permission checks used to authorise resolvers (forge-platform.md §5.2). */
import { z } from 'zod';

/** GET /rest/api/3/mypermissions?projectKey=&permissions=ADMINISTER_PROJECTS (`getMyPermissions`): `Permissions`. */
export const PermissionsSchema = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean(), key: z.string().optional() })),
});
