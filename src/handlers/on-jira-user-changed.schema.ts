/**
 * `avi:jira:created:user` / `avi:jira:updated:user` payload: `{ eventType, user: UserDetails }`
 * (forge-platform.md §1.2). Only `user.accountId` is required: email and name are subject to profile
 * visibility, and groups / applicationRoles are present on create and update only (VERIFY the field set).
 */
import { z } from 'zod';
import { ACCOUNT_KINDS } from '../core/model';
import { AccountIdSchema, tolerantEnum } from '../contracts';
import { guarded } from './parse';

export const JIRA_USER_EVENT_TYPES = ['avi:jira:created:user', 'avi:jira:updated:user'] as const;

const ListOf = <T extends z.ZodType>(item: T) =>
  z.object({ size: z.number().int().nonnegative().optional(), items: z.array(item).max(10_000).optional() });

export const JiraEventUserSchema = z.object({
  accountId: AccountIdSchema,
  accountType: tolerantEnum(ACCOUNT_KINDS, 'unknown').optional(),
  active: z.boolean().optional(),
  emailAddress: z.string().max(320).nullable().optional(),
  groups: ListOf(
    z.object({ name: z.string().max(255), groupId: z.string().max(255).nullable().optional() }),
  ).optional(),
  applicationRoles: ListOf(z.object({ key: z.string().max(255) })).optional(),
});

export const JiraUserEventSchema = guarded(
  z.object({
    eventType: z.enum(JIRA_USER_EVENT_TYPES),
    user: JiraEventUserSchema,
  }),
);
