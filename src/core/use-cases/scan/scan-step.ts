/**
 * scan-step: continue the running scan from its cursor, one step at a time (one page of one list, one bulk
 * lookup batch, or one in-store chunk), checkpointing after every step with compare-and-set. A tick stops
 * before a step whose worst-case cost would exceed the tick's points, when the deadline has passed, when the
 * installation budget refuses a reservation, or when another invocation moved the cursor. Any step may be
 * interrupted: it only merges facts (set union) or replaces whole subjects, so running it again after a crash
 * leaves the same state, and the final findings do not depend on where ticks stopped.
 */
import type { DomainError } from '../../errors';
import { isUnresolvedKey, type PersonKey, personKeyOf } from '../../model';
import { duplicateVariantKey } from '../../model/email-key';
import type { SiteContext } from '../../model/site';
import type {
  AccountFacts,
  Clock,
  Directory,
  GuestSpaceCache,
  PersonAssignment,
  PointsBudget,
  ScanCursor,
  ScanCursorStore,
  SiteSnapshot,
  WatchStore,
} from '../../ports';
import { ok, type Result } from '../../result';
import { kbSignupRisk } from '../../rules/kb-signup-risk';
import { createMeter, identityRead, LIMITS, type Meter } from '../shared/points';
import { linkedSpaceKeys, loadSite, type SiteDeps } from '../shared/site-context';
import { accountFromFacts, scanEvaluateChunk, type ScanEvaluateChunkDeps } from './scan-evaluate-chunk';
import { progressOf, type ScanProgress } from './scan-progress';
import { parseSource, type ParsedSource } from './scan-sources';

export interface ScanStepDeps extends SiteDeps, ScanEvaluateChunkDeps {
  readonly directory: Directory;
  readonly scanCursors: ScanCursorStore;
  readonly watch: WatchStore;
  readonly budget: PointsBudget;
  readonly clock: Clock;
  /** The guest → space cache the guests phase builds (ports/guest-spaces.ts); optional. */
  readonly guestSpaces?: GuestSpaceCache;
}

export interface ScanStepInput {
  readonly now: number;
  /** Points this tick may spend (the handler's share of the hourly budget). */
  readonly budgetPoints: number;
  /** Epoch ms after which no new step starts (the invocation's time limit minus one step's margin). */
  readonly deadlineMs: number;
  /** Stop after this many steps (tests and fine-grained handlers). */
  readonly maxSteps?: number;
}

export type ScanStopReason =
  'idle' | 'finished' | 'tick-budget' | 'deadline' | 'max-steps' | 'budget-exhausted' | 'conflict';

export interface ScanStepOutput {
  readonly progress: ScanProgress;
  readonly steps: number;
  /** Points spent by this tick. */
  readonly pointsUsed: number;
  readonly stoppedBecause: ScanStopReason;
  /** When the installation budget resets, if that is why the tick stopped. */
  readonly resetsAt: number | null;
}

/** Working-set page sizes: store reads, no REST points. */
const WORKING_SET_PAGE = 1000;
const EVALUATE_CHUNK = 200;
const SWEEP_PAGE = 100;

type StepOutcome =
  | { readonly kind: 'over-budget' }
  | {
      readonly kind: 'advanced';
      /** Where to continue this source; null when it is done. */
      readonly next: string | null;
      readonly items: number;
      readonly personsEvaluated: number;
    };

interface StepContext {
  readonly deps: ScanStepDeps;
  readonly meter: Meter;
  readonly cursor: ScanCursor;
  readonly site: SiteContext;
  readonly snapshot: SiteSnapshot;
  readonly canSpend: (estimate: number) => boolean;
}

const advanced = (next: string | null, items = 0, personsEvaluated = 0): StepOutcome => ({
  kind: 'advanced',
  next,
  items,
  personsEvaluated,
});

const listStep = async (
  ctx: StepContext,
  source: Extract<ParsedSource, { kind: 'group' | 'desk' }>,
): Promise<Result<StepOutcome, DomainError>> => {
  const limit = source.kind === 'group' ? LIMITS.groupMembersPage : LIMITS.deskCustomersPage;
  if (!ctx.canSpend(identityRead(limit))) return ok({ kind: 'over-budget' });
  const request = { cursor: ctx.cursor.cursor, limit };
  const page = await ctx.meter.run(
    identityRead(limit),
    () =>
      source.kind === 'group'
        ? ctx.deps.directory.membersOfGroup(source.id, request)
        : ctx.deps.serviceDesks.customersOfDesk(source.id, request),
    (p) => identityRead(p.items.length),
  );
  if (!page.ok) return page;
  await ctx.deps.workingSet.upsert(
    ctx.cursor.scanId,
    page.value.items.map((accountId): AccountFacts =>
      source.kind === 'group'
        ? { accountId, groupIds: [source.id] }
        : { accountId, customerOfDeskIds: [source.id] },
    ),
  );
  if (page.value.nextCursor === null) {
    // The list is read in full: its size and last page become the watch's watermark.
    await ctx.deps.watch.put({
      source: ctx.cursor.source,
      total: ctx.cursor.sourceItems + page.value.items.length,
      tailCursor: ctx.cursor.cursor,
      checkedAt: ctx.deps.clock.now(),
    });
  }
  return ok(advanced(page.value.nextCursor, page.value.items.length));
};

/**
 * Bulk lookups over the working set: read a page of accounts, pick those the lookup is for, call the API
 * for at most one batch, continue after the last account examined.
 */
const lookupStep = async (
  ctx: StepContext,
  pageSize: number,
  batchSize: number,
  wanted: (f: AccountFacts) => boolean,
  lookup: (ids: string[]) => Promise<Result<AccountFacts[], DomainError> | 'over-budget'>,
): Promise<Result<StepOutcome, DomainError>> => {
  const page = await ctx.deps.workingSet.accounts(ctx.cursor.scanId, {
    cursor: ctx.cursor.cursor,
    limit: pageSize,
  });
  const picked: string[] = [];
  let next = page.nextCursor;
  for (const facts of page.items) {
    if (!wanted(facts)) continue;
    picked.push(facts.accountId);
    if (picked.length === batchSize) {
      const last = page.items[page.items.length - 1];
      next = last !== undefined && last.accountId === facts.accountId ? page.nextCursor : facts.accountId;
      break;
    }
  }
  if (picked.length > 0) {
    const found = await lookup(picked);
    if (found === 'over-budget') return ok({ kind: 'over-budget' });
    if (!found.ok) return found;
    await ctx.deps.workingSet.upsert(ctx.cursor.scanId, found.value);
  }
  return ok(advanced(next, picked.length));
};

const profilesStep = (ctx: StepContext): Promise<Result<StepOutcome, DomainError>> =>
  lookupStep(
    ctx,
    LIMITS.profileBatch,
    LIMITS.profileBatch,
    () => true,
    async (ids) => {
      if (!ctx.canSpend(identityRead(ids.length))) return 'over-budget';
      const found = await ctx.meter.run(
        identityRead(ids.length),
        () => ctx.deps.directory.accountsByIds(ids),
        (p) => identityRead(p.length),
      );
      if (!found.ok) return found;
      const byId = new Map(found.value.map((p) => [p.accountId, p]));
      return ok(
        ids.map((accountId): AccountFacts => {
          const p = byId.get(accountId);
          return {
            accountId,
            profile:
              p === undefined
                ? null
                : {
                    kind: p.kind,
                    status: p.status,
                    displayName: p.displayName,
                    visibleEmail: p.visibleEmail,
                  },
          };
        }),
      );
    },
  );

const emailsStep = (ctx: StepContext): Promise<Result<StepOutcome, DomainError>> =>
  lookupStep(
    ctx,
    WORKING_SET_PAGE,
    LIMITS.emailBatch,
    (f) => f.profile != null && f.profile.visibleEmail === null && f.profile.kind !== 'app',
    async (ids) => {
      if (!ctx.canSpend(identityRead(ids.length))) return 'over-budget';
      const found = await ctx.meter.run(
        identityRead(ids.length),
        () => ctx.deps.directory.emailsByIds(ids),
        (m) => identityRead(m.size),
      );
      if (!found.ok) return found;
      return ok(ids.map((accountId) => ({ accountId, apiEmail: found.value.get(accountId) ?? null })));
    },
  );

/**
 * Guest facts of the guest-group members, every space read for their assigned space. Each guest's answer
 * goes into the guest → space cache; once the phase has read them all, the cache is built as of the scan's
 * start (every guest then has an entry observed after it: reconcile-person reads only changed spaces).
 */
const guestsStep = async (ctx: StepContext): Promise<Result<StepOutcome, DomainError>> => {
  const guestGroups = new Set(ctx.snapshot.info.guestGroupIds);
  const cache = ctx.deps.guestSpaces;
  const outcome = await lookupStep(
    ctx,
    WORKING_SET_PAGE,
    LIMITS.guestBatch,
    (f) =>
      f.profile != null &&
      (f.profile.kind === 'atlassian' || f.profile.kind === 'unknown') &&
      (f.groupIds ?? []).some((g) => guestGroups.has(g)),
    async (ids) => {
      if (!ctx.canSpend(identityRead(ids.length))) return 'over-budget';
      const observedAt = ctx.deps.clock.now();
      const found = await ctx.meter.run(
        identityRead(ids.length),
        () => ctx.deps.confluence.usersFacts(ids),
        (f) => identityRead(f.length),
      );
      if (!found.ok) return found;
      const guests = found.value.filter((f) => f.isGuest);
      if (cache !== undefined && guests.length > 0)
        await cache.put(
          guests.map((f) => ({ accountId: f.accountId, spaceKeys: f.guestSpaceKeys, observedAt })),
        );
      return ok(
        found.value.map((f) => ({
          accountId: f.accountId,
          guest: { isGuest: f.isGuest, hasUserRole: f.hasUserRole, guestSpaceKeys: f.guestSpaceKeys },
        })),
      );
    },
  );
  if (cache !== undefined && outcome.ok && outcome.value.kind === 'advanced' && outcome.value.next === null)
    await cache.markBuilt(ctx.cursor.startedAt);
  return outcome;
};

const personsStep = async (ctx: StepContext): Promise<Result<StepOutcome, DomainError>> => {
  const { scanId } = ctx.cursor;
  const page = await ctx.deps.workingSet.accounts(scanId, {
    cursor: ctx.cursor.cursor,
    limit: WORKING_SET_PAGE,
  });
  const assignments: PersonAssignment[] = [];
  for (const facts of page.items) {
    const account = accountFromFacts(facts, 0);
    if (account === null) continue;
    const personKey = personKeyOf(account);
    if (personKey === null) continue;
    const bucketKey = isUnresolvedKey(personKey) ? personKey : `variant:${duplicateVariantKey(personKey)}`;
    assignments.push({ accountId: account.accountId, personKey, bucketKey });
  }
  await ctx.deps.workingSet.assign(scanId, assignments);
  return ok(advanced(page.nextCursor, page.items.length));
};

const evaluateStep = async (ctx: StepContext): Promise<Result<StepOutcome, DomainError>> => {
  const chunk = await scanEvaluateChunk(ctx.deps, {
    scanId: ctx.cursor.scanId,
    firstSeenAt: ctx.cursor.startedAt,
    site: ctx.site,
    cursor: ctx.cursor.cursor,
    limit: EVALUATE_CHUNK,
  });
  if (!chunk.ok) return chunk;
  return ok(advanced(chunk.value.nextCursor, chunk.value.personsEvaluated, chunk.value.personsEvaluated));
};

const siteFindingsStep = async (ctx: StepContext): Promise<Result<StepOutcome, DomainError>> => {
  const findings = kbSignupRisk(ctx.site);
  for (const key of linkedSpaceKeys(ctx.site.policy)) {
    await ctx.deps.findings.replaceForSubject(
      `space:${key}`,
      findings.filter((f) => f.subject.type === 'space' && f.subject.spaceKey === key),
    );
  }
  return ok(advanced(null));
};

/** A stored person the scan did not see is gone, unless reconcile added or refreshed it since the scan began. */
const seenSinceScanStart = (ctx: StepContext, firstSeen: readonly (number | null)[]): boolean =>
  firstSeen.some((t) => t !== null && t >= ctx.cursor.startedAt);

const sweepPersonsStep = async (ctx: StepContext): Promise<Result<StepOutcome, DomainError>> => {
  const page = await ctx.deps.persons.keys({ cursor: ctx.cursor.cursor, limit: SWEEP_PAGE });
  const known = await ctx.deps.workingSet.knownPersonKeys(ctx.cursor.scanId, page.items);
  for (const key of page.items) {
    if (known.has(key)) continue;
    const person = await ctx.deps.persons.get(key);
    if (
      person !== null &&
      seenSinceScanStart(
        ctx,
        person.accounts.map((a) => a.firstSeenAt),
      )
    )
      continue;
    await ctx.deps.persons.remove(key);
    await ctx.deps.findings.replaceForSubject(key, []);
  }
  return ok(advanced(page.nextCursor, page.items.length));
};

const sweepFindingsStep = async (ctx: StepContext): Promise<Result<StepOutcome, DomainError>> => {
  const page = await ctx.deps.findings.subjectKeys({ cursor: ctx.cursor.cursor, limit: SWEEP_PAGE });
  const linked = new Set(linkedSpaceKeys(ctx.site.policy).map((k) => `space:${k}`));
  const personKeys = page.items.filter((k) => !k.startsWith('space:'));
  const known = await ctx.deps.workingSet.knownPersonKeys(ctx.cursor.scanId, personKeys);
  for (const key of page.items) {
    if (key.startsWith('space:')) {
      if (!linked.has(key)) await ctx.deps.findings.replaceForSubject(key, []);
      continue;
    }
    if (known.has(key)) continue;
    // Persons kept by the person sweep (added by reconcile since the scan began) keep their findings.
    if ((await ctx.deps.persons.get(key as PersonKey)) !== null) continue;
    await ctx.deps.findings.replaceForSubject(key, []);
  }
  return ok(advanced(page.nextCursor, page.items.length));
};

const runStep = async (ctx: StepContext): Promise<Result<StepOutcome, DomainError>> => {
  const source = parseSource(ctx.cursor.source);
  if (source === null) return ok(advanced(null)); // unknown source (written by a newer version): skip it
  if (source.kind !== 'phase') return listStep(ctx, source);
  switch (source.phase) {
    case 'profiles':
      return profilesStep(ctx);
    case 'emails':
      return emailsStep(ctx);
    case 'guests':
      return guestsStep(ctx);
    case 'persons':
      return personsStep(ctx);
    case 'evaluate':
      return evaluateStep(ctx);
    case 'site-findings':
      return siteFindingsStep(ctx);
    case 'sweep-persons':
      return sweepPersonsStep(ctx);
    case 'sweep-findings':
      return sweepFindingsStep(ctx);
    case 'cleanup':
      await ctx.deps.workingSet.clear(ctx.cursor.scanId);
      return ok(advanced(null));
  }
};

const nextCursor = async (
  ctx: StepContext,
  outcome: Extract<StepOutcome, { kind: 'advanced' }>,
  points: number,
): Promise<ScanCursor> => {
  const c = ctx.cursor;
  const now = ctx.deps.clock.now();
  const listing = parseSource(c.source)?.kind !== 'phase' || c.source === 'profiles';
  const accountsSeen = listing ? await ctx.deps.workingSet.count(c.scanId) : c.accountsSeen;
  const common = {
    accountsSeen,
    personsEvaluated: c.personsEvaluated + outcome.personsEvaluated,
    pointsUsed: c.pointsUsed + points,
    updatedAt: now,
  };
  if (outcome.next !== null) {
    return { ...c, ...common, cursor: outcome.next, sourceItems: c.sourceItems + outcome.items };
  }
  const sourcesDone = c.sourcesDone + 1;
  const following = c.sources[sourcesDone];
  return {
    ...c,
    ...common,
    sourcesDone,
    source: following ?? c.source,
    cursor: null,
    sourceItems: 0,
    finishedAt: following === undefined ? now : null,
  };
};

export const scanStep = async (
  deps: ScanStepDeps,
  input: ScanStepInput,
): Promise<Result<ScanStepOutput, DomainError>> => {
  const meter = createMeter(deps.budget);
  let cursor = await deps.scanCursors.get();
  const stop = (
    stoppedBecause: ScanStopReason,
    steps: number,
    resetsAt: number | null = null,
  ): Result<ScanStepOutput, DomainError> =>
    ok({ progress: progressOf(cursor), steps, pointsUsed: meter.used(), stoppedBecause, resetsAt });
  if (cursor === null) return stop('idle', 0);
  if (cursor.finishedAt !== null) return stop('finished', 0);

  const loaded = await loadSite(deps, meter, input.now);
  if (!loaded.ok) return loaded;
  let steps = 0;
  for (;;) {
    if (cursor.finishedAt !== null) return stop('finished', steps);
    if (input.maxSteps !== undefined && steps >= input.maxSteps) return stop('max-steps', steps);
    if (deps.clock.now() >= input.deadlineMs) return stop('deadline', steps);
    const before = meter.used();
    const ctx: StepContext = {
      deps,
      meter,
      cursor,
      site: loaded.value.site,
      snapshot: loaded.value.snapshot,
      canSpend: (estimate) => meter.used() + estimate <= input.budgetPoints,
    };
    const outcome = await runStep(ctx);
    if (!outcome.ok) {
      if (outcome.error.code === 'BUDGET.EXHAUSTED') {
        // Progress so far is checkpointed; with none, the caller learns when to come back.
        return steps === 0 ? outcome : stop('budget-exhausted', steps, outcome.error.resetsAt);
      }
      return outcome;
    }
    if (outcome.value.kind === 'over-budget') return stop('tick-budget', steps);
    const next = await nextCursor(ctx, outcome.value, meter.used() - before);
    if (!(await deps.scanCursors.save(next, cursor))) {
      cursor = await deps.scanCursors.get();
      return stop('conflict', steps);
    }
    cursor = next;
    steps += 1;
  }
};
