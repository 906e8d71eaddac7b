/**
 * Valid payloads per resolver, for the fuzz and authorisation suites. `access` says who the product lets
 * use the resolver (product.md §4/§5: policy and scan control are the admin page's; handlers.md): `site` =
 * the Jira admin on the admin page only, `any-admin` = also a project admin on their project's settings
 * page and a space admin on their space's settings page.
 *
 * Suites iterate ALL_RESOLVER_NAMES from src/contracts and call `resolverTable(name)`, which throws naming a
 * resolver that has no entry here: a new resolver cannot be skipped silently.
 */
import { ALL_RESOLVER_NAMES } from '../../../src/contracts';
import { DEMO_POLICY } from '../../e2e/journeys/demo-policy';

export interface ResolverEntry {
  readonly access: 'site' | 'any-admin';
  /** At least one; the first is what the authorisation matrix sends. */
  readonly valid: readonly unknown[];
}

const FILTER = {
  codes: ['DUPLICATE_ACCOUNTS'],
  severities: ['high', 'info'],
  deskIds: ['1'],
  spaceKeys: ['ITKB'],
};

export const RESOLVER_TABLE: Readonly<Record<string, ResolverEntry>> = {
  overview: { access: 'any-admin', valid: [{}] },
  directory: { access: 'any-admin', valid: [{}] },
  'findings/list': {
    access: 'any-admin',
    valid: [
      {},
      { limit: 10 },
      { filter: FILTER, limit: 100 },
      { filter: { search: 'grace.lee@example.com' } },
    ],
  },
  'person/card': { access: 'any-admin', valid: [{ emailKey: 'grace.lee@example.com' }] },
  'plan/preview': { access: 'any-admin', valid: [{ findingIds: ['GUEST_WITHOUT_CUSTOMER_ROLE:x'] }] },
  'plan/apply': {
    access: 'any-admin',
    valid: [{ planId: 'plan-1' }, { planId: 'plan-2', confirm: true, skipActionKeys: ['a:b'] }],
  },
  'plan/confirm-step': {
    access: 'any-admin',
    valid: [{ planId: 'plan-1', actionKey: 'guided:migrateToAtlassianAccount:x' }],
  },
  'audit/undo': { access: 'any-admin', valid: [{ auditId: 'audit-1' }] },
  'scan/start': { access: 'site', valid: [{}, { mode: 'restart' }] },
  'scan/status': { access: 'any-admin', valid: [{}] },
  'policy/get': { access: 'site', valid: [{}] },
  'policy/set': {
    access: 'site',
    valid: [{ links: [], protectedAccountIds: [], blastRadiusThreshold: 10 }, DEMO_POLICY],
  },
  'audit/list': { access: 'any-admin', valid: [{}, { planId: 'plan-1', limit: 5 }] },
  'findings/export-csv': { access: 'any-admin', valid: [{}, { filter: FILTER }] },
};

/** Resolvers in src/contracts that this table does not cover (the suites fail listing them). */
export const missingResolvers = (): string[] => ALL_RESOLVER_NAMES.filter((n) => !(n in RESOLVER_TABLE));

export function resolverTable(name: string): ResolverEntry {
  const entry = RESOLVER_TABLE[name];
  if (!entry) {
    throw new Error(
      `resolver '${name}' has no entry in test/reliability/support/part-b-payloads.ts: add its valid ` +
        'payloads and who may call it, so the fuzz and authorisation suites cover it',
    );
  }
  return entry;
}
