/**
 * The command-line audit (issue 17): the Forge app's own scan (start-scan + scan-step use cases, the same
 * rules, the same REST adapters and request layer) driven from a laptop with an Atlassian account's email
 * and API token instead of `@forge/api`. A second driving adapter, like src/handlers: it composes the ports,
 * runs the use cases and turns their results into a report. Strictly read-only (basic-auth-transport.ts).
 *
 * What a user token cannot see is reported, never skipped:
 * - hidden emails: `GET /rest/api/3/user/email/bulk` "only supports access via asApp() requests" for Forge
 *   apps (jira-platform.v3.json, getUserEmailBulk), so the audit never calls it; every account whose profile
 *   hides its email is listed as not visible, and the engine's EMAIL_UNRESOLVED verdict on it (which would
 *   claim the email API was tried) is replaced by that entry;
 * - a desk whose customer list the user may not read (403), guest facts Confluence refuses, a site without
 *   JSM or Confluence (404): listed with the permission or product that is missing.
 */
import type { DomainError } from '../core/errors';
import type { Finding, Person, Policy } from '../core/model';
import {
  type Confluence,
  type Directory,
  isUpstreamError,
  type PointsBudget,
  type ServiceDesks,
} from '../core/ports';
import { err, ok, type Result } from '../core/result';
import { scanStep, startScan } from '../core/use-cases';
import { createBasicAuthTransport } from '../adapters/http/basic-auth-transport';
import { InstallationLimits, systemTime, type HttpTime } from '../adapters/http/limits';
import { createRestClient, httpStatusOf, type TransportCall } from '../adapters/http/request';
import { createRestAdapters } from '../adapters/jira';
import { getMyPermissions } from '../adapters/jira/permissions';
import { createAuditStores, emptyAuditState, type AuditState } from './memory';

/** Something the audit could not see with this token, and why. */
export interface NotVisible {
  readonly kind: 'hidden-email' | 'desk-customers' | 'desks' | 'guest-facts' | 'kb-spaces';
  /** What it is about: an account id, `desk:<id>`, `product:jsm`, `product:confluence`. */
  readonly subject: string;
  readonly reason: string;
  /** The permission or product that would make it visible, when one would. */
  readonly needs: string | null;
}

export interface AuditRequestStats {
  readonly sent: number;
  readonly byMethod: Readonly<Record<string, number>>;
  readonly byStatus: Readonly<Record<string, number>>;
}

export interface AuditReport {
  readonly siteUrl: string;
  readonly auditedAs: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly resumedFromCheckpoint: boolean;
  /** False when no --cloud-id was given: admin.atlassian.com links then name the host, not the cloud id. */
  readonly cloudIdKnown: boolean;
  readonly findings: readonly Finding[];
  readonly persons: readonly Person[];
  readonly notVisible: readonly NotVisible[];
  readonly requests: AuditRequestStats;
  readonly desks: readonly { readonly id: string; readonly projectKey: string }[];
  readonly spaces: readonly string[];
}

export type AuditFailure =
  | { readonly kind: 'unauthenticated'; readonly message: string }
  | {
      readonly kind: 'forbidden';
      readonly message: string;
      readonly operation: string;
      readonly needs: string;
    }
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'interrupted'; readonly message: string; readonly retryAfterMs: number | null }
  /** The site lacks a product a read the audit cannot do without needs (Confluence). */
  | { readonly kind: 'unsupported'; readonly message: string }
  | { readonly kind: 'unexpected'; readonly message: string };

/** Confluence operations the adapters call (a 404 on one of them means the site has no Confluence). */
const CONFLUENCE_OPERATIONS: ReadonlySet<string> = new Set([
  'createBulkUserLookup',
  'getUser',
  'getGroupMembershipsForUser',
  'getGroupMembersByGroupId',
  'getSpaces',
  'getSpace',
  'getSpaceById',
  'getSpaceOperations',
  'getSpacePermissionsAssignments',
]);

export interface AuditProgress {
  readonly phase: string;
  readonly sourcesDone: number;
  readonly sourcesTotal: number;
  readonly accountsSeen: number;
  readonly personsEvaluated: number;
  readonly requests: number;
}

/** What the checkpoint file holds (never the token). */
export interface AuditCheckpoint {
  readonly version: 1;
  readonly siteUrl: string;
  readonly email: string;
  readonly startedAt: string;
  readonly state: AuditState;
  readonly notVisible: NotVisible[];
  readonly requests: { sent: number; byMethod: Record<string, number>; byStatus: Record<string, number> };
}

export interface AuditOptions {
  readonly siteUrl: string;
  readonly email: string;
  readonly apiToken: string;
  /**
   * The site's cloud id: REST does not return it (site-directory.ts), and admin.atlassian.com links need it.
   * Null: those links carry the site's host instead, and the report says so.
   */
  readonly cloudId: string | null;
  readonly policy: Policy;
  /** Requests in flight at most. */
  readonly concurrency: number;
  /** Longest wait for one `Retry-After` before the audit stops (resumable). */
  readonly maxWaitMs: number;
  /** A checkpoint to resume from (null: start afresh). */
  readonly resumeFrom: AuditCheckpoint | null;
  /** Called with the state to persist: every {@link CHECKPOINT_EVERY_MS} at most, and when the audit stops. */
  readonly onCheckpoint?: (checkpoint: AuditCheckpoint) => Promise<void>;
  readonly onProgress?: (progress: AuditProgress) => void;
  readonly fetch?: typeof fetch;
  readonly time?: HttpTime;
}

/** Checkpoint writes and progress lines, at most this often (ms); always at the end. */
export const CHECKPOINT_EVERY_MS = 2_000;
export const PROGRESS_EVERY_MS = 1_000;

/** The permission each read needs, as the product documents it (docs/cli.md "Permissions"). */
export const PERMISSION_FOR: Readonly<Record<string, string>> = {
  getServerInfo: 'access to the site (any licensed product)',
  findGroups: 'Browse users and groups (Jira global permission)',
  bulkGetGroups: 'Browse users and groups (Jira global permission)',
  getUsersFromGroup: 'Browse users and groups (Jira global permission)',
  bulkGetUsers: 'Browse users and groups (Jira global permission)',
  getServiceDesks: 'Jira Service Management access (agent or admin)',
  getCustomers: "Service Desk agent or Administer projects on the desk's project, or Jira admin",
  createBulkUserLookup: 'Confluence access ("Can use" Confluence)',
  getSpaces: 'Confluence access and View on the space',
  getSpacePermissionsAssignments: 'Confluence access and View on the space',
  getGroupMembersByGroupId: 'Confluence access ("Can use" Confluence)',
};

const HIDDEN_EMAIL_REASON =
  'The profile hides the email address, and the email API (GET /rest/api/3/user/email/bulk) is for apps ' +
  'only (asApp), not for an API token. Findings that compare this account with others by email ' +
  '(DUPLICATE_ACCOUNTS, POSSIBLE_DUPLICATE, UNEXPECTED_CUSTOMER, EMAIL_UNRESOLVED) cannot be checked for it.';

const statusOf = (e: unknown): number | null => httpStatusOf(e);

/** A read that a missing permission or product turns into a "not visible" entry instead of a failure. */
async function orNotVisible<T>(
  call: () => Promise<T>,
  fallback: T,
  note: (status: number) => NotVisible,
  notes: NotVisible[],
): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const status = statusOf(e);
    // 401 is not a permission: the token itself was refused, which ends the audit (exit 3).
    if (status === 403 || status === 404) {
      const entry = note(status);
      if (!notes.some((n) => n.kind === entry.kind && n.subject === entry.subject)) notes.push(entry);
      return fallback;
    }
    throw e;
  }
}

/**
 * The request layer reports 401 and 403 both as UPSTREAM.FORBIDDEN, naming the status in its message
 * ("<operation>: the product answered 401", request.ts `describe`). `answered` = requests the site answered:
 * none means the URL never reached a site.
 */
const failureOf = (error: DomainError, answered: number): AuditFailure => {
  if (answered === 0 && (error.code === 'UPSTREAM.UNAVAILABLE' || error.code === 'UPSTREAM.NOT_FOUND'))
    return { kind: 'unreachable', message: `The site could not be reached at this URL (${error.message}).` };
  if (error.code === 'UPSTREAM.UNEXPECTED_RESPONSE' && error.operation === 'getServerInfo')
    return {
      kind: 'unreachable',
      message: 'The URL answered, but not as an Atlassian cloud site (GET /rest/api/3/serverInfo).',
    };
  switch (error.code) {
    case 'UPSTREAM.FORBIDDEN':
      return /answered 401\b/.test(error.message)
        ? {
            kind: 'unauthenticated',
            message:
              'The site refused the email and API token (401). Check both, and that the token is not revoked.',
          }
        : {
            kind: 'forbidden',
            operation: error.operation,
            needs: PERMISSION_FOR[error.operation] ?? 'a permission the site did not name',
            message: `The site refused ${error.operation} (403) for this account.`,
          };
    case 'UPSTREAM.RATE_LIMITED':
      return {
        kind: 'interrupted',
        retryAfterMs: error.retryAfterMs,
        message: `Rate limited for longer than the audit waits (${Math.ceil(error.retryAfterMs / 1000)} s).`,
      };
    case 'UPSTREAM.UNAVAILABLE':
      return {
        kind: 'interrupted',
        retryAfterMs: null,
        message: `The site did not answer (${error.message}).`,
      };
    case 'UPSTREAM.NOT_FOUND':
      if (CONFLUENCE_OPERATIONS.has(error.operation))
        return {
          kind: 'unsupported',
          message:
            `The site answered 404 to a Confluence read (${error.operation}): it seems to have no Confluence. ` +
            "The audit, like the app, reads Confluence's users-bulk to tell closed accounts from inactive ones " +
            '(src/adapters/jira/directory.ts), so it cannot audit a site without Confluence yet.',
        };
      return error.operation === 'getServerInfo'
        ? {
            kind: 'unreachable',
            message: 'getServerInfo answered 404: is this the URL of an Atlassian cloud site?',
          }
        : { kind: 'unexpected', message: `${error.operation} answered 404 (${error.message}).` };
    default:
      return { kind: 'unexpected', message: `${error.code}: ${error.message}` };
  }
};

/** A budget that always admits: API-token calls are not metered against an app's points (docs/cli.md). */
const openBudget: PointsBudget = {
  tryReserve: () => Promise.resolve(true),
  settle: () => Promise.resolve(),
  status: () => Promise.resolve({ used: 0, limit: Number.MAX_SAFE_INTEGER, resetsAt: 0 }),
};

export async function runAudit(options: AuditOptions): Promise<Result<AuditReport, AuditFailure>> {
  const time = options.time ?? systemTime;
  const siteUrl = options.siteUrl.replace(/\/+$/, '');
  const resumed = options.resumeFrom;
  const state = resumed?.state ?? emptyAuditState();
  const notVisible: NotVisible[] = resumed?.notVisible ?? [];
  const requests = resumed?.requests ?? { sent: 0, byMethod: {}, byStatus: {} };
  const startedAt = resumed?.startedAt ?? new Date(time.now()).toISOString();
  const count = (call: TransportCall, status: number): void => {
    requests.sent += 1;
    requests.byMethod[call.init.method] = (requests.byMethod[call.init.method] ?? 0) + 1;
    requests.byStatus[String(status)] = (requests.byStatus[String(status)] ?? 0) + 1;
  };
  const transport = createBasicAuthTransport({
    siteUrl,
    email: options.email,
    apiToken: options.apiToken,
    onResponse: count,
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
  });
  const limits = new InstallationLimits(time, options.concurrency);
  // API-token traffic is charged to no app's points quota (docs/assumptions.md T2): nothing to book.
  const points = { record: () => undefined };
  const rest = createRestAdapters({
    cloudId: options.cloudId ?? new URL(siteUrl).host,
    points,
    limits,
    transport,
    maxWaitMs: options.maxWaitMs,
    as: 'current-user',
  });
  /**
   * Jira's groups picker answers an EMPTY list, not 403, to a user without "Browse users and groups"
   * (jira-platform.v3.json findGroups: "Without this permission, calls where query is not an exact match to an
   * existing group will return an empty list"), so the audit would read a site with no customers group. Ask
   * first (mypermissions USER_PICKER) and stop with the permission named.
   */
  const lacksBrowseUsers = async (): Promise<AuditFailure | null> => {
    const client = createRestClient({
      as: 'current-user',
      points,
      limits,
      transport,
      maxWaitMs: options.maxWaitMs,
    });
    const held = await getMyPermissions(client, ['USER_PICKER']);
    if (held.permissions['USER_PICKER']?.havePermission === true) return null;
    return {
      kind: 'forbidden',
      operation: 'getMyPermissions',
      message:
        'This account lacks the Jira global permission "Browse users and groups" (GET /rest/api/3/mypermissions), ' +
        'so the site lists no group or user to it.',
      needs: PERMISSION_FOR.findGroups ?? 'Browse users and groups (Jira global permission)',
    };
  };

  const directory: Directory = {
    ...rest.directory,
    // Never called with a token (see the header); each hidden email is reported instead.
    emailsByIds: (ids) => {
      for (const id of ids)
        if (!notVisible.some((n) => n.kind === 'hidden-email' && n.subject === id))
          notVisible.push({ kind: 'hidden-email', subject: id, reason: HIDDEN_EMAIL_REASON, needs: null });
      return Promise.resolve(new Map(ids.map((id) => [id, null])));
    },
  };
  const serviceDesks: ServiceDesks = {
    ...rest.serviceDesks,
    desks: () =>
      orNotVisible(
        () => rest.serviceDesks.desks(),
        [],
        (status) => ({
          kind: 'desks',
          subject: 'product:jsm',
          reason:
            status === 404
              ? 'The site has no Jira Service Management (404): desk and customer findings do not apply.'
              : `The service desks could not be listed (${status}).`,
          needs: status === 404 ? null : (PERMISSION_FOR.getServiceDesks ?? null),
        }),
        notVisible,
      ),
    customersOfDesk: (deskId, page, matching) =>
      orNotVisible(
        () => rest.serviceDesks.customersOfDesk(deskId, page, matching),
        { items: [], nextCursor: null },
        (status) => ({
          kind: 'desk-customers',
          subject: `desk:${deskId}`,
          reason: `The customer list of desk ${deskId} could not be read (${status}); its customers are not audited.`,
          needs: PERMISSION_FOR.getCustomers ?? null,
        }),
        notVisible,
      ),
  };
  const confluence: Confluence = {
    ...rest.confluence,
    usersFacts: (ids, usersOptions) =>
      orNotVisible(
        () => rest.confluence.usersFacts(ids, usersOptions),
        [],
        (status) => ({
          kind: 'guest-facts',
          subject: 'product:confluence',
          reason:
            status === 404
              ? 'The site has no Confluence (404): guest findings do not apply.'
              : `Confluence refused the guests' details (${status}): guest findings are not checked.`,
          needs: status === 404 ? null : (PERMISSION_FOR.createBulkUserLookup ?? null),
        }),
        notVisible,
      ),
    spacesWithKbAccess: (keys) =>
      orNotVisible(
        () => rest.confluence.spacesWithKbAccess(keys),
        [],
        (status) => ({
          kind: 'kb-spaces',
          subject: 'product:confluence',
          reason: `The linked knowledge-base spaces could not be read (${status}): KB_SIGNUP_RISK is not checked.`,
          needs: status === 404 ? null : (PERMISSION_FOR.getSpaces ?? null),
        }),
        notVisible,
      ),
  };

  const stores = createAuditStores(state, options.policy);
  const deps = {
    ...stores,
    clock: { now: () => time.now() },
    ids: { next: () => `audit-${time.now().toString(36)}` },
    budget: openBudget,
    directory,
    serviceDesks,
    confluence,
    siteDirectory: rest.siteDirectory,
  };
  const checkpoint = (): AuditCheckpoint => ({
    version: 1,
    siteUrl,
    email: options.email,
    startedAt,
    state,
    notVisible,
    requests,
  });

  // Writing the whole state after every page would cost O(pages × state) on a large site: save at most every
  // CHECKPOINT_EVERY_MS, and always when the audit stops (finished or failed). Progress likewise.
  let lastSaved = Number.NEGATIVE_INFINITY;
  let lastShown = Number.NEGATIVE_INFINITY;
  const save = async (force: boolean): Promise<void> => {
    if (options.onCheckpoint === undefined || (!force && time.now() - lastSaved < CHECKPOINT_EVERY_MS))
      return;
    lastSaved = time.now();
    await options.onCheckpoint(checkpoint());
  };
  const show = (force: boolean): void => {
    const c = state.cursor;
    if (c === null || options.onProgress === undefined) return;
    if (!force && time.now() - lastShown < PROGRESS_EVERY_MS) return;
    lastShown = time.now();
    options.onProgress({
      phase: c.finishedAt === null ? c.source : 'finished',
      sourcesDone: c.sourcesDone,
      sourcesTotal: c.sourcesTotal,
      accountsSeen: c.accountsSeen,
      personsEvaluated: c.personsEvaluated,
      requests: requests.sent,
    });
  };
  const stop = async (failure: AuditFailure): Promise<Result<never, AuditFailure>> => {
    await save(true);
    show(true);
    return err(failure);
  };

  try {
    if (state.cursor === null) {
      const missing = await lacksBrowseUsers();
      if (missing !== null) return await stop(missing);
      const started = await startScan(deps, { now: time.now() });
      if (!started.ok) return await stop(failureOf(started.error, requests.sent));
      await save(true);
    }
    for (;;) {
      const step = await scanStep(deps, {
        now: time.now(),
        budgetPoints: Number.MAX_SAFE_INTEGER,
        deadlineMs: Number.MAX_SAFE_INTEGER,
        maxSteps: 1,
      });
      if (!step.ok) return await stop(failureOf(step.error, requests.sent));
      const done = step.value.stoppedBecause === 'finished' || step.value.stoppedBecause === 'idle';
      await save(done);
      show(done);
      if (done) break;
    }
  } catch (e) {
    if (isUpstreamError(e)) return await stop(failureOf(e.failure, requests.sent));
    throw e;
  }

  const hidden = new Set(notVisible.filter((n) => n.kind === 'hidden-email').map((n) => n.subject));
  const findings = stores
    .allFindings()
    .filter((f) => !(f.code === 'EMAIL_UNRESOLVED' && f.evidence.accountIds.every((id) => hidden.has(id))));
  const snapshot = state.snapshot;
  return ok({
    siteUrl,
    auditedAs: options.email,
    startedAt,
    finishedAt: new Date(time.now()).toISOString(),
    resumedFromCheckpoint: resumed !== null,
    cloudIdKnown: options.cloudId !== null,
    findings,
    persons: stores.allPersons(),
    notVisible: [...notVisible].sort((a, b) =>
      a.kind === b.kind ? (a.subject < b.subject ? -1 : 1) : a.kind < b.kind ? -1 : 1,
    ),
    requests,
    desks: (snapshot?.desks ?? []).map((d) => ({ id: d.id, projectKey: d.projectKey })),
    spaces: (snapshot?.spaces ?? []).map((s) => s.key),
  });
}
