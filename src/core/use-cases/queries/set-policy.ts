/**
 * set-policy (site admin only): validate and store the Links, protected accounts and blast-radius threshold.
 * Every desk, space and group a Link names must exist on the site (read afresh, budgeted; the site snapshot
 * is refreshed with it). The auto-fix actor is never taken from the input: an admin who switches on an
 * auto-fix switch that was off becomes the actor automatic writes run as; switching every switch off clears it.
 */
import { domainError, type DomainError } from '../../errors';
import type { Link, Policy, Viewer } from '../../model';
import type { PointsBudget } from '../../ports';
import { err, ok, type Result } from '../../result';
import { createMeter } from '../shared/points';
import { readSiteSnapshot, type SiteDeps } from '../shared/site-context';
import { requireSiteAdmin } from '../shared/visibility';

export interface SetPolicyDeps extends SiteDeps {
  readonly budget: PointsBudget;
}

export interface PolicyInput {
  readonly links: readonly Link[];
  readonly protectedAccountIds: readonly string[];
  readonly blastRadiusThreshold: number;
}

export interface SetPolicyInput {
  readonly viewer: Viewer;
  readonly actorAccountId: string;
  readonly policy: PolicyInput;
  readonly now: number;
}

type Issue = { readonly path: string; readonly message: string };

const switchesOn = (links: readonly Link[]): Set<string> =>
  new Set(
    links.flatMap((l) => [
      ...(l.autoFix.customerRole ? [`${l.id}:customerRole`] : []),
      ...(l.autoFix.linkedGroupAdd ? [`${l.id}:linkedGroupAdd`] : []),
    ]),
  );

const shapeIssues = (input: PolicyInput): Issue[] => {
  const issues: Issue[] = [];
  if (!Number.isInteger(input.blastRadiusThreshold) || input.blastRadiusThreshold < 0) {
    issues.push({ path: 'blastRadiusThreshold', message: 'must be a whole number, 0 or more' });
  }
  const seen = new Set<string>();
  input.links.forEach((link, i) => {
    if (seen.has(link.id)) issues.push({ path: `links.${i}.id`, message: `duplicate Link id ${link.id}` });
    seen.add(link.id);
    link.allowedDomains.forEach((d, j) => {
      if (d !== d.trim().toLowerCase() || d.length === 0 || d.includes('@')) {
        issues.push({
          path: `links.${i}.allowedDomains.${j}`,
          message: 'must be a lower-case domain such as example.com',
        });
      }
    });
  });
  return issues;
};

export const setPolicy = async (
  deps: SetPolicyDeps,
  input: SetPolicyInput,
): Promise<Result<Policy, DomainError>> => {
  const forbidden = requireSiteAdmin(input.viewer);
  if (forbidden !== null) return err(forbidden);
  const invalid = (issues: Issue[]): Result<never, DomainError> =>
    err(
      domainError({
        code: 'INPUT.INVALID',
        message: 'The policy refers to things that do not exist or is malformed.',
        issues,
      }),
    );
  const shape = shapeIssues(input.policy);
  if (shape.length > 0) return invalid(shape);

  const previous = await deps.policies.get();
  const before = switchesOn(previous.links);
  const after = switchesOn(input.policy.links);
  const newlyOn = [...after].some((s) => !before.has(s));
  const candidate: Policy = {
    schemaVersion: 1,
    links: input.policy.links,
    protectedAccountIds: [...new Set(input.policy.protectedAccountIds)].sort(),
    blastRadiusThreshold: input.policy.blastRadiusThreshold,
    autoFixActorAccountId:
      after.size === 0
        ? null
        : newlyOn
          ? input.actorAccountId
          : (previous.autoFixActorAccountId ?? input.actorAccountId),
  };

  const snapshot = await readSiteSnapshot(deps, createMeter(deps.budget), candidate, input.now);
  if (!snapshot.ok) return snapshot;
  const desks = new Set(snapshot.value.desks.map((d) => d.id));
  const spaces = new Set(snapshot.value.spaces.map((s) => s.key));
  const groups = new Set(snapshot.value.groups.map((g) => g.id));
  const issues: Issue[] = [];
  candidate.links.forEach((link, i) => {
    if (!desks.has(link.deskId))
      issues.push({ path: `links.${i}.deskId`, message: `no service desk ${link.deskId}` });
    link.spaceKeys.forEach((k, j) => {
      if (!spaces.has(k)) issues.push({ path: `links.${i}.spaceKeys.${j}`, message: `no space ${k}` });
    });
    link.groupIds.forEach((g, j) => {
      if (!groups.has(g)) issues.push({ path: `links.${i}.groupIds.${j}`, message: `no group ${g}` });
    });
  });
  if (issues.length > 0) return invalid(issues);
  await deps.policies.put(candidate);
  await deps.siteSnapshots.put(snapshot.value);
  return ok(candidate);
};
