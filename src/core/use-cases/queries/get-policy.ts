import type { DomainError } from '../../errors';
import type { Policy, Viewer } from '../../model';
import type { PolicyStore } from '../../ports';
import { err, ok, type Result } from '../../result';
import { requireSiteAdmin } from '../shared/visibility';

export interface GetPolicyDeps {
  readonly policies: PolicyStore;
}

/** get-policy: the Links, protected accounts and blast-radius threshold (site admin page only). */
export const getPolicy = async (
  deps: GetPolicyDeps,
  input: { readonly viewer: Viewer },
): Promise<Result<Policy, DomainError>> => {
  const forbidden = requireSiteAdmin(input.viewer);
  return forbidden !== null ? err(forbidden) : ok(await deps.policies.get());
};
