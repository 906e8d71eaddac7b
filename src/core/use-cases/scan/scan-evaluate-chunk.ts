/**
 * scan-evaluate-chunk: evaluate one chunk of the scan's working set. The working set hands out whole
 * POSSIBLE_DUPLICATE buckets (persons whose email keys fold to the same variant), so every rule, including
 * the cross-person one, sees everything it needs inside one chunk, and the result does not depend on where
 * the chunks start or stop. Each person is stored with its findings replaced (idempotent on replay).
 */
import type { DomainError } from '../../errors';
import { type Account, type Finding, groupIntoPersons } from '../../model';
import type { Person } from '../../model/person';
import type { SiteContext } from '../../model/site';
import type { AccountFacts, FindingStore, PersonStore, ScanWorkingSet } from '../../ports';
import { ok, type Result } from '../../result';
import { byString, sortedUnique } from '../../rules/common';
import { evaluatePerson } from '../../rules/evaluate';
import { possibleDuplicates } from '../../rules/possible-duplicate';

export interface ScanEvaluateChunkDeps {
  readonly workingSet: ScanWorkingSet;
  readonly persons: PersonStore;
  readonly findings: FindingStore;
}

export interface ScanEvaluateChunkInput {
  readonly scanId: string;
  /** First observation time of accounts the app never saw (the scan's start, so resumes agree). */
  readonly firstSeenAt: number;
  readonly site: SiteContext;
  readonly cursor: string | null;
  readonly limit: number;
}

export interface ScanEvaluateChunkOutput {
  readonly nextCursor: string | null;
  readonly personsEvaluated: number;
}

/** An account from merged facts; null when the directory no longer knows it (or it was never profiled). */
export const accountFromFacts = (facts: AccountFacts, firstSeenAt: number): Account | null => {
  const profile = facts.profile;
  if (profile == null) return null;
  const email = profile.visibleEmail ?? facts.apiEmail ?? null;
  return {
    accountId: facts.accountId,
    kind: profile.kind,
    status: profile.status,
    displayName: profile.displayName,
    email,
    emailSource: profile.visibleEmail !== null ? 'profile' : email !== null ? 'email-api' : 'unresolved',
    groupIds: sortedUnique(facts.groupIds ?? []),
    isGuest: facts.guest?.isGuest ?? false,
    hasConfluenceUserRole: facts.guest?.hasUserRole ?? false,
    guestSpaceKeys: sortedUnique(facts.guest?.guestSpaceKeys ?? []),
    customerOfDeskIds: sortedUnique(facts.customerOfDeskIds ?? []),
    reporterOnDeskIds: [],
    firstSeenAt,
  };
};

/** Keep what only the stored snapshot knows: reporters (no list source) and first-seen times. */
const withStoredFacts = (person: Person, stored: Person | null): Person => {
  if (stored === null) return person;
  const byId = new Map(stored.accounts.map((a) => [a.accountId, a]));
  return {
    ...person,
    accounts: person.accounts.map((a) => {
      const before = byId.get(a.accountId);
      return before === undefined
        ? a
        : {
            ...a,
            reporterOnDeskIds: before.reporterOnDeskIds,
            firstSeenAt: before.firstSeenAt ?? a.firstSeenAt,
          };
    }),
  };
};

export const scanEvaluateChunk = async (
  deps: ScanEvaluateChunkDeps,
  input: ScanEvaluateChunkInput,
): Promise<Result<ScanEvaluateChunkOutput, DomainError>> => {
  const page = await deps.workingSet.buckets(input.scanId, { cursor: input.cursor, limit: input.limit });
  let evaluated = 0;
  for (const bucket of page.items) {
    const accounts = bucket.accounts
      .map((f) => accountFromFacts(f, input.firstSeenAt))
      .filter((a): a is Account => a !== null);
    const persons: Person[] = [];
    for (const fresh of groupIntoPersons(accounts)) {
      persons.push(withStoredFacts(fresh, await deps.persons.get(fresh.emailKey)));
    }
    const bySubject = new Map<string, Finding[]>(
      persons.map((p) => [p.emailKey as string, evaluatePerson(p, input.site)]),
    );
    for (const f of possibleDuplicates(persons, input.site)) {
      if (f.subject.type === 'person') bySubject.get(f.subject.emailKey)?.push(f);
    }
    for (const person of [...persons].sort((a, b) => byString(a.emailKey, b.emailKey))) {
      await deps.persons.put(person);
      await deps.findings.replaceForSubject(person.emailKey, bySubject.get(person.emailKey) ?? []);
      evaluated += 1;
    }
  }
  return ok({ nextCursor: page.nextCursor, personsEvaluated: evaluated });
};
