/**
 * Composition root (style.md rule 14): the one module that builds adapters and hands them to handlers.
 * Handlers never import src/adapters directly; they ask for what they need here, per invocation:
 * - `appServices(cloudId)`: every port, reading as the app (triggers, schedules, the queue consumer);
 * - `panelServices(cloudId, caller)`: the same ports for a resolver call; `authoriseViewer(services, scope,
 *   cloudId)` checks the calling user (asUser) from the Forge context only. Plan writes and undos run as the
 *   clicking admin through asUser() (the invocation's user); automatic fixes and queued applications run as
 *   another account through `Impersonation` (asUser(accountId), offline impersonation: allowImpersonation scopes).
 * Plain functions, no container: each use case takes the services object as its `deps`.
 */
import { randomUUID } from 'node:crypto';
import { createFindingsCsv } from './adapters/csv/findings-csv';
import {
  createDedupedQueue,
  coreJobQueue,
  MERGED_JOB_ID,
  type DedupedQueue,
  type WireJob,
} from './adapters/forge/job-queue';
import { createLogger, type Logger } from './adapters/forge/logger';
import {
  createJiraClient,
  createRestAdapters,
  isJiraAdmin,
  isProjectAdmin,
  isSpaceAdmin,
  spaceIdOfKey,
} from './adapters/jira';
import type { RestClient } from './adapters/http/request';
import { createAuditLog } from './adapters/storage/audit-log';
import { createFindingStore, type FindingTimes } from './adapters/storage/finding-store';
import { createGuestSpaceCache } from './adapters/storage/guest-space-cache';
import { createPersonStore, type PersonTimes } from './adapters/storage/person-store';
import { createPlanStore } from './adapters/storage/plan-store';
import { createPointsBudget, type InstallationBudget } from './adapters/storage/points-budget';
import { installationLimits, type WorkClass } from './adapters/http/limits';
import { createPolicyStore } from './adapters/storage/policy-store';
import { createScanCursorStore } from './adapters/storage/scan-cursor-store';
import { createScanWorkingSet } from './adapters/storage/scan-working-set';
import { createSiteSnapshotStore, createWatchStore } from './adapters/storage/site-stores';
import type { Viewer } from './core/model';
import type {
  AuditLog,
  Clock,
  Confluence,
  Directory,
  FindingStore,
  GuestSpaceCache,
  IdSource,
  Impersonation,
  JobQueue,
  PersonStore,
  PlanStore,
  PolicyStore,
  ScanCursorStore,
  ScanWorkingSet,
  ServiceDesks,
  SiteDirectory,
  SiteSnapshotStore,
  WatchStore,
} from './core/ports';

export { defineResolvers, type ResolverDefinitions, type ResolverRequest } from './adapters/forge/resolver';
export { needsUserConsent } from './adapters/http/request';
export { QueueRateLimitedError, retryLater, type RetryRequest } from './adapters/forge/queue';
export { remainingTimeMs } from './adapters/forge/app-context';
export type { Logger } from './adapters/forge/logger';
export type { WorkClass } from './adapters/http/limits';
export type { FindingTimes } from './adapters/storage/finding-store';
export type { PersonTimes } from './adapters/storage/person-store';

/** The manifest's `consumer.queue` (checked by test/contract/manifest.test.ts). */
export const RECONCILE_QUEUE_KEY = 'reconcile';

/**
 * This installation's fairness cap on the app's 65,000 points/hour Tier 1 pool, which every installation
 * shares ("65,000 points/hour per app, shared across all tenants", forge-platform.md §3.8), booked in KVS so
 * every invocation sees the same hour. 10,000 ≈ 15% of the pool: one busy site alone can never wall the pool
 * for the others, and a full pass of a 1,000-account site (≈ 6,700 points, docs/rate-limits.md) still fits
 * in one hour. The cap alone cannot protect the pool once seven sites are busy at once: what the answers'
 * rate-limit headers say about the pool steers too ({@link WorkClass}, docs/rate-limits.md).
 */
export const POINTS_PER_HOUR = 10_000;

const systemClock: Clock = { now: () => Date.now() };
const uuidIds: IdSource = { next: () => randomUUID() };

/** The queue as triggers push to it: wire bodies, deduplicated by their `dedupeKey`. */
export interface TriggerQueue<Job> {
  push(
    jobs: readonly { readonly body: Job; readonly delayInSeconds?: number }[],
  ): Promise<{ readonly jobId: string }>;
}

export interface TriggerDeps<Job> {
  readonly queue: TriggerQueue<Job>;
  readonly log: Logger;
  readonly now: () => number;
}

const reconcileQueue = (): DedupedQueue<WireJob> =>
  createDedupedQueue<WireJob>(RECONCILE_QUEUE_KEY, systemClock);

/** What a product-event trigger needs: the deduplicated reconcile queue, a logger, the clock. */
export const triggerDeps = <Job extends WireJob>(operation: string): TriggerDeps<Job> => ({
  queue: reconcileQueue(),
  log: createLogger(operation),
  now: () => systemClock.now(),
});

export const operationLogger = (operation: string): Logger => createLogger(operation);

/** The guest → space cache (KVS), for the space-permissions trigger that marks a space changed. */
export const guestSpaceCache = (): GuestSpaceCache => createGuestSpaceCache();

export const isMergedPush = (result: { readonly jobId: string }): boolean => result.jobId === MERGED_JOB_ID;

/** Every port the use cases take, bound to one installation and one reading identity. */
export interface Services {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly budget: InstallationBudget;
  readonly directory: Directory;
  readonly serviceDesks: ServiceDesks;
  readonly confluence: Confluence;
  readonly siteDirectory: SiteDirectory;
  readonly impersonation: Impersonation;
  readonly siteSnapshots: SiteSnapshotStore;
  readonly policies: PolicyStore;
  readonly persons: PersonStore & PersonTimes;
  readonly findings: FindingStore & FindingTimes;
  readonly plans: PlanStore;
  readonly audit: AuditLog;
  readonly scanCursors: ScanCursorStore;
  readonly workingSet: ScanWorkingSet;
  readonly watch: WatchStore;
  readonly guestSpaces: GuestSpaceCache;
  readonly queue: JobQueue;
  /** The consumer's hook: forget a job's dedupe marker once it starts. */
  readonly jobStarted: (dedupeKey: string | null) => Promise<void>;
  /** Push the next job of a chain (scan pages) without a dedupe key. */
  readonly continueWith: (body: WireJob, delayInSeconds?: number) => Promise<void>;
  readonly findingsCsv: (rows: readonly Record<string, string>[], columns: readonly string[]) => string;
}

const buildServices = (cloudId: string, work: WorkClass, invokingUser?: string): Services => {
  const clock = systemClock;
  const limits = installationLimits(cloudId);
  const budget = createPointsBudget(clock, POINTS_PER_HOUR, {
    view: (nowMs) => limits.poolView(nowMs),
    work,
  });
  // The core reserves before each port call; the REST layer books what each answer cost into the same budget.
  const rest = createRestAdapters({
    cloudId,
    points: budget,
    as: 'app',
    ...(invokingUser === undefined ? {} : { invokingUser }),
  });
  const queue = reconcileQueue();
  return {
    clock,
    ids: uuidIds,
    budget,
    directory: rest.directory,
    serviceDesks: rest.serviceDesks,
    confluence: rest.confluence,
    siteDirectory: rest.siteDirectory,
    impersonation: rest.impersonation,
    siteSnapshots: createSiteSnapshotStore(),
    policies: createPolicyStore(),
    persons: createPersonStore(clock),
    findings: createFindingStore(clock),
    plans: createPlanStore(),
    audit: createAuditLog(),
    scanCursors: createScanCursorStore(),
    workingSet: createScanWorkingSet(),
    watch: createWatchStore(),
    guestSpaces: createGuestSpaceCache(),
    queue: coreJobQueue(queue, clock),
    jobStarted: (dedupeKey) => queue.started(dedupeKey),
    continueWith: async (body, delayInSeconds) => {
      await queue.push([{ body, ...(delayInSeconds === undefined ? {} : { delayInSeconds }) }]);
    },
    findingsCsv: createFindingsCsv,
  };
};

/**
 * Ports for a trigger, schedule or queue job: reads as the app. `work` says how the budget treats the shared
 * pool: 'bulk' (the full scan) stops at the pool's NearLimit reserve, 'interactive' (default: panels, events,
 * plans, the watch) only before the wall.
 */
export const appServices = (cloudId: string, work: WorkClass = 'interactive'): Services =>
  buildServices(cloudId, work);

/** Ports for the resumable full scan (the hourly schedule and its `scan-page` jobs). */
export const scanServices = (cloudId: string): Services => buildServices(cloudId, 'bulk');

/**
 * Ports for a UI resolver call: reads as the app; writes by the calling user go through `asUser()` (no
 * impersonation), writes as anyone else (the policy's auto-fix actor) through `asUser(accountId)`.
 */
export const panelServices = (cloudId: string, invokingUser?: string): Services =>
  buildServices(cloudId, 'interactive', invokingUser);

/** Where a panel call comes from, as the entry layer parsed it from the Forge context. */
export type PanelScope =
  | { readonly type: 'site' }
  | { readonly type: 'project'; readonly projectId: string; readonly projectKey: string }
  | { readonly type: 'space'; readonly spaceId: string | null; readonly spaceKey: string };

/**
 * The viewer the Forge context entitles the calling user to, checked as that user (asUser): Jira admin on
 * the admin page, project admin of the context's project (its desks), space admin of the context's space.
 * Null when the user holds no such permission. @throws UpstreamError when the check itself fails.
 */
export const authoriseViewer = async (
  services: Services,
  scope: PanelScope,
  cloudId: string,
): Promise<Viewer | null> => {
  // The check runs before any use case (no reservation); what it cost is booked all the same.
  const asCaller = createJiraClient({ cloudId, points: services.budget, as: 'current-user' });
  try {
    return await viewerOf(services, scope, asCaller);
  } finally {
    await services.budget.flush();
  }
};

const viewerOf = async (
  services: Services,
  scope: PanelScope,
  asCaller: RestClient,
): Promise<Viewer | null> => {
  switch (scope.type) {
    case 'site':
      return (await isJiraAdmin(asCaller)) ? { kind: 'site-admin' } : null;
    case 'project': {
      if (!(await isProjectAdmin(asCaller, scope.projectId))) return null;
      const snapshot = await services.siteSnapshots.get();
      const desks = snapshot?.desks ?? (await services.serviceDesks.desks());
      const deskIds = desks.filter((d) => d.projectId === scope.projectId).map((d) => d.id);
      return { kind: 'project-admin', deskIds };
    }
    case 'space': {
      // A space-settings context may name the space by key only: its id is looked up as the caller.
      const spaceId = scope.spaceId ?? (await spaceIdOfKey(asCaller, scope.spaceKey));
      if (spaceId === null || !(await isSpaceAdmin(asCaller, spaceId))) return null;
      return { kind: 'space-admin', spaceKeys: [scope.spaceKey] };
    }
  }
};
