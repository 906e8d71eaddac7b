/**
 * Bad input, product events, schedules and the queue consumer (issue 8 item 4, docs/reliability.md §4).
 * FUZZ_RUNS seeded cases per handler: almost-valid mutations of valid Forge payloads (shapes from
 * forge-platform.md §1.2 and src/handlers/*.schema.ts), arbitrary junk, hostile strings, wrong types,
 * prototype-pollution keys and over-deep nesting.
 *
 * Product-event triggers: object payloads are delivered through the full local runtime
 * (`deliverProductEvent`: the manifest's trigger, the real handler, the real deduplicated queue over the KVS
 * and queue emulators; triggers never call the site); non-object payloads, which Forge cannot deliver, go to
 * the exported handler directly. Every case returns a typed outcome (enqueued, merged, ignored, rejected, or
 * an InvocationError retry request); a rejected or ignored event made no KVS request and pushed no job; an
 * enqueued one pushed exactly one job, for the account or space named in the event; and no log line of a
 * case holds an email address.
 *
 * Schedules (`watch`, `scan`) and the consumer (`reconcile-worker`): the bulk calls the handler with a
 * services factory that records which installation it was asked for and fails (a fault the handler must
 * turn into a retry), so the parse gate is tested without running a use case per case: an invalid
 * invocation is dropped without building services; a valid one builds them for the context's cloudId only.
 * A smaller set of valid consumer jobs then runs end to end against the emulated demo site.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { DEMO_IDS, DEMO_SPACES } from '../../local/atlassian-site/scenarios/demo';
import { EMAIL_PATTERN } from '../../scripts/scan-logs';
import { handleReconcileJob } from '../../src/handlers/reconcile-worker';
import { JobBodySchema } from '../../src/handlers/jobs.schema';
import { handleScan } from '../../src/handlers/scan';
import { CloudIdSchema } from '../../src/handlers/scheduled.schema';
import { handleWatch } from '../../src/handlers/watch';
import { onConfUserCreated, onJiraUserChanged, onRequestCreated, onSpacePermsUpdated } from '../../src/index';
import { appServices, operationLogger, type Services } from '../../src/wiring';
import type { Harness } from '../e2e/journeys/harness';
import { badInput, FUZZ_RUNS, junk } from './support/part-b-arbitraries';
import { startFuzzHarness } from './support/part-b-harness';
import { captureLogs } from './support/part-b-logs';

jest.setTimeout(600_000);

/** An email anywhere in a log line fails the case (log-path-echo.test.ts: the bug this suite found, fixed). */
const EMAIL = new RegExp(EMAIL_PATTERN.source); // not global: .test() must not keep a lastIndex
const logs = captureLogs({ forward: false });
const E2E_JOBS = process.env.RELIABILITY_LONG === '1' ? 140 : 14;
let h: Harness | undefined;
let kvsRequests = 0;
/**
 * A fresh runtime and demo site per test: the runtime keeps every delivery and queue event, and 10,000
 * junk payloads held by one runtime slow every later test down (garbage collection).
 */
async function fresh(): Promise<Harness> {
  await h?.close();
  h = await startFuzzHarness();
  const kvs = h.runtime.kvs;
  const handle = kvs.handle.bind(kvs);
  kvs.handle = (p, body) => {
    kvsRequests += 1;
    return handle(p, body);
  };
  return h;
}
beforeAll(() => {
  logs.take(); // start keeping per-case lines
});
afterAll(() => h?.close());

const summary: string[] = [];
afterAll(() => {
  const text = `[fuzz-handlers] runs per handler ${FUZZ_RUNS}\n${summary.join('\n')}`;
  logs.write(text);
  logs.flush();
  process.stdout.write(`\n${text}\n`);
});

const check = (condition: boolean, what: string): void => {
  if (!condition) throw new Error(what);
};
const noEmailLogged = (): void => {
  const withEmail = logs.take().filter((line) => EMAIL.test(line));
  check(withEmail.length === 0, `a log line holds an email address (${withEmail.length} line(s))`);
};

// ---------- product-event triggers ----------

const RetrySchema = z.object({ _retry: z.literal(true) }).loose();
const TriggerOutcomeSchema = z.union([
  z.object({ status: z.literal('enqueued'), jobId: z.string().min(1), jobs: z.literal(1) }),
  z.object({ status: z.literal('merged'), jobs: z.literal(1) }),
  z.object({ status: z.literal('ignored'), reason: z.string() }),
  z.object({
    status: z.literal('rejected'),
    error: z.object({ code: z.literal('INPUT.INVALID'), message: z.string() }).loose(),
  }),
  RetrySchema,
]);

const jiraUser = {
  eventType: 'avi:jira:created:user',
  user: {
    accountId: DEMO_IDS.judy,
    accountType: 'atlassian',
    active: true,
    emailAddress: 'judy.fuzz@example.com',
    groups: { size: 1, items: [{ name: 'jira-servicemanagement-customers-acme', groupId: 'g-1' }] },
    applicationRoles: { size: 1, items: [{ key: 'jira-servicedesk' }] },
  },
};
const issueCreated = {
  eventType: 'avi:jira:created:issue',
  atlassianId: DEMO_IDS.carol,
  issue: {
    id: '10100',
    key: 'ITH-42',
    fields: {
      project: { id: '10001', key: 'ITH', projectTypeKey: 'service_desk' },
      reporter: { accountId: DEMO_IDS.liam, accountType: 'customer' },
    },
  },
};
const confUser = {
  eventType: 'avi:confluence:created:user',
  eventCreatedDate: '2026-01-05T10:00:00.000Z',
  user: {
    accountId: DEMO_IDS.graceGuest,
    accountType: 'atlassian',
    isExternalCollaborator: true,
    // Confluence puts the account id into its PII fields (forge-platform.md §1.2).
    email: DEMO_IDS.graceGuest,
    displayName: DEMO_IDS.graceGuest,
  },
};
const spacePerms = {
  eventType: 'avi:confluence:permissions_updated:space:V2',
  atlassianId: DEMO_IDS.frank,
  eventCreatedDate: '2026-01-05T10:00:00.000Z',
  space: { id: Number(DEMO_SPACES.eng), key: 'ENG', name: 'Engineering', type: 'global', status: 'current' },
};

interface TriggerCase {
  readonly functionKey: string;
  readonly direct: (event: unknown) => Promise<unknown>;
  readonly samples: readonly Record<string, unknown>[];
  /** What the one enqueued job must be about, read from the event. */
  readonly subject: (event: Record<string, unknown>) => string | undefined;
}

const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
    value,
  );

const TRIGGERS: readonly TriggerCase[] = [
  {
    functionKey: 'on-jira-user-changed',
    direct: onJiraUserChanged,
    samples: [jiraUser, { eventType: 'avi:jira:updated:user', user: { accountId: DEMO_IDS.olivia } }],
    subject: (e) => String(at(e, 'user', 'accountId')),
  },
  {
    functionKey: 'on-request-created',
    direct: onRequestCreated,
    samples: [issueCreated],
    subject: (e) => String(at(e, 'issue', 'fields', 'reporter', 'accountId')),
  },
  {
    functionKey: 'on-conf-user-created',
    direct: onConfUserCreated,
    samples: [confUser],
    subject: (e) => String(at(e, 'user', 'accountId')),
  },
  {
    functionKey: 'on-space-perms-updated',
    direct: onSpacePermsUpdated,
    samples: [spacePerms],
    subject: (e) => String(at(e, 'space', 'key')),
  },
];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

it.each(TRIGGERS.map((t, i) => [t.functionKey, t, i] as const))(
  '%s: typed outcome, nothing stored from invalid events, one job for valid ones, no email logged',
  async (_key, trigger, index) => {
    const h = await fresh();
    const counts: Record<string, number> = { direct: 0 };
    const started = performance.now();
    const eventType = String(trigger.samples[0]?.eventType);
    await fc.assert(
      fc.asyncProperty(badInput(trigger.samples), async (input) => {
        const kvsBefore = kvsRequests;
        const queueBefore = h.runtime.queue.all().length;
        let value: unknown;
        let delivered: Record<string, unknown> | undefined;
        if (isRecord(input)) {
          // Forge delivers objects; the runtime routes by eventType (a subscribed one) and adds `context`.
          const { eventType: given, ...payload } = input;
          const type = trigger.samples.some((s) => s.eventType === given) ? String(given) : eventType;
          const results = await h.runtime.deliverProductEvent({ eventType: type, payload });
          const mine = results.filter((r) => r.record.functionKey === trigger.functionKey);
          if (mine.length === 0 && payload.selfGenerated === true) {
            // The manifest's `ignoreSelf` filter: the platform drops the app's own events undelivered.
            counts['ignored-self'] = (counts['ignored-self'] ?? 0) + 1;
            check(
              kvsRequests === kvsBefore && h.runtime.queue.all().length === queueBefore,
              'ignored-self stored',
            );
            return;
          }
          check(mine.length === 1, `expected one delivery to ${trigger.functionKey}, got ${mine.length}`);
          const result = mine[0];
          if (!result?.ok) throw new Error(`trigger threw: ${result?.error.name}: ${result?.error.message}`);
          value = result.value;
          delivered = { ...payload, eventType: type };
        } else {
          counts.direct = (counts.direct ?? 0) + 1;
          value = await trigger.direct(input);
        }
        const outcome = TriggerOutcomeSchema.parse(value);
        const status = 'status' in outcome ? String(outcome.status) : 'retry';
        counts[status] = (counts[status] ?? 0) + 1;
        const pushed = h.runtime.queue.all().slice(queueBefore);
        if (status === 'rejected' || status === 'ignored') {
          check(kvsRequests === kvsBefore, `a ${status} event reached the KVS`);
          check(pushed.length === 0, `a ${status} event pushed a job`);
        } else if (status === 'enqueued') {
          check(pushed.length === 1, `an enqueued event pushed ${pushed.length} jobs`);
          const parsedBody = JobBodySchema.safeParse(pushed[0]?.body);
          // trigger-poison-job.test.ts: an accepted event enqueues only jobs the consumer accepts.
          check(parsedBody.success, 'an enqueued job the consumer schema rejects');
          if (!parsedBody.success) return;
          const body = parsedBody.data;
          const subject = 'accountId' in body ? body.accountId : 'spaceKey' in body ? body.spaceKey : null;
          check(
            delivered !== undefined && subject === trigger.subject(delivered),
            'job is about another subject',
          );
        } else {
          check(pushed.length === 0, `a ${status} event pushed a job`);
        }
        noEmailLogged();
      }),
      { numRuns: FUZZ_RUNS, seed: 8_200 + index, endOnFailure: true },
    );
    const ms = Math.round(performance.now() - started);
    summary.push(`  ${trigger.functionKey}: ${FUZZ_RUNS} cases ${JSON.stringify(counts)} ${ms} ms`);
    expect(counts.rejected ?? 0).toBeGreaterThan(FUZZ_RUNS / 2);
    expect((counts.enqueued ?? 0) + (counts.merged ?? 0)).toBeGreaterThan(0);
  },
);

// ---------- schedules and the consumer: the parse gate ----------

const CLOUD_ID = 'a8c5e2f1-3b7d-4e9a-9c21-0d4f6b8e2a17';

/**
 * A services factory that records the installation asked for and hands out services whose every port
 * fails on first use, as an unreachable store would: the handler must turn that into a retry.
 */
const probe = () => {
  const asked: string[] = [];
  const failing = new Proxy({} as Services, {
    get: () => {
      throw new Error('services unavailable (fuzz probe)');
    },
  });
  return {
    asked,
    servicesFor: (cloudId: string): Services => {
      asked.push(cloudId);
      return failing;
    },
  };
};

const JobOutcomeSchema = z.union([
  z.object({ status: z.literal('done'), kind: z.string() }),
  z.object({ status: z.literal('dropped'), reason: z.string() }),
  z.object({ status: z.literal('failed'), code: z.string() }),
  RetrySchema,
]);

/** The site a function context names: the cloud id at the end of its installContext ARI. */
const siteOf = (context: unknown): string | undefined => {
  const ari = at(context, 'installContext');
  return typeof ari === 'string' ? ari.slice(ari.lastIndexOf('/') + 1) : undefined;
};

/** The cloudId a scheduled handler must use: the request's `context.cloudId`, else the installContext's. */
const expectedCloudId = (event: unknown, context: unknown): string | undefined =>
  // Only reached for accepted invocations, where both are strings when present.
  (at(event, 'context', 'cloudId') as string | undefined) ?? siteOf(context);

const INSTALL_CONTEXT = `ari:cloud:jira::site/${CLOUD_ID}`;
const scheduledContexts = [
  { installContext: INSTALL_CONTEXT },
  { installContext: INSTALL_CONTEXT, principal: undefined },
];
const scheduledEvents = [
  {},
  { context: { cloudId: CLOUD_ID, moduleKey: 'scan-every-hour' }, contextToken: 'opaque-token' },
];

it.each([
  ['watch', handleWatch, 0],
  ['scan', handleScan, 1],
] as const)(
  '%s: an invalid invocation is dropped before any service is built',
  async (kind, handle, index) => {
    const counts: Record<string, number> = {};
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(badInput(scheduledEvents), junk),
        fc.oneof(badInput(scheduledContexts), junk),
        async (event, context) => {
          const p = probe();
          const outcome = JobOutcomeSchema.parse(await handle(event, context, p.servicesFor));
          const status = 'status' in outcome ? String(outcome.status) : 'retry';
          counts[status] = (counts[status] ?? 0) + 1;
          if (status === 'dropped') check(p.asked.length === 0, 'a dropped invocation built services');
          else {
            check(status === 'retry', `a failing service must give a retry, got ${status}`);
            check(p.asked.length === 1, `services built ${p.asked.length} times`);
            check(p.asked[0] === expectedCloudId(event, context), 'services for another installation');
            check(CloudIdSchema.safeParse(p.asked[0]).success, 'services for an invalid cloudId');
          }
          noEmailLogged();
        },
      ),
      { numRuns: FUZZ_RUNS, seed: 8_300 + index, endOnFailure: true },
    );
    summary.push(
      `  ${kind}: ${FUZZ_RUNS} cases ${JSON.stringify(counts)} ${Math.round(performance.now() - started)} ms`,
    );
    expect(counts.dropped ?? 0).toBeGreaterThan(FUZZ_RUNS / 4);
    expect(counts.retry ?? 0).toBeGreaterThan(FUZZ_RUNS / 100);
  },
);

const asyncEvent = (body: Record<string, unknown>, n: number) => ({
  body,
  queueName: 'reconcile',
  jobId: `job-${n}`,
  eventId: `event-${n}`,
});
const JOBS: Record<string, unknown>[] = [
  {
    kind: 'reconcile-person',
    schemaVersion: 1,
    reason: 'jira-user-created',
    dedupeKey: `reconcile-person:account:${DEMO_IDS.judy}`,
    requestedAt: 1_767_600_000_000,
    accountId: DEMO_IDS.judy,
  },
  {
    kind: 'reconcile-person',
    schemaVersion: 1,
    reason: 'request-created',
    dedupeKey: `reconcile-person:account:${DEMO_IDS.liam}`,
    requestedAt: 1_767_600_000_000,
    accountId: DEMO_IDS.liam,
    reportedInProjectId: '10001',
    hints: { reporterOnDeskIds: ['1'] },
  },
  {
    kind: 'reconcile-person',
    schemaVersion: 1,
    reason: 'admin-recheck',
    dedupeKey: 'reconcile-person:email:grace',
    requestedAt: 1_767_600_000_000,
    emailKey: 'grace.lee@example.com',
  },
  {
    kind: 'refresh-space',
    schemaVersion: 1,
    spaceId: DEMO_SPACES.eng,
    spaceKey: 'ENG',
    dedupeKey: 'refresh-space:ENG',
    requestedAt: 1_767_600_000_000,
  },
  { kind: 'scan-page', schemaVersion: 1, scanId: 'scan-1', dedupeKey: null, requestedAt: 1_767_600_000_000 },
  {
    kind: 'watch-follow-up',
    schemaVersion: 1,
    source: 'desk:1:customers',
    observedTotal: 5,
    dedupeKey: 'watch-follow-up:desk-1',
    requestedAt: 1_767_600_000_000,
  },
];
const consumerContexts = [{ installContext: INSTALL_CONTEXT }];

it('reconcile-worker: a poison message is dropped before any service is built', async () => {
  const counts: Record<string, number> = {};
  const started = performance.now();
  const log = operationLogger('reconcile-worker');
  await fc.assert(
    fc.asyncProperty(
      badInput(JOBS.map((j, i) => asyncEvent(j, i))),
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...consumerContexts) },
        { weight: 1, arbitrary: junk },
      ),
      async (event, context) => {
        const p = probe();
        const outcome = JobOutcomeSchema.parse(await handleReconcileJob(event, log, p.servicesFor, context));
        const status = 'status' in outcome ? String(outcome.status) : 'retry';
        counts[status] = (counts[status] ?? 0) + 1;
        if (status === 'dropped') check(p.asked.length === 0, 'a dropped message built services');
        else {
          check(status === 'retry', `a failing service must give a retry, got ${status}`);
          check(p.asked.length === 1 && p.asked[0] === siteOf(context), 'services for another installation');
          check(JobBodySchema.safeParse(at(event, 'body')).success, 'a job no schema accepts got services');
        }
        noEmailLogged();
      },
    ),
    { numRuns: FUZZ_RUNS, seed: 8_400, endOnFailure: true },
  );
  summary.push(
    `  reconcile-worker: ${FUZZ_RUNS} cases ${JSON.stringify(counts)} ${Math.round(performance.now() - started)} ms`,
  );
  expect(counts.dropped ?? 0).toBeGreaterThan(FUZZ_RUNS / 2);
  expect(counts.retry ?? 0).toBeGreaterThan(FUZZ_RUNS / 100);
});

it('reconcile-worker: valid jobs with hostile field values run end to end to a typed outcome', async () => {
  const h = await fresh();
  const counts: Record<string, number> = {};
  const log = operationLogger('reconcile-worker');
  const started = performance.now();
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...JOBS), fc.string({ maxLength: 30 }), async (job, text) => {
      n += 1;
      // Same kind, a fresh id or text where the schema allows any: the job still parses and runs for real.
      const body: Record<string, unknown> = {
        ...job,
        ...('planId' in job ? { planId: `plan-${n}` } : {}),
        ...('scanId' in job ? { scanId: `scan-${n}` } : {}),
      };
      if ('source' in body)
        body.source = `desk:${text.length}:${text.replace(/\s/g, '') || 'x'}`.slice(0, 500);
      const event = asyncEvent(body, n);
      // The site's burst buckets refill on the virtual clock, which this suite does not move.
      h.site.governor.resetAll?.call(h.site.governor);
      const outcome = JobOutcomeSchema.parse(
        await handleReconcileJob(event, log, appServices, { installContext: INSTALL_CONTEXT }),
      );
      const status = 'status' in outcome ? String(outcome.status) : 'retry';
      counts[`${String(body.kind)}:${status}`] = (counts[`${String(body.kind)}:${status}`] ?? 0) + 1;
      noEmailLogged();
    }),
    { numRuns: E2E_JOBS, seed: 8_500, endOnFailure: true },
  );
  summary.push(
    `  reconcile-worker end to end: ${E2E_JOBS} jobs ${JSON.stringify(counts)} ${Math.round(performance.now() - started)} ms`,
  );
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(E2E_JOBS);
});
