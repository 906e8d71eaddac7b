/**
 * Visibility scoping inside the use cases (product.md §5 "Scoping"): the entry layer says who the viewer
 * is; every query and every command narrows to what that viewer may see, and re-checks each item read.
 */
import { domainError, type DomainError } from '../../errors';
import { type Action, canSeePerson, type Viewer } from '../../model';
import type { Person } from '../../model/person';
import type { FindingQuery, PersonStore } from '../../ports';

/** The filter a caller may narrow by (all optional; intersected with the viewer's scope). */
export interface FindingFilter {
  readonly codes?: FindingQuery['codes'];
  readonly severities?: FindingQuery['severities'];
  readonly deskIds?: readonly string[];
  readonly spaceKeys?: readonly string[];
  /** Free text (part of an email or a name): applied by shared/search.ts `searchedQuery`, not here. */
  readonly search?: string;
}

const narrow = (allowed: readonly string[], wanted: readonly string[] | undefined): readonly string[] =>
  wanted === undefined ? allowed : wanted.filter((x) => allowed.includes(x));

/** The store query for this viewer and filter; null when the intersection is empty (nothing to show). */
export const scopedQuery = (viewer: Viewer, filter: FindingFilter = {}): FindingQuery | null => {
  const base: FindingQuery = {
    ...(filter.codes !== undefined ? { codes: filter.codes } : {}),
    ...(filter.severities !== undefined ? { severities: filter.severities } : {}),
  };
  switch (viewer.kind) {
    case 'site-admin':
      return {
        ...base,
        ...(filter.deskIds !== undefined ? { anyDeskIds: filter.deskIds } : {}),
        ...(filter.spaceKeys !== undefined ? { anySpaceKeys: filter.spaceKeys } : {}),
      };
    case 'project-admin': {
      const desks = narrow(viewer.deskIds, filter.deskIds);
      if (desks.length === 0) return null;
      return {
        ...base,
        anyDeskIds: desks,
        ...(filter.spaceKeys !== undefined ? { anySpaceKeys: filter.spaceKeys } : {}),
      };
    }
    case 'space-admin': {
      const spaces = narrow(viewer.spaceKeys, filter.spaceKeys);
      if (spaces.length === 0) return null;
      return {
        ...base,
        anySpaceKeys: spaces,
        ...(filter.deskIds !== undefined ? { anyDeskIds: filter.deskIds } : {}),
      };
    }
  }
};

export const requireSiteAdmin = (viewer: Viewer): DomainError | null =>
  viewer.kind === 'site-admin'
    ? null
    : domainError({
        code: 'AUTH.FORBIDDEN',
        message: 'Only a Jira (site) admin may do this.',
        required: 'site-admin',
      });

/** A person snapshot cache for one invocation. */
export const personLookup = (persons: PersonStore): ((accountId: string) => Promise<Person | null>) => {
  const cache = new Map<string, Person | null>();
  return async (accountId) => {
    const key = await persons.keyOfAccount(accountId);
    if (key === null) return null;
    if (!cache.has(key)) cache.set(key, await persons.get(key));
    return cache.get(key) ?? null;
  };
};

/**
 * May the viewer see (and undo) an action? Site admins always; a project admin for actions on their desk's
 * list or about a person touching their desk; a space admin for actions about their space's guests.
 */
export const canSeeAction = (viewer: Viewer, action: Action, person: Person | null): boolean => {
  if (viewer.kind === 'site-admin') return true;
  if (
    viewer.kind === 'project-admin' &&
    (action.type === 'addCustomerToDesk' || action.type === 'removeCustomerFromDesk')
  ) {
    if (viewer.deskIds.includes(action.deskId)) return true;
  }
  if (action.type === 'guidedStep' && action.target !== undefined) {
    if (viewer.kind === 'project-admin' && viewer.deskIds.includes(action.target)) return true;
    if (viewer.kind === 'space-admin' && viewer.spaceKeys.includes(action.target)) return true;
  }
  return person !== null && canSeePerson(viewer, person, []);
};
