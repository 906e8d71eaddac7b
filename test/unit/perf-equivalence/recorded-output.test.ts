/**
 * Performance changes in src/core must not change any output. These digests (sha256 of the JSON of every
 * finding and of the plan) were recorded with the code before the bench optimisations (git HEAD at the time,
 * bench/ mapping of the synthetic site, seed 7); the optimised code must reproduce them byte for byte.
 */
import { createHash } from 'node:crypto';
import { evaluateAccounts } from '../../../src/core/rules/evaluate';
import { planFixes } from '../../../src/core/rules/planner';
import { generateSyntheticSite } from '../../../local/atlassian-site/scenarios/synthetic';
import { coreInputOf } from '../../../bench/synthetic-to-core';

const RECORDED: readonly [size: 'S' | number, findings: number, digest: string][] = [
  ['S', 64, '5317860ec8834604c79f18d060ab327759d67f7acd927e15e050509c8473a7b5'],
  [20_000, 1344, '6e59b72fa815a015e3716697e3840b4e19fdabfd76b4e7c28aad94ef81e8749d'],
];

describe('optimised core = recorded output of the pre-optimisation core', () => {
  it.each(RECORDED)('synthetic site %s, seed 7', (size, count, digest) => {
    const { accounts, site } = coreInputOf(generateSyntheticSite({ size, seed: 7 }));
    const findings = evaluateAccounts(accounts, site);
    const plan = planFixes(findings, site, { planId: 'eq', now: 0 });
    expect(findings).toHaveLength(count);
    const actual = createHash('sha256')
      .update(JSON.stringify(findings))
      .update(JSON.stringify(plan))
      .digest('hex');
    expect(actual).toBe(digest);
  });
});
