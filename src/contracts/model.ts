/**
 * zod mirrors of the core model (src/core/model) for the shapes that cross the bridge or sit in storage:
 * accounts, actions, findings, plans, audit entries, policy. Each mirror is checked against its core type at
 * compile time (type-checks.ts), so the core stays the single definition and the schema cannot drift from it.
 * Atlassian-facing identifiers are validated conservatively: they end up in routes, CSV cells and links.
 */
import { z } from 'zod';
import {
  ACCOUNT_KINDS,
  ACCOUNT_STATUSES,
  FINDING_CODES,
  GUIDED_STEP_KINDS,
  SAFETY_CLASSES,
  SEVERITIES,
  type Account,
  type AuditEntry,
  type AuditOutcome,
  type ChangeAction,
  type Finding,
  type Fix,
  type GuidedStep,
  type Link,
  type Plan,
  type Policy,
} from '../core/model';
import type { Assert, Mirrors } from './type-checks';
import { ID_PATTERN } from './zod-helpers';

/** Atlassian account ids: `5b10a…`, `557058:uuid`, portal-only `qm:uuid:uuid`. */
export const AccountIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9:_-]+$/, 'not an Atlassian account id');
/** Ids the app or Atlassian mint (finding, plan, audit, group, desk ids). */
export const IdSchema = z.string().min(1).max(256).regex(ID_PATTERN, 'not an id');
export const SpaceKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9~_-]+$/, 'not a space key');
/** Normalised email key (product.md §2) or `unresolved:<accountId>`; never a raw email. */
export const EmailKeySchema = z.string().min(3).max(320);
export const EpochMsSchema = z.number().int().nonnegative();
const HttpUrlSchema = z.url({ protocol: /^https?$/ });

export const FindingCodeSchema = z.enum(FINDING_CODES);
export const SeveritySchema = z.enum(SEVERITIES);
export const SafetyClassSchema = z.enum(SAFETY_CLASSES);

export const AccountSchema = z.object({
  accountId: AccountIdSchema,
  kind: z.enum(ACCOUNT_KINDS),
  status: z.enum(ACCOUNT_STATUSES),
  displayName: z.string().max(500),
  email: z.string().max(320).nullable(),
  emailSource: z.enum(['profile', 'email-api', 'unresolved']),
  groupIds: z.array(IdSchema),
  isGuest: z.boolean(),
  hasConfluenceUserRole: z.boolean(),
  guestSpaceKeys: z.array(SpaceKeySchema),
  customerOfDeskIds: z.array(IdSchema),
  reporterOnDeskIds: z.array(IdSchema),
  firstSeenAt: EpochMsSchema.nullable(),
});

export const ChangeActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('addToGroup'), accountId: AccountIdSchema, groupId: IdSchema }),
  z.object({ type: z.literal('removeFromGroup'), accountId: AccountIdSchema, groupId: IdSchema }),
  z.object({ type: z.literal('addCustomerToDesk'), accountId: AccountIdSchema, deskId: IdSchema }),
  z.object({ type: z.literal('removeCustomerFromDesk'), accountId: AccountIdSchema, deskId: IdSchema }),
]);

export const GuidedStepSchema = z.object({
  type: z.literal('guidedStep'),
  step: z.enum(GUIDED_STEP_KINDS),
  accountId: AccountIdSchema.nullable(),
  target: z.string().min(1).max(255).optional(),
  title: z.string().min(1).max(500),
  checklist: z.array(z.string().max(500)).max(20),
  deepLink: HttpUrlSchema,
});

export const ActionSchema = z.discriminatedUnion('type', [...ChangeActionSchema.options, GuidedStepSchema]);

export const FixSchema = z.object({
  action: ActionSchema,
  safety: SafetyClassSchema,
  inverse: ChangeActionSchema.nullable(),
});

export const FindingSubjectSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('person'), emailKey: EmailKeySchema }),
  z.object({ type: z.literal('space'), spaceKey: SpaceKeySchema }),
]);

export const FindingSchema = z.object({
  id: IdSchema,
  code: FindingCodeSchema,
  severity: SeveritySchema,
  subject: FindingSubjectSchema,
  title: z.string().min(1).max(500),
  explanation: z.string().min(1).max(5000),
  evidence: z.object({
    accountIds: z.array(AccountIdSchema),
    groupIds: z.array(IdSchema),
    deskIds: z.array(IdSchema),
    spaceKeys: z.array(SpaceKeySchema),
    facts: z.array(z.string().max(1000)),
  }),
  fixes: z.array(FixSchema),
  scope: z.object({ deskIds: z.array(IdSchema), spaceKeys: z.array(SpaceKeySchema) }),
});

export const PlannedActionSchema = FixSchema.extend({
  key: z.string().min(1).max(500),
  findingIds: z.array(IdSchema),
  skipped: z.object({ reason: z.enum(['protected-account', 'desk-not-closed', 'not-selected']) }).nullable(),
});

export const PlanSchema = z.object({
  id: IdSchema,
  createdAt: EpochMsSchema,
  findingIds: z.array(IdSchema),
  actions: z.array(PlannedActionSchema),
  counts: z.object({
    safe: z.number().int().nonnegative(),
    review: z.number().int().nonnegative(),
    manual: z.number().int().nonnegative(),
  }),
  requiresConfirmation: z.boolean(),
  blastRadiusThreshold: z.number().int().nonnegative(),
});

export const AUDIT_OUTCOMES = [
  'started',
  'applied',
  'already-in-place',
  'failed',
  'confirmed',
  'undone',
] as const;

export const ActorSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), accountId: AccountIdSchema }),
  z.object({ type: z.literal('auto'), onBehalfOf: AccountIdSchema }),
  z.object({ type: z.literal('app') }),
]);

export const AuditEntrySchema = z.object({
  id: IdSchema,
  at: EpochMsSchema,
  actor: ActorSchema,
  planId: IdSchema.nullable(),
  action: ActionSchema,
  before: z.object({ member: z.boolean() }).nullable(),
  after: z.object({ member: z.boolean() }).nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  undoOf: IdSchema.nullable(),
  errorCode: z.string().max(100).nullable(),
});

/** Lower-case DNS domain (allowed customer email domains of a Link). */
export const DomainNameSchema = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'not a lower-case domain');

export const LinkSchema = z.object({
  id: IdSchema,
  deskId: IdSchema,
  spaceKeys: z.array(SpaceKeySchema).max(50),
  groupIds: z.array(IdSchema).max(50),
  allowedDomains: z.array(DomainNameSchema).max(200),
  autoFix: z.object({ customerRole: z.boolean(), linkedGroupAdd: z.boolean() }),
});

export const PolicySchema = z.object({
  schemaVersion: z.literal(1),
  links: z.array(LinkSchema).max(500),
  protectedAccountIds: z.array(AccountIdSchema).max(5000),
  blastRadiusThreshold: z.number().int().min(0).max(100_000),
  autoFixActorAccountId: AccountIdSchema.nullable(),
});

/** @public a compile-time check, imported by nobody (knip keeps @public exports). */
export type AuditOutcomesInSync = Assert<
  [AuditOutcome] extends [(typeof AUDIT_OUTCOMES)[number]]
    ? [(typeof AUDIT_OUTCOMES)[number]] extends [AuditOutcome]
      ? true
      : false
    : false
>;

/** @public a compile-time check, imported by nobody (knip keeps @public exports). */
export type InSync = [
  Assert<Mirrors<typeof AccountSchema, Account>>,
  Assert<Mirrors<typeof ChangeActionSchema, ChangeAction>>,
  Assert<Mirrors<typeof GuidedStepSchema, GuidedStep>>,
  Assert<Mirrors<typeof FixSchema, Fix>>,
  Assert<Mirrors<typeof FindingSchema, Finding>>,
  Assert<Mirrors<typeof PlanSchema, Plan>>,
  Assert<Mirrors<typeof AuditEntrySchema, AuditEntry>>,
  Assert<Mirrors<typeof LinkSchema, Link>>,
  Assert<Mirrors<typeof PolicySchema, Policy>>,
];
