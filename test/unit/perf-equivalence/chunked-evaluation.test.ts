/**
 * Chunked evaluation (the way the scan engine feeds the core, and the way bench/core-only.ts measures 1M
 * accounts) gives exactly the whole-site output: accounts bucketed by variant key as the scan does, a few
 * buckets per chunk, each chunk grouped and evaluated on its own (`evaluatePersons`), KB_SIGNUP_RISK once, the
 * findings put back in whole-site order, then one plan. Compared with `evaluateSite` on the same input and
 * with the digests recorded from the pre-optimisation core (recorded-output.test.ts).
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../../../src/core/model/finding';
import { groupIntoPersons } from '../../../src/core/model/group-into-persons';
import { evaluatePersons, evaluateSite } from '../../../src/core/rules/evaluate';
import { kbSignupRisk } from '../../../src/core/rules/kb-signup-risk';
import { planFixes } from '../../../src/core/rules/planner';
import { asRecordedPlan } from '../../support/recorded-plan';
import { generateSyntheticSite } from '../../../local/atlassian-site/scenarios/synthetic';
import { bucketsOf, chunksOf, wholeSiteOrder } from '../../../bench/core-chunked';
import { coreInputOf } from '../../../bench/synthetic-to-core';

/** Same sites and digests as recorded-output.test.ts (seed 7). */
const RECORDED: readonly [size: 'S' | number, bucketsPerChunk: number, digest: string][] = [
  ['S', 7, '6d6918d270e5ec6a359ad043e42da2c2d3c8d7ad9cbe6d5dd1940138ec843c97'],
  [20_000, 200, '3dc7dfdc55cb4ef1585d359ab39b446cc07368b2c97dfe0b550ca86c878405b6'],
];

describe('chunked evaluation = whole-site evaluation', () => {
  it.each(RECORDED)('synthetic site %s, seed 7, %i buckets per chunk', (size, perChunk, digest) => {
    const { accounts, site } = coreInputOf(generateSyntheticSite({ size, seed: 7 }));
    const chunks = chunksOf(bucketsOf(accounts), perChunk);
    expect(chunks.length).toBeGreaterThan(1);

    const perChunkFindings: Finding[][] = chunks.map((chunk) =>
      evaluatePersons(groupIntoPersons(chunk), site),
    );
    const chunked = wholeSiteOrder(perChunkFindings, kbSignupRisk(site));
    const whole = evaluateSite(groupIntoPersons(accounts), site);
    expect(chunked).toEqual(whole);
    // Some POSSIBLE_DUPLICATE buckets are split across person keys but never across chunks.
    expect(chunked.some((f) => f.code === 'POSSIBLE_DUPLICATE')).toBe(true);

    const plan = planFixes(chunked, site, { planId: 'eq', now: 0 });
    const actual = createHash('sha256')
      .update(JSON.stringify(chunked))
      .update(JSON.stringify(asRecordedPlan(plan)))
      .digest('hex');
    expect(actual).toBe(digest);
  });

  it('a chunk boundary inside a variant bucket would lose POSSIBLE_DUPLICATE (why buckets are never split)', () => {
    const { accounts, site } = coreInputOf(generateSyntheticSite({ size: 'S', seed: 7 }));
    const persons = groupIntoPersons(accounts);
    // Chunks by person key instead of by variant bucket: one person per chunk.
    const split = persons.flatMap((p) => evaluatePersons([p], site));
    expect(split.some((f) => f.code === 'POSSIBLE_DUPLICATE')).toBe(false);
    expect(evaluateSite(persons, site).some((f) => f.code === 'POSSIBLE_DUPLICATE')).toBe(true);
  });
});
