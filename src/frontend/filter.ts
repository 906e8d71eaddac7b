/** The findings filter as the contract wants it: empty choices left out (the payload rejects empty strings). */
import type { FindingFilter } from './types';

export const compactFilter = (filter: FindingFilter): FindingFilter | undefined => {
  const out: FindingFilter = {
    ...(filter.codes?.length ? { codes: filter.codes } : {}),
    ...(filter.severities?.length ? { severities: filter.severities } : {}),
    ...(filter.deskIds?.length ? { deskIds: filter.deskIds } : {}),
    ...(filter.spaceKeys?.length ? { spaceKeys: filter.spaceKeys } : {}),
    ...(filter.search?.trim() ? { search: filter.search.trim() } : {}),
  };
  return Object.keys(out).length ? out : undefined;
};
