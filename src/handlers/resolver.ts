/**
 * The `resolver` function behind all three panels. Each call: context → caller (identity and scope from the
 * Forge context only) → strict payload parse → authorisation as the calling user (Jira admin on the admin
 * page, project admin of the context's project, space admin of the context's space; style.md rule 17) →
 * the use case with the resulting Viewer → the contract envelope. Payloads carry no identity or scope: the
 * contracts' strict schemas reject such keys. Errors are mapped once, here; internals never reach the UI.
 * One error is not mapped: the SDK's NeedsAuthenticationError (the caller has not allowed access yet) is
 * thrown on, for the platform to ask them for consent.
 */
import {
  RESOLVER_CONTRACTS,
  RESOLVER_NAMES,
  errorEnvelope,
  okEnvelope,
  type Envelope,
  type Payload,
  type ResolverError,
  type ResolverName,
  type ResponseData,
} from '../contracts';
import type { DomainError } from '../core/errors';
import { displayNameOf, type Finding, type FindingCode, type Severity, type Viewer } from '../core/model';
import { isUpstreamError } from '../core/ports';
import { err, ok, type Result } from '../core/result';
import {
  applyPlan,
  confirmGuidedStep,
  EXPORT_COLUMNS,
  exportFindings,
  getDirectory,
  getOverview,
  getPersonCard,
  getPolicy,
  getScanProgress,
  listAudit,
  listFindings,
  previewPlan,
  setPolicy,
  startScan,
  undoChange,
  type ScanProgress,
} from '../core/use-cases';
import {
  panelServices,
  authoriseViewer,
  defineResolvers,
  needsUserConsent,
  operationLogger,
  type ResolverDefinitions,
  type ResolverRequest,
  type Services,
} from '../wiring';
import { parseInput } from './parse';
import { callerFrom, type Caller } from './resolver-context.schema';
import { scanPageJob } from './scan-tick';

interface Call<N extends ResolverName> {
  readonly payload: Payload<N>;
  readonly caller: Caller;
  readonly viewer: Viewer;
  readonly services: Services;
  readonly now: number;
}

/** A use case's error, with who made the failed upstream call when the use case knows (writes as the user). */
type CallError = DomainError & { readonly madeAs?: 'user' | 'app' };

type UseCase<N extends ResolverName> = (call: Call<N>) => Promise<Result<ResponseData<N>, CallError>>;

const INTERNAL_MESSAGE =
  'Something went wrong. Try again; if it keeps happening, ask your admin to check the app logs.';
const FORBIDDEN: DomainError = {
  code: 'AUTH.FORBIDDEN',
  message: 'You need to be an admin of this project, space or site to use this panel.',
  required: 'admin',
};

const MAX_RETRY_AFTER_S = 86_400;
const seconds = (ms: number): number => Math.min(MAX_RETRY_AFTER_S, Math.max(0, Math.ceil(ms / 1000)));

/** Seconds until a retry can help: the upstream's Retry-After, or the time to the budget's reset. */
const retryAfterOf = (error: DomainError, now: number | null): number | null => {
  if (error.code === 'UPSTREAM.RATE_LIMITED') return seconds(error.retryAfterMs);
  if (error.code === 'BUDGET.EXHAUSTED' && now !== null) return seconds(error.resetsAt - now);
  return null;
};

/** The per-action rights an AUTH.FORBIDDEN can name (viewer-capability.ts); other `required` values stay internal. */
const needsOf = (error: DomainError): ResolverError['needs'] =>
  error.code === 'AUTH.FORBIDDEN' && (error.required === 'site-admin' || error.required === 'desk-admin')
    ? error.required
    : undefined;

const fromDomain = (
  error: DomainError,
  now: number | null = null,
  madeAs: 'user' | 'app' | null = null,
): ResolverError => {
  const retryAfter = retryAfterOf(error, now);
  const needs = needsOf(error);
  return {
    code: error.code,
    message: error.message,
    ...('issues' in error && error.issues ? { issues: [...error.issues] } : {}),
    ...(retryAfter === null ? {} : { retryAfter }),
    ...(needs === undefined ? {} : { needs }),
    ...(madeAs !== null && error.code.startsWith('UPSTREAM.') ? { madeAs } : {}),
  };
};

/** The one error mapper of the resolver entry kind (style.md rule 26). */
const fromThrown = (name: ResolverName, thrown: unknown, now: number | null): ResolverError => {
  if (isUpstreamError(thrown)) return fromDomain(thrown.failure, now);
  operationLogger(`resolver:${name}`).error('unexpected fault', {
    error: thrown instanceof Error ? thrown.name : typeof thrown,
  });
  return { code: 'APP.INTERNAL', message: INTERNAL_MESSAGE };
};

export const resolverCall =
  <N extends ResolverName>(
    name: N,
    useCase: UseCase<N>,
    servicesFor: (cloudId: string, invokingUser?: string) => Services = panelServices,
  ) =>
  async (request: ResolverRequest): Promise<Envelope<ResponseData<N>>> => {
    const caller = callerFrom(request.context);
    if (!caller.ok) return errorEnvelope(fromDomain(caller.error));
    const payload = parseInput(RESOLVER_CONTRACTS[name].payload, request.payload, `'${name}' payload`);
    if (!payload.ok) return errorEnvelope(fromDomain(payload.error));
    if (caller.value.cloudId === null) return errorEnvelope(fromDomain(FORBIDDEN));
    let now: number | null = null;
    try {
      const services = servicesFor(caller.value.cloudId, caller.value.accountId);
      now = services.clock.now();
      const viewer = await authoriseViewer(services, caller.value.scope, caller.value.cloudId);
      if (viewer === null) return errorEnvelope(fromDomain(FORBIDDEN));
      const result = await useCase({
        payload: payload.value as Payload<N>,
        caller: caller.value,
        viewer,
        services,
        now,
      });
      return result.ok
        ? okEnvelope(result.value)
        : errorEnvelope(fromDomain(result.error, now, result.error.madeAs ?? null));
    } catch (thrown) {
      // The caller has not allowed the app access yet: thrown on to the platform, which shows them the
      // consent prompt and re-runs the app once they allow it (Forge "Product fetch API", api.asUser()).
      if (needsUserConsent(thrown)) throw thrown;
      return errorEnvelope(fromThrown(name, thrown, now));
    }
  };

const map = <T, U>(result: Result<T, DomainError>, f: (value: T) => U): Result<U, DomainError> =>
  result.ok ? ok(f(result.value)) : result;

const siteAdminOnly = (viewer: Viewer): DomainError | null =>
  viewer.kind === 'site-admin'
    ? null
    : { code: 'AUTH.FORBIDDEN', message: 'Only a Jira admin can do this.', required: 'site-admin' };

const scanStatus = async (
  services: Services,
  progress: ScanProgress,
): Promise<ResponseData<'scan/status'>> => {
  const points = await services.budget.status();
  return {
    state: progress.state === 'finished' ? 'completed' : progress.state,
    scanId: progress.scanId,
    startedAt: progress.startedAt,
    updatedAt: progress.updatedAt,
    completedAt: progress.finishedAt,
    sources: { done: progress.sourcesDone, total: progress.sourcesTotal },
    personsEvaluated: progress.personsEvaluated,
    points: { usedThisHour: points.used, budgetPerHour: points.limit, resetsAt: points.resetsAt },
  };
};

/** Findings with when they were detected and last re-evaluated. */
/** List items: each finding with its stored times and the display name of its person (null when none). */
const withTimes = async (
  services: Services,
  findings: readonly Finding[],
  now: number,
  names: ReadonlyMap<string, string>,
) => {
  const times = await services.findings.timesOf(findings.map((f) => f.id));
  return findings.map((f) => ({
    ...f,
    ...(times.get(f.id) ?? { detectedAt: now, updatedAt: now }),
    subjectName: f.subject.type === 'person' ? names.get(f.subject.emailKey)?.slice(0, 255) || null : null,
  }));
};

const panelScope = (
  caller: Caller,
  viewer: Viewer,
): Result<ResponseData<'overview'>['scope'], DomainError> => {
  switch (caller.scope.type) {
    case 'site':
      return ok({ type: 'site' });
    case 'space':
      return ok({ type: 'space', spaceKey: caller.scope.spaceKey });
    case 'project': {
      const deskId = viewer.kind === 'project-admin' ? viewer.deskIds[0] : undefined;
      return deskId === undefined
        ? err({ code: 'AUTH.FORBIDDEN', message: 'This project has no service desk.', required: 'desk' })
        : ok({ type: 'desk', deskId, projectKey: caller.scope.projectKey });
    }
  }
};

const filterOf = (filter: Payload<'findings/list'>['filter']) =>
  filter === undefined
    ? {}
    : {
        ...(filter.codes === undefined ? {} : { codes: filter.codes as readonly FindingCode[] }),
        ...(filter.severities === undefined ? {} : { severities: filter.severities as readonly Severity[] }),
        ...(filter.deskIds === undefined ? {} : { deskIds: filter.deskIds }),
        ...(filter.spaceKeys === undefined ? {} : { spaceKeys: filter.spaceKeys }),
        ...(filter.search === undefined ? {} : { search: filter.search }),
      };

const overview: UseCase<'overview'> = async ({ caller, viewer, services, now }) => {
  const scope = panelScope(caller, viewer);
  if (!scope.ok) return scope;
  const result = await getOverview(services, { viewer, now });
  if (!result.ok) return result;
  const o = result.value;
  return ok({
    scope: scope.value,
    totals: o.totals,
    countsByCode: o.countsByCode,
    countsBySeverity: o.countsBySeverity,
    scan: await scanStatus(services, o.scan),
    generatedAt: o.generatedAt,
  });
};

/** A display name within the contract's 1–255 characters; an unnamed item is labelled by its id. */
const nameOr = (name: string, fallback: string): string => name.trim().slice(0, 255) || fallback;

const directory: UseCase<'directory'> = async ({ viewer, services }) =>
  map(await getDirectory(services, { viewer }), (d) => ({
    desks: d.desks.map((x) => ({ id: x.id, name: nameOr(x.name, x.id), projectKey: x.projectKey })),
    spaces: d.spaces.map((x) => ({ key: x.key, name: nameOr(x.name, x.key) })),
    groups: d.groups.map((x) => ({ id: x.id, name: nameOr(x.name, x.id) })),
    asOf: d.asOf,
  }));

const findingsList: UseCase<'findings/list'> = async ({ payload, viewer, services, now }) => {
  const result = await listFindings(services, {
    viewer,
    filter: filterOf(payload.filter),
    page: { cursor: payload.cursor ?? null, limit: payload.limit },
  });
  if (!result.ok) return result;
  const items = await withTimes(services, result.value.items, now, result.value.subjectNames);
  return ok({
    items: structuredClone(items) as ResponseData<'findings/list'>['items'],
    cursor: result.value.nextCursor,
    total: result.value.total,
    totalIsLowerBound: result.value.totalIsLowerBound,
    searchIsPartial: result.value.searchIsPartial,
  });
};

const personCard: UseCase<'person/card'> = async ({ payload, viewer, services, now }) => {
  const result = await getPersonCard(services, { viewer, person: { email: payload.emailKey }, now });
  if (!result.ok) return result;
  const card = result.value;
  const name = displayNameOf({ emailKey: card.personKey, accounts: card.accounts.map((a) => a.account) });
  const findings = await withTimes(services, card.findings, now, new Map([[card.personKey, name]]));
  return ok({
    emailKey: card.personKey,
    accounts: structuredClone(card.accounts.map((a) => a.account)) as ResponseData<'person/card'>['accounts'],
    findings: structuredClone(findings) as ResponseData<'person/card'>['findings'],
    evaluatedAt: await services.persons.evaluatedAtOf(card.personKey),
  });
};

const planPreview: UseCase<'plan/preview'> = async ({ payload, viewer, services, now }) =>
  map(
    await previewPlan(services, { viewer, findingIds: payload.findingIds, now }),
    ({ blocked, ...plan }) => {
      const actions = plan.actions.map((a) => {
        const reason = blocked.get(a.key);
        return { ...a, viewerCannotApply: reason === undefined ? null : { reason } };
      });
      return structuredClone({ ...plan, actions }) as ResponseData<'plan/preview'>;
    },
  );

const planApply: UseCase<'plan/apply'> = async ({ payload, caller, viewer, services, now }) => {
  const result = await applyPlan(services, {
    viewer,
    planId: payload.planId,
    actorAccountId: caller.accountId,
    confirmed: payload.confirm,
    skipActionKeys: payload.skipActionKeys,
    now,
  });
  if (!result.ok) return result;
  const { failed, steps } = result.value;
  return ok({
    planId: result.value.planId,
    status: result.value.outcome,
    actionCount: steps.length,
    steps: steps.map((s) => ({ ...s })),
    error: failed === null ? null : fromDomain(failed.error, now, failed.madeAs),
    pointsUsed: result.value.pointsUsed,
  });
};

const planConfirmStep: UseCase<'plan/confirm-step'> = async ({ payload, caller, viewer, services, now }) =>
  map(
    await confirmGuidedStep(services, {
      viewer,
      planId: payload.planId,
      actionKey: payload.actionKey,
      actorAccountId: caller.accountId,
      now,
    }),
    (entry) => ({
      planId: payload.planId,
      actionKey: payload.actionKey,
      auditId: entry.id,
      confirmedAt: entry.at,
    }),
  );

const auditUndo: UseCase<'audit/undo'> = async ({ payload, caller, viewer, services, now }) => {
  const result = await undoChange(services, {
    viewer,
    target: { auditId: payload.auditId },
    actorAccountId: caller.accountId,
    now,
  });
  if (!result.ok) return result;
  const { failed, undone, notUndone } = result.value;
  if (failed !== null) return err({ ...failed.error, madeAs: failed.madeAs });
  const entry = undone[0];
  if (entry === undefined) {
    return err({
      code: 'UNDO.NOT_POSSIBLE',
      message: notUndone[0]?.reason ?? 'Nothing to undo.',
      auditId: payload.auditId,
    });
  }
  return ok({ auditId: payload.auditId, undoAuditId: entry.id, outcome: entry.outcome });
};

const scanStart: UseCase<'scan/start'> = async ({ payload, viewer, services, now }) => {
  const refused = siteAdminOnly(viewer);
  if (refused !== null) return err(refused);
  const result = await startScan(services, { now, mode: payload.mode });
  if (!result.ok) return result;
  const { progress } = result.value;
  if (progress.state === 'running' && progress.scanId !== null) {
    await services.continueWith(scanPageJob(progress.scanId, progress.updatedAt, now));
  }
  return ok(await scanStatus(services, progress));
};

const scanStatusCall: UseCase<'scan/status'> = async ({ services }) => {
  const result = await getScanProgress(services);
  return result.ok ? ok(await scanStatus(services, result.value)) : result;
};

const policyGet: UseCase<'policy/get'> = async ({ viewer, services }) =>
  map(
    await getPolicy(services, { viewer }),
    (policy) => structuredClone(policy) as ResponseData<'policy/get'>,
  );

const policySet: UseCase<'policy/set'> = async ({ payload, caller, viewer, services, now }) =>
  map(
    await setPolicy(services, { viewer, actorAccountId: caller.accountId, policy: payload, now }),
    (policy) => structuredClone(policy) as ResponseData<'policy/set'>,
  );

const auditList: UseCase<'audit/list'> = async ({ payload, viewer, services, now }) =>
  map(
    await listAudit(services, {
      viewer,
      now,
      ...(payload.planId === undefined ? {} : { planId: payload.planId }),
      page: { cursor: payload.cursor ?? null, limit: payload.limit },
    }),
    (page) => ({
      items: structuredClone(page.items) as ResponseData<'audit/list'>['items'],
      cursor: page.nextCursor,
    }),
  );

const findingsExportCsv: UseCase<'findings/export-csv'> = async ({ payload, viewer, services, now }) =>
  map(
    await exportFindings(services, { viewer, filter: filterOf(payload.filter), includeEmails: true }),
    ({ rows, truncated }) => ({
      filename: `identity-reconciler-findings-${new Date(now).toISOString().slice(0, 10)}.csv`,
      csv: services.findingsCsv(
        rows.map((row) => ({ ...row })),
        EXPORT_COLUMNS,
      ),
      rowCount: rows.length,
      truncated,
    }),
  );

export const RESOLVER_DEFINITIONS: ResolverDefinitions = {
  [RESOLVER_NAMES.overview]: resolverCall(RESOLVER_NAMES.overview, overview),
  [RESOLVER_NAMES.directory]: resolverCall(RESOLVER_NAMES.directory, directory),
  [RESOLVER_NAMES.findingsList]: resolverCall(RESOLVER_NAMES.findingsList, findingsList),
  [RESOLVER_NAMES.personCard]: resolverCall(RESOLVER_NAMES.personCard, personCard),
  [RESOLVER_NAMES.planPreview]: resolverCall(RESOLVER_NAMES.planPreview, planPreview),
  [RESOLVER_NAMES.planApply]: resolverCall(RESOLVER_NAMES.planApply, planApply),
  [RESOLVER_NAMES.planConfirmStep]: resolverCall(RESOLVER_NAMES.planConfirmStep, planConfirmStep),
  [RESOLVER_NAMES.auditUndo]: resolverCall(RESOLVER_NAMES.auditUndo, auditUndo),
  [RESOLVER_NAMES.scanStart]: resolverCall(RESOLVER_NAMES.scanStart, scanStart),
  [RESOLVER_NAMES.scanStatus]: resolverCall(RESOLVER_NAMES.scanStatus, scanStatusCall),
  [RESOLVER_NAMES.policyGet]: resolverCall(RESOLVER_NAMES.policyGet, policyGet),
  [RESOLVER_NAMES.policySet]: resolverCall(RESOLVER_NAMES.policySet, policySet),
  [RESOLVER_NAMES.auditList]: resolverCall(RESOLVER_NAMES.auditList, auditList),
  [RESOLVER_NAMES.findingsExportCsv]: resolverCall(RESOLVER_NAMES.findingsExportCsv, findingsExportCsv),
};

export const resolver = defineResolvers(RESOLVER_DEFINITIONS);
