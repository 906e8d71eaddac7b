/**
 * Stored values (src/adapters/storage/*.schema.ts): every value carries `schemaVersion: 1`, valid records
 * parse, other versions are refused, and denormalised index attributes cannot disagree with the body.
 */
import type { z } from 'zod';
import type { AuditEntry, Finding, Plan } from '../../../src/core/model';
import { AuditRecordSchema } from '../../../src/adapters/storage/audit.schema';
import { FindingRecordSchema, FindingScopeRecordSchema } from '../../../src/adapters/storage/finding.schema';
import { JobDedupeMarkerSchema } from '../../../src/adapters/storage/job-dedupe.schema';
import { PersonRecordSchema } from '../../../src/adapters/storage/person.schema';
import { PlanRecordSchema } from '../../../src/adapters/storage/plan.schema';
import { PointsBudgetSchema } from '../../../src/adapters/storage/points-budget.schema';
import { StoredPolicySchema } from '../../../src/adapters/storage/policy.schema';
import { ScanCursorSchema } from '../../../src/adapters/storage/scan-cursor.schema';

const T = Date.UTC(2026, 10, 23, 12);
const ACCOUNT = '5b10a2844c20165700ede21g';
const GROUP = '276f955c-63d7-42c8-9520-92d01dca0625';

const finding: Finding = {
  id: 'GUEST_WITHOUT_CUSTOMER_ROLE:ann@example.com',
  code: 'GUEST_WITHOUT_CUSTOMER_ROLE',
  severity: 'high',
  subject: { type: 'person', emailKey: 'ann@example.com' },
  title: 'Portal login fails: guest has no Customer role',
  explanation: 'The account is a Confluence guest and a customer of desk 1 but lacks the Customer role.',
  evidence: {
    accountIds: [ACCOUNT],
    groupIds: [],
    deskIds: ['1'],
    spaceKeys: ['KB'],
    facts: ['guest of KB'],
  },
  fixes: [
    {
      action: { type: 'addToGroup', accountId: ACCOUNT, groupId: GROUP },
      safety: 'safe',
      inverse: { type: 'removeFromGroup', accountId: ACCOUNT, groupId: GROUP },
    },
  ],
  scope: { deskIds: ['1'], spaceKeys: ['KB'] },
};

const plan: Plan = {
  id: 'plan-1',
  createdAt: T,
  findingIds: [finding.id],
  actions: [
    { ...finding.fixes[0]!, key: `addToGroup:${GROUP}:${ACCOUNT}`, findingIds: [finding.id], skipped: null },
  ],
  counts: { safe: 1, review: 0, manual: 0 },
  requiresConfirmation: false,
  blastRadiusThreshold: 10,
};

const entry: AuditEntry = {
  id: 'audit-1',
  at: T,
  actor: { type: 'user', accountId: 'admin-1' },
  planId: 'plan-1',
  action: { type: 'addToGroup', accountId: ACCOUNT, groupId: GROUP },
  before: { member: false },
  after: { member: true },
  outcome: 'applied',
  undoOf: null,
  errorCode: null,
};

const VALID: [string, z.ZodType, Record<string, unknown>][] = [
  [
    'policy',
    StoredPolicySchema,
    {
      schemaVersion: 1,
      links: [],
      protectedAccountIds: [],
      blastRadiusThreshold: 10,
      autoFixActorAccountId: null,
    },
  ],
  [
    'person',
    PersonRecordSchema,
    {
      schemaVersion: 1,
      emailKey: 'ann@example.com',
      deskIds: ['1'],
      spaceKeys: ['KB'],
      findingIds: [finding.id],
      worstSeverity: 'high',
      evaluatedAt: T,
      accounts: [
        {
          accountId: ACCOUNT,
          kind: 'atlassian',
          status: 'active',
          displayName: 'Ann',
          email: 'ann@example.com',
          emailSource: 'email-api',
          groupIds: [],
          isGuest: true,
          hasConfluenceUserRole: false,
          guestSpaceKeys: ['KB'],
          customerOfDeskIds: ['1'],
          reporterOnDeskIds: [],
          firstSeenAt: null,
        },
      ],
    },
  ],
  [
    'finding',
    FindingRecordSchema,
    {
      schemaVersion: 1,
      findingId: finding.id,
      code: finding.code,
      severity: 'high',
      subjectType: 'person',
      emailKey: 'ann@example.com',
      detectedAt: T,
      updatedAt: T,
      finding,
    },
  ],
  [
    'finding-scope',
    FindingScopeRecordSchema,
    {
      schemaVersion: 1,
      findingId: finding.id,
      scopeType: 'space',
      scopeId: 'KB',
      code: finding.code,
      severity: 'high',
      emailKey: 'ann@example.com',
      updatedAt: T,
    },
  ],
  [
    'plan',
    PlanRecordSchema,
    {
      schemaVersion: 1,
      planId: 'plan-1',
      status: 'previewed',
      createdAt: T,
      createdBy: 'admin-1',
      scopeType: 'project',
      scopeId: '10000',
      appliedThrough: 0,
      plan,
    },
  ],
  [
    'audit',
    AuditRecordSchema,
    {
      schemaVersion: 1,
      auditId: 'audit-1',
      at: T,
      actorType: 'user',
      actorAccountId: 'admin-1',
      planId: 'plan-1',
      targetAccountId: ACCOUNT,
      outcome: 'applied',
      entry,
    },
  ],
  [
    'scan cursor',
    ScanCursorSchema,
    {
      schemaVersion: 1,
      scanId: 'scan-1',
      startedAt: T,
      source: 'desk:1',
      cursor: '50',
      sourcesDone: 1,
      sourcesTotal: 3,
      finishedAt: null,
      sources: ['group:customers', 'desk:1', 'profiles'],
      sourceItems: 50,
      accountsSeen: 50,
      personsEvaluated: 0,
      pointsUsed: 12,
      updatedAt: T,
    },
  ],
  [
    'points budget',
    PointsBudgetSchema,
    { schemaVersion: 1, windowStart: T, budgetPerHour: 6500, used: 120, reserved: 30, blockedUntil: null },
  ],
  [
    'job dedupe marker',
    JobDedupeMarkerSchema,
    {
      schemaVersion: 1,
      dedupeKey: `reconcile-person:account:${ACCOUNT}`,
      jobKind: 'reconcile-person',
      state: 'pending',
      firstSeenAt: T,
      lastSeenAt: T,
      deliveries: 2,
    },
  ],
];

describe.each(VALID)('%s', (_name, schema, value) => {
  it('parses a valid value', () => {
    const parsed = schema.safeParse(value);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it.each([0, 2, '1', undefined])('refuses schemaVersion %p', (version) => {
    expect(schema.safeParse({ ...value, schemaVersion: version }).success).toBe(false);
  });
});

describe('index attributes agree with the stored body', () => {
  it.each([
    ['finding code', FindingRecordSchema, { ...VALID[2]![2], code: 'DUPLICATE_ACCOUNTS' }],
    ['finding email key', FindingRecordSchema, { ...VALID[2]![2], emailKey: 'bob@example.com' }],
    ['finding dates', FindingRecordSchema, { ...VALID[2]![2], updatedAt: T - 1 }],
    ['desk scope id', FindingScopeRecordSchema, { ...VALID[3]![2], scopeType: 'desk', scopeId: 'has space' }],
    ['plan progress', PlanRecordSchema, { ...VALID[4]![2], appliedThrough: 2 }],
    ['plan site scope', PlanRecordSchema, { ...VALID[4]![2], scopeType: 'site' }],
    ['audit actor', AuditRecordSchema, { ...VALID[5]![2], actorAccountId: 'someone-else' }],
    ['audit target', AuditRecordSchema, { ...VALID[5]![2], targetAccountId: '' }],
    ['budget window', PointsBudgetSchema, { ...VALID[7]![2], windowStart: T + 1 }],
    ['dedupe key characters', JobDedupeMarkerSchema, { ...VALID[8]![2], dedupeKey: 'a@b' }],
  ] as const)('refuses a mismatched %s', (_label, schema, value) => {
    expect(schema.safeParse(value).success).toBe(false);
  });
});
