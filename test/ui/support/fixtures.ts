/** Contract-shaped answers for the UI tests (the fake checks each against the contract before sending it). */
import { FindingCodeSchema, SeveritySchema, type ResponseData } from '../../../src/contracts';

type Overview = ResponseData<'overview'>;
type Directory = ResponseData<'directory'>;
type ScanStatus = ResponseData<'scan/status'>;
type FindingItem = ResponseData<'findings/list'>['items'][number];
type PersonCard = ResponseData<'person/card'>;
type Account = PersonCard['accounts'][number];
type Plan = ResponseData<'plan/preview'>;
type AuditEntry = ResponseData<'audit/list'>['items'][number];
type Policy = ResponseData<'policy/get'>;

export const T0 = Date.UTC(2025, 0, 6, 9, 30);

export const aScanStatus = (overrides: Partial<ScanStatus> = {}): ScanStatus => ({
  state: 'running',
  scanId: 'scan-1',
  startedAt: T0,
  updatedAt: T0 + 60_000,
  completedAt: null,
  sources: { done: 3, total: 8 },
  personsEvaluated: 120,
  points: { usedThisHour: 4_000, budgetPerHour: 10_000, resetsAt: T0 + 30 * 60_000 },
  ...overrides,
});

/** The contract's count records list every code and severity; unnamed ones are 0. */
export const codeCounts = (counts: Partial<Overview['countsByCode']> = {}): Overview['countsByCode'] =>
  Object.fromEntries(FindingCodeSchema.options.map((c) => [c, counts[c] ?? 0])) as Overview['countsByCode'];
export const severityCounts = (
  counts: Partial<Overview['countsBySeverity']> = {},
): Overview['countsBySeverity'] =>
  Object.fromEntries(SeveritySchema.options.map((s) => [s, counts[s] ?? 0])) as Overview['countsBySeverity'];

export const anOverview = (overrides: Partial<Overview> = {}): Overview => ({
  scope: { type: 'desk', deskId: '10', projectKey: 'SD' },
  totals: { findings: 3, persons: 2 },
  countsByCode: codeCounts({ DUPLICATE_ACCOUNTS: 1, GUEST_WITHOUT_CUSTOMER_ROLE: 2 }),
  countsBySeverity: severityCounts({ high: 3 }),
  scan: aScanStatus({ state: 'completed', completedAt: T0 }),
  generatedAt: T0,
  ...overrides,
});

export const aDirectory = (overrides: Partial<Directory> = {}): Directory => ({
  desks: [{ id: '10', name: 'Support desk', projectKey: 'SD' }],
  spaces: [
    { key: 'KB', name: 'Help articles' },
    { key: 'DOCS', name: 'Product docs' },
  ],
  groups: [{ id: 'grp-customers', name: 'jira-servicemanagement-customers-acme' }],
  asOf: T0,
  ...overrides,
});

export const aFinding = (id: string, overrides: Partial<FindingItem> = {}): FindingItem => ({
  id,
  code: 'GUEST_WITHOUT_CUSTOMER_ROLE',
  severity: 'high',
  subject: { type: 'person', emailKey: `${id}@example.com` },
  title: 'Guest cannot use the help center',
  explanation:
    'This guest is a customer of desk 10 but lacks the Customer role, so the help center refuses them.',
  evidence: {
    accountIds: [`aa-${id}`],
    groupIds: [],
    deskIds: ['10'],
    spaceKeys: ['KB'],
    facts: ['Guest of KB'],
  },
  fixes: [
    {
      action: { type: 'addToGroup', accountId: `aa-${id}`, groupId: 'grp-customers' },
      safety: 'safe',
      inverse: { type: 'removeFromGroup', accountId: `aa-${id}`, groupId: 'grp-customers' },
    },
  ],
  scope: { deskIds: ['10'], spaceKeys: ['KB'] },
  subjectName: null,
  detectedAt: T0,
  updatedAt: T0,
  ...overrides,
});

export const anAccount = (overrides: Partial<Account> = {}): Account => ({
  accountId: 'aa-ann',
  kind: 'atlassian',
  status: 'active',
  displayName: 'Ann Example',
  email: 'ann@example.com',
  emailSource: 'email-api',
  groupIds: ['grp-guests'],
  isGuest: true,
  hasConfluenceUserRole: false,
  guestSpaceKeys: ['KB'],
  customerOfDeskIds: [],
  reporterOnDeskIds: [],
  firstSeenAt: T0,
  ...overrides,
});

export const aPersonCard = (overrides: Partial<PersonCard> = {}): PersonCard => ({
  emailKey: 'ann@example.com',
  accounts: [
    anAccount({
      accountId: 'qm:ann',
      kind: 'customer',
      displayName: 'Ann (portal)',
      groupIds: [],
      isGuest: false,
      guestSpaceKeys: [],
      customerOfDeskIds: ['10'],
      reporterOnDeskIds: ['10'],
    }),
    anAccount(),
  ],
  findings: [
    aFinding('f-dup', {
      code: 'DUPLICATE_ACCOUNTS',
      subject: { type: 'person', emailKey: 'ann@example.com' },
      title: 'Two accounts for one email',
      explanation:
        'Ann has a portal-only customer account and an Atlassian account; the portal logs her into the wrong one.',
    }),
  ],
  evaluatedAt: T0,
  ...overrides,
});

export const aPlan = (overrides: Partial<Plan> = {}): Plan => ({
  id: 'plan-1',
  createdAt: T0,
  findingIds: ['f-1'],
  actions: [
    {
      key: 'add:aa-1:grp-customers',
      findingIds: ['f-1'],
      action: { type: 'addToGroup', accountId: 'aa-1', groupId: 'grp-customers' },
      safety: 'safe',
      inverse: { type: 'removeFromGroup', accountId: 'aa-1', groupId: 'grp-customers' },
      skipped: null,
      viewerCannotApply: null,
    },
    {
      key: 'remove:aa-2:grp-partners',
      findingIds: ['f-1'],
      action: { type: 'removeFromGroup', accountId: 'aa-2', groupId: 'grp-partners' },
      safety: 'review',
      inverse: { type: 'addToGroup', accountId: 'aa-2', groupId: 'grp-partners' },
      skipped: null,
      viewerCannotApply: null,
    },
    {
      key: 'guide:migrate:qm:ann',
      findingIds: ['f-1'],
      action: {
        type: 'guidedStep',
        step: 'migrate-to-atlassian-account',
        accountId: 'qm:ann',
        title: 'Migrate the portal-only account to the Atlassian account',
        checklist: ['Open the portal-only customers page', 'Choose Migrate to Atlassian account'],
        deepLink: 'https://acme.atlassian.net/jira/servicedesk/customers/portal-only',
      },
      safety: 'manual',
      inverse: null,
      skipped: null,
      viewerCannotApply: null,
    },
  ],
  counts: { safe: 1, review: 1, manual: 1 },
  requiresConfirmation: false,
  blastRadiusThreshold: 10,
  ...overrides,
});

/** An audit entry; `undoable` defaults to true only for an applied change that is not itself an undo. */
export const anAuditEntry = (id: string, overrides: Partial<AuditEntry> = {}): AuditEntry => {
  const outcome = overrides.outcome ?? 'applied';
  const undoOf = overrides.undoOf ?? null;
  return {
    id,
    at: T0,
    actor: { type: 'user', accountId: 'admin-1' },
    planId: 'plan-1',
    action: { type: 'addToGroup', accountId: 'aa-1', groupId: 'grp-customers' },
    before: { member: false },
    after: { member: true },
    outcome,
    undoOf,
    errorCode: null,
    undoable: outcome === 'applied' && undoOf === null && overrides.undoneBy == null,
    undoneBy: null,
    ...overrides,
  };
};

type ApplyResult = ResponseData<'plan/apply'>;

/** A plan/apply answer: every step of `steps` with its outcome, status and error as the resolver sets them. */
export const anApplyResult = (
  steps: ApplyResult['steps'],
  overrides: Partial<ApplyResult> = {},
): ApplyResult => {
  const ran = steps.filter((s) => s.outcome === 'applied' || s.outcome === 'already-in-place').length;
  const failedStep = steps.find((s) => s.outcome === 'failed');
  return {
    planId: 'plan-1',
    status:
      steps.length === 0
        ? 'nothing-to-apply'
        : failedStep === undefined
          ? 'applied'
          : ran > 0
            ? 'partially-applied'
            : 'failed',
    actionCount: steps.length,
    steps,
    error: failedStep?.errorCode != null ? { code: failedStep.errorCode, message: 'The step failed.' } : null,
    pointsUsed: 2 * ran,
    ...overrides,
  };
};

export const aPolicy = (overrides: Partial<Policy> = {}): Policy => ({
  schemaVersion: 1,
  links: [
    {
      id: 'link-1',
      deskId: '10',
      spaceKeys: ['KB'],
      groupIds: ['grp-partners'],
      allowedDomains: ['example.com'],
      autoFix: { customerRole: false, linkedGroupAdd: false },
    },
  ],
  protectedAccountIds: ['aa-ceo'],
  blastRadiusThreshold: 10,
  autoFixActorAccountId: null,
  ...overrides,
});
