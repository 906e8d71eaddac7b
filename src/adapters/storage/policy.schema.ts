/**
 * KVS key `policy` (site-wide, one value): the Links, protected accounts, blast-radius threshold and the
 * auto-fix actor. Same shape as the core Policy (contracts/model.ts mirrors it), `schemaVersion: 1`.
 */
import { PolicySchema } from '../../contracts';

export const StoredPolicySchema = PolicySchema;
