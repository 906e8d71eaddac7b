/**
 * Issue 8 item 1: the same flows with and without seeded faults end in the same place. The flow is a full
 * scan, the live events of the demo (a KB sign-up and a guest invitation through the change feed), and an
 * admin applying one plan for every finding. Faults: 5% injected 500/503, dropped connections, slow answers,
 * 429 storms (bursts), and an hourly quota wall forced part-way through. The findings, the site's
 * memberships and the app's effective writes must equal the fault-free run; the request log must show no
 * write repeated after it succeeded (a duplicate) and no refused write left unrepaired (a loss).
 * Default: the demo site. RELIABILITY_LONG=1: the synthetic M site (100,000 accounts), scan only.
 */
import { generateSyntheticSite } from '../../local/atlassian-site/scenarios/synthetic';
import type { Harness } from '../e2e/journeys/harness';
import {
  appWriteRequests,
  appWrites,
  applyAllFindings,
  clickUntilOk,
  eventFlow,
  findingSignatures,
  LONG,
  report,
  savePolicy,
  setFaults,
  settle,
  siteMemberships,
  startPartA,
} from './support/part-a';

const FAULTS = (seed: number) => ({
  seed,
  random: {
    error500: 0.025,
    error503: 0.025,
    drop: 0.01,
    slow: 0.02,
    slowDelayMs: 30,
    storm: 0.002,
    stormDurationMs: 3_000,
  },
  // The quota wall: the 60th Jira call of the run walls the app until the next UTC hour.
  script: [{ match: { product: 'jira' }, nth: 60, action: { kind: 'quota-wall' } }],
});

interface Outcome {
  findings: string[];
  memberships: string[];
  writes: string[];
  hours: number;
  applyAttempts: number;
  startErrors: string[];
  requests: ReturnType<typeof appWriteRequests>;
  meter: { calls: number; points: number; rateLimited: number; errors: number; drops: number };
}

async function meterTotals(h: Harness): Promise<Outcome['meter']> {
  const m = (await (await fetch(`${h.site.url}/__local/meter`)).json()) as { totals: Outcome['meter'] };
  return m.totals;
}

async function demoFlow(faultSeed: number | null): Promise<Outcome> {
  const h = await startPartA();
  try {
    await savePolicy(h);
    if (faultSeed !== null) await setFaults(h.site, FAULTS(faultSeed));
    const started = await clickUntilOk(h, 'scan/start', {});
    let hours = 0;
    hours += await settle(h);
    await eventFlow(h);
    hours += await settle(h);
    const applyAttempts = await applyAllFindings(h);
    hours += await settle(h);
    return {
      findings: await findingSignatures(h),
      memberships: siteMemberships(h.site),
      writes: appWrites(h.site),
      hours,
      applyAttempts,
      startErrors: started.errors,
      requests: appWriteRequests(h.site),
      meter: await meterTotals(h),
    };
  } finally {
    await h.close();
  }
}

/** A write that succeeded and was sent again later (same method, path, body) is a duplicate. */
function duplicatedWrites(requests: Outcome['requests']): string[] {
  const done = new Set<string>();
  const dups: string[] = [];
  for (const r of requests) {
    const key = `${r.method} ${r.path} ${r.bodyDigest}`;
    const succeeded = typeof r.outcome === 'number' && r.outcome < 300;
    if (done.has(key)) dups.push(`${key} → ${String(r.outcome)}`);
    if (succeeded) done.add(key);
  }
  return dups;
}

jest.setTimeout(LONG ? 3_600_000 : 300_000);

describe('faults: demo site', () => {
  const seeds = LONG ? [11, 12, 13] : [11];
  let clean: Outcome;

  beforeAll(async () => {
    clean = await demoFlow(null);
    report(
      `faults demo fault-free: ${clean.findings.length} findings, ${clean.writes.length} app writes, ` +
        `${clean.meter.calls} calls, ${clean.meter.points} points`,
    );
  });

  it('the fault-free run writes something and finds the planted findings', () => {
    expect(clean.findings.length).toBeGreaterThan(0);
    expect(clean.writes.length).toBeGreaterThan(0);
    expect(duplicatedWrites(clean.requests)).toEqual([]);
  });

  it.each(seeds)('seed %i: same findings, same site state, no lost or duplicated write', async (seed) => {
    const faulty = await demoFlow(seed);
    report(
      `faults demo seed ${seed}: ${faulty.meter.calls} calls, ${faulty.meter.errors} errors (5xx/4xx), ` +
        `${faulty.meter.rateLimited} 429s, ${faulty.meter.drops} drops, ${faulty.meter.points} points, ` +
        `${faulty.hours} extra virtual hours, scan/start errors [${faulty.startErrors.join(', ')}], ` +
        `plan applied at attempt ${faulty.applyAttempts}, ` +
        `${faulty.requests.length} write requests for ${faulty.writes.length} writes`,
    );
    // The faults really happened.
    expect(faulty.meter.errors + faulty.meter.rateLimited + faulty.meter.drops).toBeGreaterThan(0);
    expect(faulty.findings).toEqual(clean.findings);
    expect(faulty.memberships).toEqual(clean.memberships);
    expect(faulty.writes).toEqual(clean.writes);
    expect(duplicatedWrites(faulty.requests)).toEqual([]);
  });
});

const longIt = LONG ? it : it.skip;

longIt('faults: synthetic M site (100,000 accounts), full scan: same findings', async () => {
  const run = async (faultSeed: number | null): Promise<{ findings: string[]; hours: number }> => {
    const generated = generateSyntheticSite({ size: 'M', seed: 7 });
    const spaceKey = new Map(generated.site.spaces.map((s) => [s.id, s.key]));
    const h = await startPartA({ seed: generated.site });
    try {
      await savePolicy(h, {
        links: generated.links.slice(0, 20).map((l, i) => ({
          id: `link-${i}`,
          deskId: l.deskId,
          spaceKeys: [spaceKey.get(l.spaceId) ?? l.spaceId],
          groupIds: [l.groupId],
          allowedDomains: l.allowedDomains,
          autoFix: { customerRole: false, linkedGroupAdd: false },
        })),
        protectedAccountIds: [],
        blastRadiusThreshold: 10,
      });
      if (faultSeed !== null) await setFaults(h.site, FAULTS(faultSeed));
      await clickUntilOk(h, 'scan/start', {});
      const hours = await settle(h, 200);
      return { findings: await findingSignatures(h), hours };
    } finally {
      await h.close();
    }
  };
  const clean = await run(null);
  const faulty = await run(21);
  report(
    `faults M site: ${clean.findings.length} findings; fault-free ${clean.hours} h, with faults ${faulty.hours} h`,
  );
  expect(faulty.findings).toEqual(clean.findings);
});
