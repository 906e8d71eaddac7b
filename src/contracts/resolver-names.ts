/**
 * Every resolver the panels may call, declared once (style.md rule 20). The backend defines exactly these
 * keys and the frontend invokes them through bridge.ts; no string literal names a resolver anywhere else.
 */
export const RESOLVER_NAMES = {
  overview: 'overview',
  directory: 'directory',
  findingsList: 'findings/list',
  personCard: 'person/card',
  planPreview: 'plan/preview',
  planApply: 'plan/apply',
  planConfirmStep: 'plan/confirm-step',
  auditUndo: 'audit/undo',
  scanStart: 'scan/start',
  scanStatus: 'scan/status',
  policyGet: 'policy/get',
  policySet: 'policy/set',
  auditList: 'audit/list',
  findingsExportCsv: 'findings/export-csv',
} as const;

export type ResolverName = (typeof RESOLVER_NAMES)[keyof typeof RESOLVER_NAMES];

export const ALL_RESOLVER_NAMES: readonly ResolverName[] = Object.values(RESOLVER_NAMES);
