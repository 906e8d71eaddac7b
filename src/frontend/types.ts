/** Shapes the views render, all derived from the resolver contract (never a parallel interface). */
import type { PayloadIn, ResponseData } from '../contracts';

export type Overview = ResponseData<'overview'>;
export type Directory = ResponseData<'directory'>;
export type ScanStatus = ResponseData<'scan/status'>;
export type FindingItem = ResponseData<'findings/list'>['items'][number];
export type FindingCode = FindingItem['code'];
export type Severity = FindingItem['severity'];
export type FindingFilter = NonNullable<PayloadIn<'findings/list'>['filter']>;
export type PersonCard = ResponseData<'person/card'>;
export type Account = PersonCard['accounts'][number];
export type Plan = ResponseData<'plan/preview'>;
export type PlannedAction = Plan['actions'][number];
export type Action = PlannedAction['action'];
export type ApplyResult = ResponseData<'plan/apply'>;
export type AuditEntry = ResponseData<'audit/list'>['items'][number];
export type Policy = ResponseData<'policy/get'>;
export type PolicyPayload = PayloadIn<'policy/set'>;
