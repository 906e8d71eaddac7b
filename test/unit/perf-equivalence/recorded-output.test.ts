/**
 * Performance changes in src/core must not change any output. These digests (sha256 of the JSON of every
 * finding and of the plan) were recorded with the core as it was before the bench optimisations (the commit before
 * "core: cheaper Link and allowed-domain checks", run from a git worktree on today's synthetic generator and
 * bench/ mapping, seed 7); the optimised code must reproduce them byte for byte.
 */
import { createHash } from 'node:crypto';
import { evaluateAccounts } from '../../../src/core/rules/evaluate';
import { planFixes } from '../../../src/core/rules/planner';
import { asRecordedPlan } from '../../support/recorded-plan';
import { generateSyntheticSite } from '../../../local/atlassian-site/scenarios/synthetic';
import { coreInputOf } from '../../../bench/synthetic-to-core';

const RECORDED: readonly [size: 'S' | number, findings: number, digest: string][] = [
  ['S', 86, '6d6918d270e5ec6a359ad043e42da2c2d3c8d7ad9cbe6d5dd1940138ec843c97'],
  [20_000, 1720, '3dc7dfdc55cb4ef1585d359ab39b446cc07368b2c97dfe0b550ca86c878405b6'],
];

describe('optimised core = recorded output of the pre-optimisation core', () => {
  it.each(RECORDED)('synthetic site %s, seed 7', (size, count, digest) => {
    const { accounts, site } = coreInputOf(generateSyntheticSite({ size, seed: 7 }));
    const findings = evaluateAccounts(accounts, site);
    const plan = planFixes(findings, site, { planId: 'eq', now: 0 });
    expect(findings).toHaveLength(count);
    const actual = createHash('sha256')
      .update(JSON.stringify(findings))
      .update(JSON.stringify(asRecordedPlan(plan)))
      .digest('hex');
    expect(actual).toBe(digest);
  });
});
