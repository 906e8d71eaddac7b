/**
 * `avi:confluence:created:user` payload `{ eventType, eventCreatedDate, user }` (forge-platform.md §1.2).
 * Its PII fields (username, email, publicName, displayName) hold the accountId, not real values, so the
 * schema does not declare them: they are dropped on parse and no code can mistake them for an email.
 */
import { z } from 'zod';
import { AccountIdSchema, tolerantEnum } from '../contracts';
import { guarded } from './parse';

export const ConfluenceUserCreatedEventSchema = guarded(
  z.object({
    eventType: z.literal('avi:confluence:created:user'),
    eventCreatedDate: z.string().max(64).optional(),
    /** Set on events the app caused itself; Confluence triggers cannot filter them with `ignoreSelf`. */
    selfGenerated: z.boolean().optional(),
    user: z.object({
      accountId: AccountIdSchema,
      accountType: tolerantEnum(['atlassian', 'app', 'customer', 'unknown'], 'unknown').optional(),
      /** Guest marker; VERIFY it is set in this event for invited guests. */
      isExternalCollaborator: z.boolean().optional(),
    }),
  }),
);
