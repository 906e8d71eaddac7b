/** PolicyStore: the site-wide policy under KVS key `policy`, or the default when none was saved. */
import type { Policy } from '../../core/model';
import type { PolicyStore } from '../../core/ports';
import { KEYS } from './keys';
import { readValue, writeValue } from './kvs-io';
import { StoredPolicySchema } from './policy.schema';

export const DEFAULT_POLICY: Policy = {
  schemaVersion: 1,
  links: [],
  protectedAccountIds: [],
  blastRadiusThreshold: 10,
  autoFixActorAccountId: null,
};

export const createPolicyStore = (): PolicyStore => ({
  async get() {
    return (await readValue(KEYS.policy, StoredPolicySchema)) ?? structuredClone(DEFAULT_POLICY);
  },
  async put(policy) {
    await writeValue(KEYS.policy, StoredPolicySchema.parse(structuredClone(policy)));
  },
});
