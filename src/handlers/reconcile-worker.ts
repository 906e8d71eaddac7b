/**
 * Consumer of the `reconcile` queue (the only function allowed 900 s). Every delivery is parsed first: a
 * body no schema accepts is a poison message, logged and dropped rather than retried for 24 hours. Then the
 * job's dedupe marker is released (a later event enqueues a fresh job) and the job runs. Every job is
 * idempotent: reconcile replaces a person's findings, the scan moves its cursor by compare-and-set,
 * follow-ups enqueue deduplicated jobs. Plans are applied only in the plan/apply resolver, as the clicking
 * admin (there is no apply-plan job: it ran as a site admin and nothing enqueued it). The site is the one named
 * by the invocation context's `installContext` (Forge passes consumers no `cloudId`; function-context.schema.ts).
 */
import type { ReconcileHints } from '../core/ports';
import { followUpSource, reconcilePerson, watchTick } from '../core/use-cases';
import { noteSpacePermissionsChanged } from '../core/use-cases/reconcile/guest-space-cache';
import type { EmailKey } from '../core/model';
import type { Result } from '../core/result';
import type { DomainError } from '../core/errors';
import {
  appServices,
  operationLogger,
  RECONCILE_QUEUE_KEY,
  remainingTimeMs,
  type Logger,
  type Services,
  type WorkClass,
} from '../wiring';
import { outcomeOfError, outcomeOfFault, type JobOutcome } from './job-outcome';
import type { JobBody, ReconcilePersonJob } from './jobs.schema';
import { parseInput, shownSegment } from './parse';
import { ReconcileAsyncEventSchema } from './reconcile-worker.schema';
import { parseConsumerSite } from './scheduled.schema';
import { scanTick } from './scan-tick';

export type WorkerOutcome = JobOutcome;

/** The consumer's own limit is 900 s; a job stops starting scan steps this long before it. */
const SCAN_JOB_LIMIT_MS = 840_000;

const hintsOf = async (job: ReconcilePersonJob, services: Services): Promise<ReconcileHints | undefined> => {
  const reporterOn = [...(job.hints?.reporterOnDeskIds ?? [])];
  if (job.reportedInProjectId !== undefined) {
    const snapshot = await services.siteSnapshots.get();
    for (const desk of snapshot?.desks ?? [])
      if (desk.projectId === job.reportedInProjectId) reporterOn.push(desk.id);
  }
  const customerOf = job.hints?.customerOfDeskIds ?? [];
  if (reporterOn.length === 0 && customerOf.length === 0) return undefined;
  return {
    ...(reporterOn.length > 0 ? { reporterOnDeskIds: [...new Set(reporterOn)] } : {}),
    ...(customerOf.length > 0 ? { customerOfDeskIds: [...customerOf] } : {}),
  };
};

const settled = <T>(result: Result<T, DomainError>, kind: string, now: number, log: Logger): JobOutcome =>
  result.ok ? { status: 'done', kind } : outcomeOfError(result.error, kind, now, log);

const run = async (body: JobBody, services: Services, log: Logger): Promise<JobOutcome> => {
  const now = services.clock.now();
  switch (body.kind) {
    case 'reconcile-person': {
      const hints = await hintsOf(body, services);
      const result = await reconcilePerson(services, {
        target:
          'accountId' in body ? { accountId: body.accountId } : { personKey: body.emailKey as EmailKey },
        reason: body.reason,
        now,
        ...(hints === undefined ? {} : { hints }),
      });
      if (result.ok) {
        log.info('person reconciled', {
          findings: result.value.findings.length,
          autoFixSteps: result.value.applied.length,
          pointsUsed: result.value.pointsUsed,
        });
      }
      return settled(result, body.kind, now, log);
    }
    case 'refresh-space':
      // The event names the space only: it is marked changed in the guest → space cache (again: the
      // trigger marked it at delivery, this covers events merged into this job), then the watch's totals
      // show whether its guests changed, and any change is followed up like any other list (KB access flags
      // are re-read by the scan).
      await noteSpacePermissionsChanged(services, { spaceKey: body.spaceKey, at: now });
      return settled(await watchTick(services, { now }), body.kind, now, log);
    case 'watch-follow-up':
      return settled(
        await followUpSource(services, { source: body.source, observedTotal: body.observedTotal, now }),
        body.kind,
        now,
        log,
      );
    case 'scan-page': {
      const remaining = remainingTimeMs() ?? SCAN_JOB_LIMIT_MS;
      return scanTick(services, log, {
        now,
        timeLeftMs: Math.min(remaining, SCAN_JOB_LIMIT_MS),
        scanId: body.scanId,
      });
    }
  }
};

export const handleReconcileJob = async (
  event: unknown,
  log: Logger,
  servicesFor: (cloudId: string, work?: WorkClass) => Services = appServices,
  context?: unknown,
): Promise<WorkerOutcome> => {
  const parsed = parseInput(ReconcileAsyncEventSchema, event, 'reconcile queue event');
  if (!parsed.ok) {
    log.error('poison message dropped', {
      issues: parsed.error.issues?.length ?? 0,
      firstPath: parsed.error.issues?.[0]?.path ?? null,
    });
    return { status: 'dropped', reason: 'invalid body' };
  }
  if (parsed.value.queueName !== RECONCILE_QUEUE_KEY) {
    log.error('event from another queue dropped', { queueName: shownSegment(parsed.value.queueName) });
    return { status: 'dropped', reason: 'another queue' };
  }
  // Consumers get the common function context only (no cloudId): the site is the installContext's.
  const site = parseConsumerSite(context);
  if (!site.ok) {
    log.error('consumer invocation without a site dropped', { kind: parsed.value.body.kind });
    return { status: 'dropped', reason: 'no cloudId' };
  }
  const body = parsed.value.body;
  // The scan's pages are bulk work: they leave the pool's NearLimit reserve to events and panels.
  const services = servicesFor(site.value, body.kind === 'scan-page' ? 'bulk' : 'interactive');
  try {
    await services.jobStarted(body.dedupeKey);
    return await run(body, services, log);
  } catch (thrown) {
    return outcomeOfFault(thrown, body.kind, log);
  }
};

export const reconcileWorker = (event: unknown, context: unknown): Promise<WorkerOutcome> =>
  handleReconcileJob(event, operationLogger('reconcile-worker'), appServices, context);
