/** Jira platform v3 group responses (atlassian-identity.md §4.2). Default objects, required = what we read. */
import { z } from 'zod';
import { pageBean } from './users.schema';

/** `GroupDetails`: `groupId` is nullable in the spec (legacy groups); the name is always there. */
export const GroupDetailsSchema = z.object({
  name: z.string(),
  groupId: z.string().nullable().optional(),
});

/** GET /rest/api/3/group/bulk (`bulkGetGroups`): `PageBeanGroupDetails`. */
export const PageBeanGroupDetailsSchema = pageBean(GroupDetailsSchema);

/** GET /rest/api/3/groups/picker (`findGroups`): `FoundGroups`. */
export const FoundGroupsSchema = z.object({
  groups: z.array(z.object({ name: z.string(), groupId: z.string().optional() })),
  total: z.number().int().nonnegative().optional(),
});
