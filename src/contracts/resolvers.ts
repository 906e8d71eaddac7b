/**
 * The UI ↔ resolver contract: for every resolver name, the strict payload schema and the response schema.
 * The backend parses payloads with it; the frontend's bridge parses responses with it (style.md rule 31).
 */
import type { z } from 'zod';
import { DirectoryResponseSchema } from './directory';
import {
  FindingsExportPayloadSchema,
  FindingsExportResponseSchema,
  FindingsListPayloadSchema,
  FindingsListResponseSchema,
  PersonCardPayloadSchema,
  PersonCardResponseSchema,
} from './findings';
import {
  AuditListPayloadSchema,
  AuditListResponseSchema,
  AuditUndoPayloadSchema,
  AuditUndoResponseSchema,
  PlanApplyPayloadSchema,
  PlanApplyResponseSchema,
  PlanConfirmStepPayloadSchema,
  PlanConfirmStepResponseSchema,
  PlanPreviewPayloadSchema,
  PlanPreviewResponseSchema,
} from './plans';
import { PolicyResponseSchema, PolicySetPayloadSchema } from './policy';
import { RESOLVER_NAMES, type ResolverName } from './resolver-names';
import { EmptyPayloadSchema, OverviewResponseSchema, ScanStartPayloadSchema, ScanStatusSchema } from './scan';

export interface ResolverContract {
  readonly payload: z.ZodType;
  readonly response: z.ZodType;
}

export const RESOLVER_CONTRACTS = {
  [RESOLVER_NAMES.overview]: { payload: EmptyPayloadSchema, response: OverviewResponseSchema },
  [RESOLVER_NAMES.directory]: { payload: EmptyPayloadSchema, response: DirectoryResponseSchema },
  [RESOLVER_NAMES.findingsList]: { payload: FindingsListPayloadSchema, response: FindingsListResponseSchema },
  [RESOLVER_NAMES.personCard]: { payload: PersonCardPayloadSchema, response: PersonCardResponseSchema },
  [RESOLVER_NAMES.planPreview]: { payload: PlanPreviewPayloadSchema, response: PlanPreviewResponseSchema },
  [RESOLVER_NAMES.planApply]: { payload: PlanApplyPayloadSchema, response: PlanApplyResponseSchema },
  [RESOLVER_NAMES.planConfirmStep]: {
    payload: PlanConfirmStepPayloadSchema,
    response: PlanConfirmStepResponseSchema,
  },
  [RESOLVER_NAMES.auditUndo]: { payload: AuditUndoPayloadSchema, response: AuditUndoResponseSchema },
  [RESOLVER_NAMES.scanStart]: { payload: ScanStartPayloadSchema, response: ScanStatusSchema },
  [RESOLVER_NAMES.scanStatus]: { payload: EmptyPayloadSchema, response: ScanStatusSchema },
  [RESOLVER_NAMES.policyGet]: { payload: EmptyPayloadSchema, response: PolicyResponseSchema },
  [RESOLVER_NAMES.policySet]: { payload: PolicySetPayloadSchema, response: PolicyResponseSchema },
  [RESOLVER_NAMES.auditList]: { payload: AuditListPayloadSchema, response: AuditListResponseSchema },
  [RESOLVER_NAMES.findingsExportCsv]: {
    payload: FindingsExportPayloadSchema,
    response: FindingsExportResponseSchema,
  },
} as const satisfies Record<ResolverName, ResolverContract>;

export type Contracts = typeof RESOLVER_CONTRACTS;
/** What the frontend sends (defaults not yet applied). */
export type PayloadIn<N extends ResolverName> = z.input<Contracts[N]['payload']>;
/** What a resolver receives after parsing (defaults applied). */
export type Payload<N extends ResolverName> = z.output<Contracts[N]['payload']>;
export type ResponseData<N extends ResolverName> = z.output<Contracts[N]['response']>;
