/**
 * reconcile-person (product.md §4 "Event"): re-read one person with the fewest REST points, re-evaluate it,
 * store its findings, and apply the safe fixes the Links' auto-fix switches allow.
 *
 * Reads (all budgeted): the target account's profile, its email through the app-only email lookup when the
 * profile hides it, its groups (Atlassian accounts only; portal-only accounts have none), its Confluence guest
 * facts. Desk membership comes from the stored snapshot plus the job's hints; only when the account is new to
 * the app are twins searched for by email: each desk's list filtered by email, plus the directory search
 * when no person is known under that email yet (`needsDirectorySearch`). Accounts
 * of the stored person that were not re-read keep their stored facts. Reporters and first-seen times only
 * ever come from the snapshot, the hints, or the app's own first observation (`now`).
 *
 * Auto-fix: only `autoFixPlan` steps (safe additions the Link allows, never protected accounts), written as
 * `policy.autoFixActorAccountId`; none when it is null. Each write is audited with before/after membership.
 *
 * Idempotent: the same input on the same site stores the same person and findings; a fix already in place is
 * never written twice (its finding no longer fires, so no step and no audit entry is produced).
 */
import { domainError, type DomainError } from '../../errors';
import {
  type Account,
  type AuditEntry,
  type ChangeAction,
  type EmailSource,
  type Finding,
  isUnresolvedKey,
  type PersonKey,
  personKeyOf,
  toEmailKey,
} from '../../model';
import type { Person } from '../../model/person';
import type {
  AuditLog,
  Clock,
  ConfluenceUserFacts,
  Directory,
  DirectoryProfile,
  GuestSpaceCache,
  IdSource,
  Impersonation,
  PlanStore,
  PointsBudget,
  ReconcileHints,
} from '../../ports';
import { err, ok, type Result } from '../../result';
import { autoFixPlan, appliedSteps } from '../../rules/planner';
import { applyToPerson } from '../../rules/simulate';
import { byString, sortedUnique } from '../../rules/common';
import { applyChange } from '../shared/apply-change';
import { type EvaluationDeps, storeEvaluation } from '../shared/evaluation';
import { batches, createMeter, identityRead, LIMITS, type Meter } from '../shared/points';
import { loadSite, relevantGroupIds, type SiteDeps } from '../shared/site-context';
import { type GuestSpaceCacheState, guestSpaceKeysOf, planGuestSpaceRead } from './guest-space-cache';

export interface ReconcilePersonDeps extends SiteDeps, EvaluationDeps {
  readonly directory: Directory;
  readonly plans: PlanStore;
  readonly audit: AuditLog;
  readonly budget: PointsBudget;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly impersonation: Impersonation;
  /** The guest → space cache; without it every guest's space is looked up across every space. */
  readonly guestSpaces?: GuestSpaceCache;
}

export type ReconcileTarget = { readonly accountId: string } | { readonly personKey: PersonKey };

export interface ReconcilePersonInput {
  readonly target: ReconcileTarget;
  /** Why (event name, `watch-delta`, `admin-recheck`): for logs only, never changes the outcome. */
  readonly reason: string;
  readonly now: number;
  readonly hints?: ReconcileHints;
}

export interface ReconcilePersonOutput {
  /** The person the target belongs to now; null when none of its accounts exist any more. */
  readonly personKey: PersonKey | null;
  /** The person's stored findings after reconciliation (and after any auto-fix). */
  readonly findings: readonly Finding[];
  /** Audit entries of the auto-fix steps this run performed (applied, or failed). */
  readonly applied: readonly AuditEntry[];
  /** The person the account belonged to before, when its email moved it to another person. */
  readonly movedFrom: PersonKey | null;
  readonly pointsUsed: number;
}

interface LiveFacts {
  readonly profiles: Map<string, DirectoryProfile>;
  readonly apiEmails: Map<string, string | null>;
}

const readProfiles = async (
  deps: ReconcilePersonDeps,
  meter: Meter,
  ids: readonly string[],
  into: LiveFacts,
): Promise<Result<void, DomainError>> => {
  for (const batch of batches(ids, LIMITS.profileBatch)) {
    const found = await meter.run(
      identityRead(batch.length),
      () => deps.directory.accountsByIds(batch),
      (p) => identityRead(p.length),
    );
    if (!found.ok) return found;
    for (const p of found.value) into.profiles.set(p.accountId, p);
  }
  const hidden = ids.filter((id) => {
    const p = into.profiles.get(id);
    return p !== undefined && p.visibleEmail === null && p.kind !== 'app';
  });
  for (const batch of batches(hidden, LIMITS.emailBatch)) {
    const emails = await meter.run(
      identityRead(batch.length),
      () => deps.directory.emailsByIds(batch),
      (m) => identityRead(m.size),
    );
    if (!emails.ok) return emails;
    for (const id of batch) into.apiEmails.set(id, emails.value.get(id) ?? null);
  }
  return ok(undefined);
};

const emailOf = (
  id: string,
  live: LiveFacts,
): { readonly email: string | null; readonly emailSource: EmailSource } => {
  const profile = live.profiles.get(id);
  if (profile?.visibleEmail != null) return { email: profile.visibleEmail, emailSource: 'profile' };
  const fromApi = live.apiEmails.get(id);
  return fromApi != null
    ? { email: fromApi, emailSource: 'email-api' }
    : { email: null, emailSource: 'unresolved' };
};

/**
 * Whether an account new to the app needs the directory's email search for twins: only when the app knows
 * no person under its email yet. A known person's accounts are stored (each came from a scan, an event or
 * the watch), and an account added since raises its own event or is caught by the watch.
 */
export const needsDirectorySearch = (knownPersonForEmail: boolean): boolean => !knownPersonForEmail;

/**
 * Twins the email search found whose profiles must be read: not the accounts already read, and not the
 * accounts the app already stores under that email (their stored facts stand, like any stored account that
 * is not the target: a change to one of them raises its own event or is caught by the watch).
 */
export const twinsToRead = (
  found: readonly string[],
  alreadyRead: readonly string[],
  storedUnderEmail: readonly string[],
): string[] =>
  sortedUnique(found.filter((id) => !alreadyRead.includes(id) && !storedUnderEmail.includes(id)));

/**
 * Accounts whose Confluence guest facts are read: members of a guest group, the same rule as the scan's
 * guests phase (anyone else is reported as no guest, no licensed role, no space).
 */
export const guestCandidates = (
  humans: readonly string[],
  relevantGroupsOf: ReadonlyMap<string, readonly string[]>,
  guestGroupIds: readonly string[],
): string[] => humans.filter((id) => (relevantGroupsOf.get(id) ?? []).some((g) => guestGroupIds.includes(g)));

/**
 * Twins of an account new to the app: the directory's email search (when `directory`) and each desk's list
 * filtered by email (always: desk membership has no per-account read).
 */
const searchByEmail = async (
  deps: ReconcilePersonDeps,
  meter: Meter,
  email: string,
  deskIds: readonly string[],
  directory: boolean,
): Promise<Result<{ ids: Set<string>; deskHits: Map<string, string[]> }, DomainError>> => {
  const ids = new Set<string>();
  if (directory) {
    const found = await meter.run(
      identityRead(LIMITS.emailMatchesEstimate),
      () => deps.directory.accountIdsForEmail(email),
      (list) => identityRead(list.length),
    );
    if (!found.ok) return found;
    for (const id of found.value) ids.add(id);
  }
  const deskHits = new Map<string, string[]>();
  for (const deskId of deskIds) {
    let cursor: string | null = null;
    do {
      const page = await meter.run(
        identityRead(LIMITS.deskCustomersPage),
        () => deps.serviceDesks.customersOfDesk(deskId, { cursor, limit: LIMITS.deskCustomersPage }, email),
        (p) => identityRead(p.items.length),
      );
      if (!page.ok) return page;
      for (const id of page.value.items) {
        ids.add(id);
        deskHits.set(id, [...(deskHits.get(id) ?? []), deskId]);
      }
      cursor = page.value.nextCursor;
    } while (cursor !== null);
  }
  return ok({ ids, deskHits });
};

/**
 * Guest facts of one batch. With the guest → space cache, only the spaces whose permissions changed since
 * the guests' entries (or the cache's build) are read for their assigned space, not every space of the site;
 * the guests' answers go back into the cache. Without it (or when it cannot answer), every space is read.
 */
const readGuestFacts = async (
  deps: ReconcilePersonDeps,
  meter: Meter,
  batch: readonly string[],
  now: number,
): Promise<Result<ConfluenceUserFacts[], DomainError>> => {
  const cache = deps.guestSpaces;
  const state: GuestSpaceCacheState =
    cache === undefined
      ? { builtAt: null, entries: new Map(), changes: [] }
      : {
          builtAt: await cache.builtAt(),
          entries: new Map((await cache.entries(batch)).map((e) => [e.accountId, e])),
          changes: await cache.changes(),
        };
  const read = planGuestSpaceRead(batch, state, now);
  const facts = await meter.run(
    identityRead(batch.length),
    () =>
      deps.confluence.usersFacts(
        batch,
        read.kind === 'spaces' ? { onlySpaceKeys: read.spaceKeys } : undefined,
      ),
    (f) => identityRead(f.length),
  );
  if (!facts.ok) return facts;
  const out = facts.value.map((f) =>
    f.isGuest ? { ...f, guestSpaceKeys: guestSpaceKeysOf(f.accountId, state, read, f.guestSpaceKeys) } : f,
  );
  const guests = out.filter((f) => f.isGuest);
  if (cache !== undefined && guests.length > 0)
    await cache.put(
      guests.map((f) => ({ accountId: f.accountId, spaceKeys: f.guestSpaceKeys, observedAt: now })),
    );
  return ok(out);
};

const memberNow = (account: Account | undefined, action: ChangeAction): boolean => {
  if (account === undefined) return false;
  return action.type === 'addToGroup' || action.type === 'removeFromGroup'
    ? account.groupIds.includes(action.groupId)
    : account.customerOfDeskIds.includes(action.deskId);
};

export const reconcilePerson = async (
  deps: ReconcilePersonDeps,
  input: ReconcilePersonInput,
): Promise<Result<ReconcilePersonOutput, DomainError>> => {
  const meter = createMeter(deps.budget);
  const loaded = await loadSite(deps, meter, input.now);
  if (!loaded.ok) return loaded;
  const { site, snapshot } = loaded.value;
  const relevant = new Set(relevantGroupIds(snapshot.info, site.policy));

  // 1. Which accounts to re-read, and what the app knew before.
  const targetAccountId = 'accountId' in input.target ? input.target.accountId : null;
  const previousKey =
    targetAccountId !== null
      ? await deps.persons.keyOfAccount(targetAccountId)
      : (input.target as { personKey: PersonKey }).personKey;
  const stored = previousKey === null ? null : await deps.persons.get(previousKey);
  const readIds =
    targetAccountId !== null ? [targetAccountId] : (stored?.accounts.map((a) => a.accountId) ?? []);
  const live: LiveFacts = { profiles: new Map(), apiEmails: new Map() };
  const read = await readProfiles(deps, meter, readIds, live);
  if (!read.ok) return read;

  // 2. A person new to the app: find its twins by email (portal-only customers raise no event).
  let deskHits: Map<string, string[]> | null = null;
  const targetEmail =
    targetAccountId !== null
      ? emailOf(targetAccountId, live).email
      : !isUnresolvedKey(previousKey as PersonKey)
        ? (previousKey as string)
        : null;
  const targetEmailKey = targetEmail === null ? null : toEmailKey(targetEmail);
  if (stored === null && targetEmail !== null && targetEmailKey !== null) {
    const knownPerson = await deps.persons.get(targetEmailKey);
    const search = await searchByEmail(
      deps,
      meter,
      targetEmail,
      site.desks.map((d) => d.id),
      needsDirectorySearch(knownPerson !== null),
    );
    if (!search.ok) return search;
    deskHits = search.value.deskHits;
    const extra = twinsToRead(
      [...search.value.ids],
      readIds,
      (knownPerson?.accounts ?? []).map((a) => a.accountId),
    );
    const more = await readProfiles(deps, meter, extra, live);
    if (!more.ok) return more;
    readIds.push(...extra);
  }
  const present = readIds.filter((id) => live.profiles.has(id));
  if (present.length === 0 && stored === null) {
    return err(
      domainError({ code: 'PERSON.NOT_FOUND', message: 'No account of this person exists on the site.' }),
    );
  }

  // 3. Groups of the Atlassian accounts read, and guest facts of those in a guest group (as in the scan).
  const humans = present.filter((id) => {
    const kind = live.profiles.get(id)?.kind;
    return kind === 'atlassian' || kind === 'unknown';
  });
  const groups = new Map<string, string[]>();
  for (const id of humans) {
    const g = await meter.run(
      identityRead(LIMITS.groupsOfAccountEstimate),
      () => deps.directory.groupsOfAccount(id),
      (list) => identityRead(list.length),
    );
    if (!g.ok) return g;
    groups.set(id, sortedUnique(g.value.filter((x) => relevant.has(x))));
  }
  const guestFacts = new Map<string, ConfluenceUserFacts>();
  const inGuestGroup = guestCandidates(humans, groups, snapshot.info.guestGroupIds);
  for (const batch of batches(inGuestGroup, LIMITS.guestBatch)) {
    const facts = await readGuestFacts(deps, meter, batch, input.now);
    if (!facts.ok) return facts;
    for (const f of facts.value) guestFacts.set(f.accountId, f);
  }

  // 4. Build the fresh accounts, re-using stored facts the APIs cannot give per account (reporters, first
  //    seen), wherever the app stored them: in this person, or in the person a twin was filed under.
  const storedById = new Map((stored?.accounts ?? []).map((a) => [a.accountId, a]));
  for (const id of present) {
    if (storedById.has(id)) continue;
    const key = await deps.persons.keyOfAccount(id);
    const other = key === null ? null : await deps.persons.get(key);
    const account = other?.accounts.find((a) => a.accountId === id);
    if (account !== undefined) storedById.set(id, account);
  }
  const fresh: Account[] = present.map((id) => {
    const profile = live.profiles.get(id) as DirectoryProfile;
    const before = storedById.get(id);
    const hints = id === targetAccountId ? input.hints : undefined;
    const guest = guestFacts.get(id);
    const deskIds = deskHits?.get(id) ?? before?.customerOfDeskIds ?? [];
    return {
      accountId: id,
      kind: profile.kind,
      status: profile.status,
      displayName: profile.displayName,
      ...emailOf(id, live),
      groupIds: groups.get(id) ?? [],
      isGuest: guest?.isGuest ?? false,
      hasConfluenceUserRole: guest?.hasUserRole ?? false,
      guestSpaceKeys: sortedUnique(guest?.guestSpaceKeys ?? []),
      customerOfDeskIds: sortedUnique([...deskIds, ...(hints?.customerOfDeskIds ?? [])]),
      reporterOnDeskIds: sortedUnique([
        ...(before?.reporterOnDeskIds ?? []),
        ...(hints?.reporterOnDeskIds ?? []),
      ]),
      firstSeenAt: before?.firstSeenAt ?? input.now,
    };
  });

  // 5. The person now: fresh accounts of the target's key plus stored accounts that were not re-read.
  const targetKey: PersonKey | null =
    targetAccountId !== null
      ? (() => {
          const acc = fresh.find((a) => a.accountId === targetAccountId);
          return acc === undefined ? null : personKeyOf(acc);
        })()
      : previousKey;
  const keep = (stored?.accounts ?? []).filter(
    (a) => !readIds.includes(a.accountId) && (targetKey === null || personKeyOf(a) === targetKey),
  );
  const mine = fresh.filter((a) => targetKey !== null && personKeyOf(a) === targetKey);

  let movedFrom: PersonKey | null = null;
  if (stored !== null && previousKey !== null && previousKey !== targetKey) {
    // The target left its old person (email changed, or the account is gone): re-evaluate what remains.
    movedFrom = previousKey;
    const remaining = stored.accounts.filter((a) => a.accountId !== targetAccountId);
    await storeEvaluation(deps, { emailKey: stored.emailKey, accounts: remaining }, site);
  }
  if (targetKey === null) {
    return ok({ personKey: null, findings: [], applied: [], movedFrom, pointsUsed: meter.used() });
  }
  const priorOfTarget =
    targetKey === previousKey ? [] : ((await deps.persons.get(targetKey))?.accounts ?? []);
  const merged = new Map<string, Account>();
  for (const a of [...priorOfTarget, ...keep, ...mine]) merged.set(a.accountId, a);
  let person: Person = {
    emailKey: targetKey,
    accounts: [...merged.values()].sort((a, b) => byString(a.accountId, b.accountId)),
  };
  let findings = await storeEvaluation(deps, person, site);

  // 6. Auto-fix: safe additions the Links allow, written as the admin who switched it on.
  const actorId = site.policy.autoFixActorAccountId;
  const applied: AuditEntry[] = [];
  if (actorId !== null) {
    const plan = autoFixPlan(findings, site, { planId: deps.ids.next(), now: input.now });
    const steps = appliedSteps(plan);
    if (steps.length > 0) {
      await deps.plans.put(plan);
      await deps.plans.startApplication({
        planId: plan.id,
        actorAccountId: actorId,
        startedAt: input.now,
        finishedAt: null,
        status: 'applying',
        skippedActionKeys: [],
        auditIds: [],
        failed: null,
        notAttemptedActionKeys: steps.map((s) => s.key),
      });
      const writer = deps.impersonation.writerFor(actorId);
      const inPlace: ChangeAction[] = [];
      let failed: { actionKey: string; errorCode: string; auditId: string } | null = null;
      let index = 0;
      for (const step of steps) {
        const action = step.action as ChangeAction;
        const account = person.accounts.find((a) => a.accountId === action.accountId);
        const result = await applyChange(deps, meter, writer, {
          action,
          memberBefore: memberNow(account, action),
          actor: { type: 'auto', onBehalfOf: actorId },
          planId: plan.id,
          undoOf: null,
          account,
        });
        index += 1;
        if (!result.ok) {
          applied.push(result.error.entry);
          failed = {
            actionKey: step.key,
            errorCode: result.error.error.code,
            auditId: result.error.entry.id,
          };
          break;
        }
        applied.push(result.value);
        inPlace.push(action);
      }
      await deps.plans.saveApplication({
        planId: plan.id,
        actorAccountId: actorId,
        startedAt: input.now,
        finishedAt: deps.clock.now(),
        status: failed === null ? 'applied' : 'failed',
        skippedActionKeys: [],
        auditIds: applied.filter((e) => e.outcome !== 'failed').map((e) => e.id),
        failed,
        notAttemptedActionKeys: steps.slice(index).map((s) => s.key),
      });
      if (inPlace.length > 0) {
        person = applyToPerson(person, inPlace);
        findings = await storeEvaluation(deps, person, site);
      }
    }
  }
  return ok({ personKey: targetKey, findings, applied, movedFrom, pointsUsed: meter.used() });
};
