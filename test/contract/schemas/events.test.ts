/**
 * Product-event, scheduled and queue schemas (src/handlers/*.schema.ts) against the documented payload shapes
 * (forge-platform.md §1.2, §3.3, §3.4), hostile variants, and the trigger handlers' reaction to both.
 */
import { JobBodySchema, type JobBody } from '../../../src/handlers/jobs.schema';
import { handleConfluenceUserCreated } from '../../../src/handlers/on-conf-user-created';
import { ConfluenceUserCreatedEventSchema } from '../../../src/handlers/on-conf-user-created.schema';
import { handleJiraUserChanged } from '../../../src/handlers/on-jira-user-changed';
import { JiraUserEventSchema } from '../../../src/handlers/on-jira-user-changed.schema';
import { handleRequestCreated } from '../../../src/handlers/on-request-created';
import { IssueCreatedEventSchema } from '../../../src/handlers/on-request-created.schema';
import { handleSpacePermissionsUpdated } from '../../../src/handlers/on-space-perms-updated';
import { SpacePermissionsUpdatedEventSchema } from '../../../src/handlers/on-space-perms-updated.schema';
import { parseInput } from '../../../src/handlers/parse';
import { handleReconcileJob } from '../../../src/handlers/reconcile-worker';
import { parseScheduledInvocation } from '../../../src/handlers/scheduled.schema';
import { scan } from '../../../src/handlers/scan';
import { watch } from '../../../src/handlers/watch';
import type { Deps } from '../../../src/handlers/enqueue';
import { QueueRateLimitedError, type Logger } from '../../../src/wiring';

const ACCOUNT = '5b10a2844c20165700ede21g';
const PORTAL_ONLY = 'qm:a1b2c3d4-0000-4000-8000-000000000001:5e6f7a8b-0000-4000-8000-000000000002';
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

// Documented shapes, with the fields the docs list (forge-platform.md §1.2).
const jiraUserCreated = {
  eventType: 'avi:jira:created:user',
  user: {
    accountId: ACCOUNT,
    accountType: 'atlassian',
    displayName: 'Mia Krystof',
    emailAddress: 'mia@example.com',
    active: true,
    timeZone: 'Australia/Sydney',
    locale: 'en_US',
    avatarUrls: { '48x48': 'https://avatar.example/48.png' },
    groups: {
      size: 1,
      items: [{ name: 'jira-servicemanagement-customers-acme', groupId: '276f955c-63d7-42c8' }],
    },
    applicationRoles: { size: 1, items: [{ key: 'jira-servicedesk' }] },
  },
};
const jiraUserUpdatedPortalOnly = {
  eventType: 'avi:jira:updated:user',
  user: {
    accountId: PORTAL_ONLY,
    accountType: 'customer',
    displayName: 'Ann',
    emailAddress: null,
    active: true,
  },
};
const issueCreated = {
  eventType: 'avi:jira:created:issue',
  atlassianId: PORTAL_ONLY,
  issue: {
    id: '10042',
    key: 'HELP-42',
    fields: {
      summary: 'Cannot log in',
      project: { id: '10000', key: 'HELP', name: 'Help desk', projectTypeKey: 'service_desk' },
      reporter: { accountId: PORTAL_ONLY, accountType: 'customer', displayName: 'Ann' },
    },
  },
  associatedUsers: [{ accountId: PORTAL_ONLY }],
};
const confluenceUserCreated = {
  eventType: 'avi:confluence:created:user',
  eventCreatedDate: '2026-11-23T12:00:00.000Z',
  user: {
    type: 'known',
    username: ACCOUNT,
    accountId: ACCOUNT,
    accountType: 'atlassian',
    email: ACCOUNT,
    profilePicture: { path: '/wiki/aa-avatar/x', width: 48, height: 48, isDefault: true },
    displayName: ACCOUNT,
    publicName: ACCOUNT,
    isExternalCollaborator: true,
  },
};
const spacePermissionsUpdated = {
  eventType: 'avi:confluence:permissions_updated:space:V2',
  atlassianId: ACCOUNT,
  eventCreatedDate: '2026-11-23T12:00:00.000Z',
  space: {
    id: 65538,
    key: 'KB',
    alias: 'KB',
    name: 'Knowledge base',
    type: 'global',
    icon: { path: '/wiki/icon', width: 48, height: 48 },
    status: 'current',
    history: { createdDate: '2026-01-01T00:00:00.000Z' },
  },
};

const hostileJson = (json: string): unknown => JSON.parse(json) as unknown;
const nested = (levels: number): unknown => {
  let value: unknown = { accountId: ACCOUNT };
  for (let i = 0; i < levels; i += 1) value = { next: value };
  return value;
};

describe.each([
  ['JiraUserEventSchema', JiraUserEventSchema, [jiraUserCreated, jiraUserUpdatedPortalOnly]],
  ['IssueCreatedEventSchema', IssueCreatedEventSchema, [issueCreated]],
  ['ConfluenceUserCreatedEventSchema', ConfluenceUserCreatedEventSchema, [confluenceUserCreated]],
  ['SpacePermissionsUpdatedEventSchema', SpacePermissionsUpdatedEventSchema, [spacePermissionsUpdated]],
] as const)('%s', (_name, schema, documented) => {
  it.each(documented.map((event, i) => [i, event] as const))('parses documented example %i', (_i, event) => {
    const parsed = parseInput(schema, event, 'event');
    expect(parsed.ok ? [] : parsed.error.issues).toEqual([]);
  });

  const base = documented[0] as unknown as Record<string, unknown>;
  const hostile: [string, unknown, string][] = [
    ['not an object', 'avi:jira:created:user', ''],
    ['null', null, ''],
    ['wrong event type', { ...base, eventType: 'avi:jira:deleted:user' }, 'eventType'],
    [
      '__proto__ key at the top',
      hostileJson(`{"__proto__":{"polluted":true},${JSON.stringify(base).slice(1)}`),
      '__proto__',
    ],
    [
      'constructor key nested',
      { ...base, extra: { constructor: { prototype: { polluted: true } } } },
      'extra.constructor',
    ],
    ['absurd nesting', { ...base, deep: nested(40) }, 'deep'],
  ];
  it.each(hostile)('rejects %s with INPUT.INVALID', (_label, event, pathPrefix) => {
    const parsed = parseInput(schema, event, 'event');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.code).toBe('INPUT.INVALID');
    expect(parsed.error.issues?.length).toBeGreaterThan(0);
    expect(parsed.error.issues?.some((issue) => issue.path.startsWith(pathPrefix))).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('missing ids and wrong types are refused', () => {
  it.each([
    [
      'Jira user without accountId',
      JiraUserEventSchema,
      { eventType: 'avi:jira:created:user', user: { accountType: 'atlassian' } },
      'user.accountId',
    ],
    [
      'Jira user with numeric accountId',
      JiraUserEventSchema,
      { eventType: 'avi:jira:updated:user', user: { accountId: 42 } },
      'user.accountId',
    ],
    [
      'Jira user with a path in accountId',
      JiraUserEventSchema,
      { eventType: 'avi:jira:updated:user', user: { accountId: '../admin' } },
      'user.accountId',
    ],
    [
      'issue without project key',
      IssueCreatedEventSchema,
      { ...issueCreated, issue: { ...issueCreated.issue, fields: { project: { id: '1' } } } },
      'issue.fields.project.key',
    ],
    [
      'Confluence user without accountId',
      ConfluenceUserCreatedEventSchema,
      { eventType: 'avi:confluence:created:user', user: { email: 'x' } },
      'user.accountId',
    ],
    [
      'guest flag as a string',
      ConfluenceUserCreatedEventSchema,
      { ...confluenceUserCreated, user: { ...confluenceUserCreated.user, isExternalCollaborator: 'yes' } },
      'user.isExternalCollaborator',
    ],
    [
      'space without key',
      SpacePermissionsUpdatedEventSchema,
      { ...spacePermissionsUpdated, space: { id: 1 } },
      'space.key',
    ],
    [
      'space id as an object',
      SpacePermissionsUpdatedEventSchema,
      { ...spacePermissionsUpdated, space: { id: { $gt: 0 }, key: 'KB' } },
      'space.id',
    ],
  ] as const)('%s', (_label, schema, event, path) => {
    const parsed = parseInput(schema, event, 'event');
    expect(parsed.ok ? [] : parsed.error.issues?.map((i) => i.path)).toContain(path);
  });
});

describe('what parsing keeps', () => {
  it("drops the Confluence user event's PII fields, which hold the accountId rather than real values", () => {
    const parsed = parseInput(ConfluenceUserCreatedEventSchema, confluenceUserCreated, 'event');
    expect(parsed.ok && parsed.value.user).toEqual({
      accountId: ACCOUNT,
      accountType: 'atlassian',
      isExternalCollaborator: true,
    });
  });

  it('normalises a numeric space id to a string', () => {
    const parsed = parseInput(SpacePermissionsUpdatedEventSchema, spacePermissionsUpdated, 'event');
    expect(parsed.ok && parsed.value.space.id).toBe('65538');
  });
});

const silentLog = (): Logger => ({ info: jest.fn(), warn: jest.fn(), error: jest.fn() });

const fakeDeps = (push: Deps['queue']['push'] = () => Promise.resolve({ jobId: 'job-1' })) => {
  const pushed: JobBody[][] = [];
  const deps: Deps = {
    queue: {
      push: (jobs) => {
        pushed.push(jobs.map((job) => job.body));
        return push(jobs);
      },
    },
    log: silentLog(),
    now: () => NOW,
  };
  return { deps, pushed };
};

describe('trigger handlers', () => {
  it.each([
    [
      'on-jira-user-changed',
      handleJiraUserChanged,
      jiraUserCreated,
      { accountId: ACCOUNT, reason: 'jira-user-created' },
    ],
    [
      'on-jira-user-changed (portal-only)',
      handleJiraUserChanged,
      jiraUserUpdatedPortalOnly,
      { accountId: PORTAL_ONLY, reason: 'jira-user-updated' },
    ],
    [
      'on-request-created',
      handleRequestCreated,
      issueCreated,
      { accountId: PORTAL_ONLY, reason: 'request-created' },
    ],
    [
      'on-conf-user-created',
      handleConfluenceUserCreated,
      confluenceUserCreated,
      { accountId: ACCOUNT, reason: 'confluence-user-created' },
    ],
  ] as const)(
    '%s enqueues one valid, deduplicable reconcile-person job',
    async (_name, handle, event, expected) => {
      const { deps, pushed } = fakeDeps();
      await expect(handle(event, deps)).resolves.toEqual({ status: 'enqueued', jobId: 'job-1', jobs: 1 });
      expect(pushed).toHaveLength(1);
      const [job] = pushed[0] ?? [];
      expect(JobBodySchema.safeParse(job).success).toBe(true);
      expect(job).toMatchObject({ kind: 'reconcile-person', ...expected, requestedAt: NOW });
      expect(job && 'dedupeKey' in job && job.dedupeKey).toBe(
        `reconcile-person:account:${expected.accountId}`,
      );
    },
  );

  it('on-space-perms-updated enqueues a refresh-space job keyed by the space', async () => {
    const { deps, pushed } = fakeDeps();
    await handleSpacePermissionsUpdated(spacePermissionsUpdated, deps);
    const job = pushed[0]?.[0];
    expect(JobBodySchema.safeParse(job).success).toBe(true);
    expect(job).toMatchObject({ kind: 'refresh-space', spaceId: '65538', spaceKey: 'KB' });
  });

  it('the same event twice yields the same dedupe key (replays collapse in the consumer)', async () => {
    const { deps, pushed } = fakeDeps();
    await handleJiraUserChanged(jiraUserCreated, deps);
    await handleJiraUserChanged({ ...jiraUserCreated, eventType: 'avi:jira:updated:user' }, deps);
    const keys = pushed.flat().map((job) => ('dedupeKey' in job ? job.dedupeKey : null));
    expect(new Set(keys).size).toBe(1);
  });

  it.each([
    [
      'app account',
      handleJiraUserChanged,
      { ...jiraUserCreated, user: { ...jiraUserCreated.user, accountType: 'app' } },
    ],
    [
      'non-service project',
      handleRequestCreated,
      {
        ...issueCreated,
        issue: {
          ...issueCreated.issue,
          fields: {
            ...issueCreated.issue.fields,
            project: { id: '1', key: 'DEV', projectTypeKey: 'software' },
          },
        },
      },
    ],
    [
      'issue without reporter',
      handleRequestCreated,
      {
        ...issueCreated,
        issue: { ...issueCreated.issue, fields: { ...issueCreated.issue.fields, reporter: null } },
      },
    ],
    [
      'self-generated Confluence event',
      handleConfluenceUserCreated,
      { ...confluenceUserCreated, selfGenerated: true },
    ],
    [
      'self-generated space event',
      handleSpacePermissionsUpdated,
      { ...spacePermissionsUpdated, selfGenerated: true },
    ],
  ] as const)('ignores %s without enqueueing', async (_label, handle, event) => {
    const { deps, pushed } = fakeDeps();
    await expect(handle(event, deps)).resolves.toMatchObject({ status: 'ignored' });
    expect(pushed).toHaveLength(0);
  });

  it('rejects a hostile event with a typed error and enqueues nothing', async () => {
    const { deps, pushed } = fakeDeps();
    const outcome = await handleJiraUserChanged(
      hostileJson(
        `{"eventType":"avi:jira:created:user","user":{"accountId":"${ACCOUNT}","__proto__":{"x":1}}}`,
      ),
      deps,
    );
    expect(outcome).toMatchObject({ status: 'rejected', error: { code: 'INPUT.INVALID' } });
    expect(pushed).toHaveLength(0);
  });

  it('asks Forge to retry (an InvocationError) when the queue is rate limited', async () => {
    const { deps } = fakeDeps(() => Promise.reject(new QueueRateLimitedError('reconcile')));
    const outcome = await handleRequestCreated(issueCreated, deps);
    // The shape Forge reads from a returned InvocationError (its toJSON form).
    expect(outcome).toEqual({
      _retry: true,
      retryOptions: { retryAfter: 60, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED' },
    });
  });

  it('asks Forge to retry when a push fails for any other reason', async () => {
    const { deps } = fakeDeps(() => Promise.reject(new Error('boom')));
    const outcome = await handleConfluenceUserCreated(confluenceUserCreated, deps);
    expect(outcome).toEqual({
      _retry: true,
      retryOptions: { retryAfter: 30, retryReason: 'FUNCTION_RETRY_REQUEST' },
    });
  });
});

describe('scheduled invocations', () => {
  const SITE = 'a436116f-02ce-4520-8fbb-7301462a1674';
  const installContext = `ari:cloud:jira::site/${SITE}`;

  it('takes cloudId from the request\'s context (Scheduled triggers, "Request")', () => {
    expect(
      parseScheduledInvocation(
        { context: { cloudId: SITE, moduleKey: 'scan-every-hour' }, contextToken: 'opaque' },
        { installContext, principal: undefined },
      ),
    ).toEqual({ ok: true, value: { cloudId: SITE, moduleKey: 'scan-every-hour' } });
  });

  it("falls back to the cloud id in the context's installContext ARI", () => {
    const parsed = parseScheduledInvocation({}, { installContext });
    expect(parsed).toEqual({ ok: true, value: { cloudId: SITE, moduleKey: null } });
  });

  it.each([
    ['no site anywhere', {}, {}, 'installContext'],
    [
      'a cloudId in the context argument only (Forge passes none there)',
      {},
      { cloudId: 'c1' },
      'installContext',
    ],
    ['a cloudId with a path', { context: { cloudId: '../etc' } }, { installContext }, 'context.cloudId'],
    [
      'an installContext that is no site ARI',
      {},
      { installContext: 'ari:cloud:jira::site/../etc' },
      'installContext',
    ],
    [
      '__proto__ in the context',
      {},
      hostileJson(`{"installContext":"${installContext}","__proto__":{"x":1}}`),
      '__proto__',
    ],
  ])('rejects %s', (_label, event, context, path) => {
    const parsed = parseScheduledInvocation(event, context);
    expect(parsed.ok ? [] : parsed.error.issues?.map((i) => i.path)).toContain(path);
  });

  it('watch and scan answer 500 for a fault of a valid invocation instead of throwing (no site is reachable here)', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(watch({}, { installContext })).resolves.toEqual({ statusCode: 500 });
    await expect(scan({}, { installContext })).resolves.toEqual({ statusCode: 500 });
  });

  it('watch and scan answer 500 for an invalid invocation without throwing (scheduled runs are not retried)', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(watch({}, {})).resolves.toEqual({ statusCode: 500 });
    await expect(scan({}, { installContext: 'bad id' })).resolves.toEqual({ statusCode: 500 });
  });
});

describe('queue consumer', () => {
  const job = {
    kind: 'reconcile-person',
    schemaVersion: 1,
    accountId: ACCOUNT,
    reason: 'jira-user-created',
    dedupeKey: `reconcile-person:account:${ACCOUNT}`,
    requestedAt: NOW,
  };
  const asyncEvent = {
    body: job,
    queueName: 'reconcile',
    jobId: 'j1',
    eventId: 'e1',
    retryContext: { retryCount: 1, retryReason: 'FUNCTION_RETRY_REQUEST', retryData: {} },
  };

  it('parses a documented AsyncEvent and needs the invocation context for the installation', async () => {
    await expect(handleReconcileJob(asyncEvent, silentLog())).resolves.toEqual({
      status: 'dropped',
      reason: 'no cloudId',
    });
    // Forge passes consumers no cloudId (Function Arguments, "Context Schema"): one there names no site.
    await expect(
      handleReconcileJob(asyncEvent, silentLog(), undefined, {
        cloudId: 'c1',
        moduleKey: 'reconcile-consumer',
      }),
    ).resolves.toEqual({ status: 'dropped', reason: 'no cloudId' });
  });

  it.each([
    [
      'a body with both accountId and emailKey',
      { ...asyncEvent, body: { ...job, emailKey: 'ann@example.com' } },
    ],
    ['an unknown job kind', { ...asyncEvent, body: { ...job, kind: 'drop-tables' } }],
    ['a body with an unknown key', { ...asyncEvent, body: { ...job, extra: 1 } }],
    ['a missing eventId', { ...asyncEvent, eventId: undefined }],
    [
      'a __proto__ key in the body',
      hostileJson(`{"body":{"__proto__":{"x":1}},"queueName":"reconcile","jobId":"j","eventId":"e"}`),
    ],
    ['another queue', { ...asyncEvent, queueName: 'other' }],
  ])('drops %s as a poison message instead of retrying it', async (_label, event) => {
    await expect(handleReconcileJob(event, silentLog())).resolves.toMatchObject({ status: 'dropped' });
  });
});
