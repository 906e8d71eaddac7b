/**
 * KVS keys `ws:<scanId>:f:<accountId>` (facts merged per account) and `ws:<scanId>:a:<accountId>` (the
 * account's person and POSSIBLE_DUPLICATE bucket): the scan's working set, dropped when the scan ends.
 */
import { z } from 'zod';
import { ACCOUNT_KINDS, ACCOUNT_STATUSES } from '../../core/model';
import { EmailKeySchema, SpaceKeySchema } from '../../contracts';

const Ids = z.array(z.string().min(1).max(256));

export const AccountFactsSchema = z.object({
  accountId: z.string().min(1).max(128),
  profile: z
    .object({
      kind: z.enum(ACCOUNT_KINDS),
      status: z.enum(ACCOUNT_STATUSES),
      displayName: z.string().max(500),
      visibleEmail: z.string().max(320).nullable(),
    })
    .nullable()
    .optional(),
  apiEmail: z.string().max(320).nullable().optional(),
  groupIds: Ids.optional(),
  customerOfDeskIds: Ids.optional(),
  guest: z
    .object({ isGuest: z.boolean(), hasUserRole: z.boolean(), guestSpaceKeys: z.array(SpaceKeySchema) })
    .optional(),
});

export const WorkingSetFactsRecordSchema = z.object({
  schemaVersion: z.literal(1),
  facts: AccountFactsSchema,
});

export const WorkingSetAssignmentRecordSchema = z.object({
  schemaVersion: z.literal(1),
  accountId: z.string().min(1).max(128),
  personKey: EmailKeySchema,
  bucketKey: z.string().min(1).max(400),
});
