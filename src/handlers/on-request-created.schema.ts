/**
 * `avi:jira:created:issue` payload, reduced to what tells us about a (possibly new) customer: the issue's
 * project and its reporter (forge-platform.md §1.2 "Issue events as an indirect new-customer signal").
 * `projectTypeKey` lets the handler skip non-service projects when present (VERIFY it is in the payload).
 */
import { z } from 'zod';
import { ACCOUNT_KINDS } from '../core/model';
import { AccountIdSchema, IdLikeSchema, tolerantEnum } from '../contracts';
import { guarded } from './parse';

export const IssueCreatedEventSchema = guarded(
  z.object({
    eventType: z.literal('avi:jira:created:issue'),
    atlassianId: AccountIdSchema.optional(),
    issue: z.object({
      id: IdLikeSchema,
      key: z.string().min(1).max(255),
      fields: z.object({
        project: z.object({
          id: IdLikeSchema,
          key: z.string().min(1).max(255),
          projectTypeKey: z.string().max(100).optional(),
        }),
        reporter: z
          .object({
            accountId: AccountIdSchema,
            accountType: tolerantEnum(ACCOUNT_KINDS, 'unknown').optional(),
          })
          .nullable()
          .optional(),
      }),
    }),
  }),
);

/** Jira's project type key of JSM projects. */
export const SERVICE_DESK_PROJECT_TYPE = 'service_desk';
