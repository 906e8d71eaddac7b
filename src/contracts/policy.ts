/**
 * policy/get and policy/set (site admin page only). The stored policy's `autoFixActorAccountId` is never
 * taken from the payload: it is the admin who saved a policy that switches auto-fix on (product.md §4).
 */
import { z } from 'zod';
import { AccountIdSchema, DomainNameSchema, IdSchema, PolicySchema, SpaceKeySchema } from './model';

export const LinkInputSchema = z.strictObject({
  id: IdSchema,
  deskId: IdSchema,
  spaceKeys: z.array(SpaceKeySchema).max(50),
  groupIds: z.array(IdSchema).max(50),
  allowedDomains: z.array(DomainNameSchema).max(200),
  autoFix: z.strictObject({ customerRole: z.boolean(), linkedGroupAdd: z.boolean() }),
});

export const PolicySetPayloadSchema = z.strictObject({
  links: z.array(LinkInputSchema).max(500),
  /** Accounts that never get automatic actions; data about other accounts, not the caller's identity. */
  protectedAccountIds: z.array(AccountIdSchema).max(5000),
  blastRadiusThreshold: z.number().int().min(0).max(100_000),
});

export const PolicyResponseSchema = PolicySchema;
