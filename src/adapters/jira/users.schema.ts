/**
 * Jira platform v3 user responses (jira-platform.v3.json, atlassian-identity.md §4.1). Default objects:
 * unknown keys are dropped, only the fields the adapters read are required (style.md rule 32). The spec
 * marks nothing required; `accountId` and `accountType` are what every mapping needs, the rest is optional
 * (email and name may be hidden by profile visibility).
 */
import { z } from 'zod';
import { ACCOUNT_KINDS } from '../../core/model';
import { AccountIdSchema, tolerantEnum } from '../../contracts';

export const AccountTypeSchema = tolerantEnum(ACCOUNT_KINDS, 'unknown');

/** `GroupName` (getUserGroups items, User.groups.items). */
export const GroupNameSchema = z.object({
  name: z.string(),
  groupId: z.string().nullable().optional(),
});

/** `UserDetails` (getUsersFromGroup values). */
export const UserDetailsSchema = z.object({
  accountId: AccountIdSchema,
  accountType: AccountTypeSchema,
  active: z.boolean().optional(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
});

/** `User` (findUsers, bulkGetUsers values). */
export const UserSchema = UserDetailsSchema.extend({
  groups: z
    .object({ size: z.number().int().optional(), items: z.array(GroupNameSchema).optional() })
    .optional(),
  applicationRoles: z
    .object({ size: z.number().int().optional(), items: z.array(z.object({ key: z.string() })).optional() })
    .optional(),
});

const pageBean = <T extends z.ZodType>(value: T) =>
  z.object({
    values: z.array(value),
    isLast: z.boolean().optional(),
    startAt: z.number().int().nonnegative().optional(),
    maxResults: z.number().int().nonnegative().optional(),
    total: z.number().int().nonnegative().optional(),
    nextPage: z.string().optional(),
  });

/** GET /rest/api/3/user/bulk (`bulkGetUsers`): `PageBeanUser`. */
export const PageBeanUserSchema = pageBean(UserSchema);
/** GET /rest/api/3/group/member (`getUsersFromGroup`): `PageBeanUserDetails`. */
export const PageBeanUserDetailsSchema = pageBean(UserDetailsSchema);
/** GET /rest/api/3/user/search (`findUsers`): a bare `User[]`. */
export const UserArraySchema = z.array(UserSchema);
/** GET /rest/api/3/user/groups (`getUserGroups`): `GroupName[]`. */
export const GroupNameArraySchema = z.array(GroupNameSchema);

/** `UnrestrictedUserEmail`, the base of getUserEmailBulk's items (asApp only for Forge). */
export const UnrestrictedUserEmailSchema = z.object({
  accountId: AccountIdSchema,
  email: z.string().min(1).max(320),
});
/**
 * GET /rest/api/3/user/email/bulk (`getUserEmailBulk`). The spec declares a single `UnrestrictedUserEmail`;
 * a bulk call returning one object per account is the likelier truth (VERIFY): both are accepted, as a list.
 */
/**
 * An item of the bulk answer: an account whose email cannot be read even as the app comes back as
 * `{accountId}` alone (the emulated site's reading of the single-account operation), so `email` is optional.
 */
export const UnrestrictedUserEmailBulkItemSchema = UnrestrictedUserEmailSchema.extend({
  email: z.string().min(1).max(320).optional(),
});
export const UnrestrictedUserEmailBulkSchema = z.union([
  z.array(UnrestrictedUserEmailBulkItemSchema),
  UnrestrictedUserEmailBulkItemSchema.transform((one) => [one]),
]);

export { pageBean };
