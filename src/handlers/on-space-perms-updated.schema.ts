/**
 * `avi:confluence:permissions_updated:space:V2` payload `{ eventType, atlassianId?, eventCreatedDate, space }`
 * (forge-platform.md §1.2). It names the space only, not the permission that changed. `space.id` may come as
 * a number or a string (VERIFY): both are normalised to a string.
 */
import { z } from 'zod';
import { AccountIdSchema, IdLikeSchema, SpaceKeySchema } from '../contracts';
import { guarded } from './parse';

export const SpacePermissionsUpdatedEventSchema = guarded(
  z.object({
    eventType: z.literal('avi:confluence:permissions_updated:space:V2'),
    atlassianId: AccountIdSchema.optional(),
    eventCreatedDate: z.string().max(64).optional(),
    /** Set on events the app caused itself; Confluence triggers cannot filter them with `ignoreSelf`. */
    selfGenerated: z.boolean().optional(),
    space: z.object({
      id: IdLikeSchema,
      key: SpaceKeySchema,
      name: z.string().max(500).optional(),
      type: z.string().max(100).optional(),
      status: z.string().max(100).optional(),
    }),
  }),
);
