/**
 * Storing a person's evaluation. POSSIBLE_DUPLICATE compares persons with each other, so only a scan
 * (which sees whole variant buckets) refreshes it; a per-person evaluation keeps the stored ones as they are.
 */
import type { ChangeAction, Finding } from '../../model';
import type { Person } from '../../model/person';
import type { SiteContext } from '../../model/site';
import type { FindingStore, PersonStore } from '../../ports';
import { evaluatePerson } from '../../rules/evaluate';
import { applyToPerson } from '../../rules/simulate';

export interface EvaluationDeps {
  readonly persons: PersonStore;
  readonly findings: FindingStore;
}

const CROSS_PERSON_PAGE = 100;

/** The stored cross-person findings (POSSIBLE_DUPLICATE) of this subject. */
export const storedCrossPersonFindings = async (
  findings: FindingStore,
  subjectKey: string,
): Promise<Finding[]> => {
  const out: Finding[] = [];
  let cursor: string | null = null;
  do {
    const page = await findings.list(
      { codes: ['POSSIBLE_DUPLICATE'], subjectKeys: [subjectKey] },
      { cursor, limit: CROSS_PERSON_PAGE },
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
};

/**
 * Store the person (or remove it when it has no accounts left) and replace its findings with a fresh
 * evaluation. Idempotent: the same person and site give the same stored state.
 */
export const storeEvaluation = async (
  deps: EvaluationDeps,
  person: Person,
  site: SiteContext,
): Promise<Finding[]> => {
  // Findings are stored before the person: an invocation that dies between the two leaves the findings
  // true to the site and the person snapshot one step behind, which the next live read repairs. The other
  // order would leave a fixed finding listed with a snapshot that plans nothing for it (crash.test.ts).
  if (person.accounts.length === 0) {
    await deps.findings.replaceForSubject(person.emailKey, []);
    await deps.persons.remove(person.emailKey);
    return [];
  }
  const kept = await storedCrossPersonFindings(deps.findings, person.emailKey);
  const findings = [...evaluatePerson(person, site), ...kept];
  await deps.findings.replaceForSubject(person.emailKey, findings);
  await deps.persons.put(person);
  return findings;
};

/**
 * After change actions took effect on the site, bring the stored persons in line (the simulator applies
 * them to the snapshots) and re-evaluate each affected person once. No REST reads.
 */
export const reflectChanges = async (
  deps: EvaluationDeps,
  site: SiteContext,
  actions: readonly ChangeAction[],
): Promise<void> => {
  const byPerson = new Map<string, ChangeAction[]>();
  for (const action of actions) {
    const key = await deps.persons.keyOfAccount(action.accountId);
    if (key === null) continue;
    const list = byPerson.get(key);
    if (list === undefined) byPerson.set(key, [action]);
    else list.push(action);
  }
  for (const [key, list] of byPerson) {
    const person = await deps.persons.get(key as Person['emailKey']);
    if (person === null) continue;
    await storeEvaluation(deps, applyToPerson(person, list), site);
  }
};
