/**
 * get-person-card ("why can't X log in?"): all of a person's accounts side by side with their kinds, the
 * plain-language diagnosis from its findings (worst first), and what the app would do: the steps it applies
 * on its own (auto-fix), the steps an admin can apply from a plan, and the guided steps. Invisible persons
 * are reported as not found, so the card does not reveal who exists outside the viewer's scope.
 */
import { domainError, type DomainError } from '../../errors';
import {
  type Account,
  canSeeFinding,
  canSeePerson,
  type Finding,
  type PersonKey,
  type PlannedAction,
  SEVERITIES,
  toEmailKey,
  type Viewer,
} from '../../model';
import type { FindingStore, PersonStore, PointsBudget } from '../../ports';
import { err, ok, type Result } from '../../result';
import { kindLabel } from '../../rules/common';
import { autoFixPlan, planFixes } from '../../rules/planner';
import { createMeter } from '../shared/points';
import { loadSite, type SiteDeps } from '../shared/site-context';

export interface GetPersonCardDeps extends SiteDeps {
  readonly persons: PersonStore;
  readonly findings: FindingStore;
  readonly budget: PointsBudget;
}

export interface GetPersonCardInput {
  readonly viewer: Viewer;
  readonly person: { readonly personKey: PersonKey } | { readonly email: string };
  readonly now: number;
}

export interface PersonCard {
  readonly personKey: PersonKey;
  readonly accounts: readonly { readonly account: Account; readonly kindLabel: string }[];
  /** One line per finding, worst first; a reassuring line when there is none. */
  readonly diagnosis: readonly string[];
  readonly findings: readonly Finding[];
  readonly wouldDo: {
    readonly automatic: readonly PlannedAction[];
    readonly withApproval: readonly PlannedAction[];
    readonly guided: readonly PlannedAction[];
  };
}

const PAGE = 100;

export const getPersonCard = async (
  deps: GetPersonCardDeps,
  input: GetPersonCardInput,
): Promise<Result<PersonCard, DomainError>> => {
  const notFound = err(
    domainError({
      code: 'PERSON.NOT_FOUND',
      message: 'No such person in your scope. Run a scan if they are new.',
    }),
  );
  let key: PersonKey | null;
  if ('email' in input.person) {
    key = toEmailKey(input.person.email);
    if (key === null)
      return err(domainError({ code: 'INPUT.INVALID', message: 'That is not an email address.' }));
  } else key = input.person.personKey;
  const person = await deps.persons.get(key);
  const all: Finding[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.findings.list({ subjectKeys: [key] }, { cursor, limit: PAGE });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  if (person === null || !canSeePerson(input.viewer, person, all)) return notFound;

  const findings = all
    .filter((f) => canSeeFinding(input.viewer, f))
    .sort(
      (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || (a.id < b.id ? -1 : 1),
    );
  const loaded = await loadSite(deps, createMeter(deps.budget), input.now);
  if (!loaded.ok) return loaded;
  const site = loaded.value.site;
  const auto =
    site.policy.autoFixActorAccountId === null
      ? []
      : autoFixPlan(findings, site, { planId: 'preview', now: input.now }).actions;
  const autoKeys = new Set(auto.map((a) => a.key));
  const plan = planFixes(findings, site, { planId: 'preview', now: input.now });
  return ok({
    personKey: key,
    accounts: person.accounts.map((account) => ({ account, kindLabel: kindLabel(account.kind) })),
    diagnosis:
      findings.length === 0
        ? ['No problems found for this person: their accounts, roles and desk access are consistent.']
        : findings.map((f) => `${f.title}. ${f.explanation}`),
    findings,
    wouldDo: {
      automatic: auto,
      withApproval: plan.actions.filter(
        (a) => a.action.type !== 'guidedStep' && a.skipped === null && !autoKeys.has(a.key),
      ),
      guided: plan.actions.filter((a) => a.action.type === 'guidedStep'),
    },
  });
};
