/**
 * Bad input, resolvers (issue 8 item 4, docs/reliability.md §4): every resolver in ALL_RESOLVER_NAMES gets
 * FUZZ_RUNS seeded cases (almost-valid mutations of valid payloads, arbitrary junk, hostile strings, wrong
 * types, prototype-pollution and identity keys) as the site admin on the admin page (the caller who gets
 * furthest). Two paths, the same real `resolver` export (src/index.ts, @forge/resolver's definitions):
 * - payloads the contract rejects (the bulk) are handed to the function directly with the Forge-shaped
 *   request the runtime builds, except every RUNTIME_EVERY-th, which goes through the full local runtime
 *   (`invokeResolver`: invocation scope, time limit, record);
 * - payloads the contract accepts go on to authorise and run against the emulated demo site, so the first
 *   E2E_RUNS of them per resolver run through the full runtime and the rest are counted only.
 * Every case run:
 * - returns (nothing thrown out of the handler) an envelope of the contract's shape;
 * - never APP.INTERNAL (an unexpected exception inside a use case);
 * - a payload the contract's schema rejects (as @forge/resolver delivers it: `payload || {}`) gets
 *   INPUT.INVALID having made no KVS request and pushed nothing on the queue;
 * - a payload the contract accepts gets a typed answer (an `ok` answer's data satisfies the response
 *   schema; the use case may still refuse a value, e.g. an unknown finding id, with INPUT.INVALID);
 * - no case wrote to the site.
 * - every error envelope satisfies the resolver error contract (issue texts ≤ 500 characters: the bug this
 *   suite found, issue-text-too-long.test.ts, is fixed).
 */
import fc from 'fast-check';
import { z } from 'zod';
import {
  ALL_RESOLVER_NAMES,
  RESOLVER_CONTRACTS,
  ResolverErrorSchema,
  type ResolverName,
} from '../../src/contracts';
import { resolver } from '../../src/index';
import { asSiteAdmin, MODULES, type Harness } from '../e2e/journeys/harness';
import { badInput, FUZZ_RUNS } from './support/part-b-arbitraries';
import { startFuzzHarness } from './support/part-b-harness';
import { captureLogs } from './support/part-b-logs';
import { missingResolvers, resolverTable } from './support/part-b-payloads';

jest.setTimeout(600_000);
const logs = captureLogs({ forward: false });
/** Contract-valid payloads run end to end per resolver (each costs site round trips). */
const E2E_RUNS = process.env.RELIABILITY_LONG === '1' ? 500 : 40;

/** The envelope's shape with issue texts of any length; the exact contract is checked separately. */
const AnyEnvelope = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), data: z.unknown() }),
  z.strictObject({
    ok: z.literal(false),
    error: ResolverErrorSchema.extend({
      issues: z
        .array(z.strictObject({ path: z.string(), message: z.string() }))
        .max(50)
        .optional(),
    }),
  }),
]);
/** Every RUNTIME_EVERY-th contract-invalid case runs through the full runtime instead of a direct call. */
const RUNTIME_EVERY = 20;
const BACKEND = { principal: { accountId: asSiteAdmin.accountId } };
const directResolver = resolver as unknown as (request: unknown, backend: unknown) => Promise<unknown>;

let h: Harness;
let kvsRequests = 0;
beforeAll(async () => {
  h = await startFuzzHarness();
  const kvs = h.runtime.kvs;
  const handle = kvs.handle.bind(kvs);
  // Counts every request the app makes to the KVS emulator (reads too): a rejected payload makes none.
  kvs.handle = (p, body) => {
    kvsRequests += 1;
    return handle(p, body);
  };
});
afterAll(() => h.close());

/** The context the runtime builds for a call from the admin page (local/forge-runtime invokeResolver). */
const context = () => ({
  accountId: asSiteAdmin.accountId,
  cloudId: h.cloudId,
  extension: {},
  environmentId: 'local',
  environmentType: 'DEVELOPMENT',
  localId: `ari:cloud:ecosystem::extension/${h.runtime.appId}/local/static/${MODULES.admin}`,
  locale: 'en-US',
  moduleKey: MODULES.admin,
  siteUrl: h.runtime.siteUrl,
  timezone: 'UTC',
});

/** Writes the emulated site recorded (read in-process: the same list `GET /__local/write-log` serves). */
const siteWrites = (): number => h.site.state.writeLog.length;

/** Plain checks in the hot loop (jest's expect costs more than the call under test). */
const check = (condition: boolean, what: string, payload: unknown): void => {
  if (!condition) throw new Error(`${what}; payload keys: ${JSON.stringify(Object.keys(Object(payload)))}`);
};

interface Tally {
  cases: number;
  invalid: number;
  validRun: number;
  validSkipped: number;
  viaRuntime: number;
  ok: number;
  otherCodes: Record<string, number>;
  ms: number;
}
const tallies: Record<string, Tally> = {};

afterAll(() => {
  const rows = Object.entries(tallies).map(
    ([name, t]) =>
      `  ${name}: ${t.cases} cases, ${t.invalid} INPUT.INVALID, ${t.validRun} valid run end to end (${t.ok} ok), ${t.validSkipped} valid not invoked, ${t.viaRuntime} via the runtime, other ${JSON.stringify(t.otherCodes)}, ${Math.round(t.ms)} ms`,
  );
  const text = `[fuzz-resolvers] runs per resolver ${FUZZ_RUNS}\n${rows.join('\n')}`;
  logs.write(text);
  logs.flush();
  process.stdout.write(`\n${text}\n`);
});

it('has valid payloads for every resolver in src/contracts', () => {
  expect(missingResolvers()).toEqual([]);
});

it.each(ALL_RESOLVER_NAMES.map((name, i) => [name, i] as const))(
  '%s: no exception, typed errors, nothing stored from invalid input',
  async (name: ResolverName, index) => {
    const entry = resolverTable(name);
    const tally: Tally = {
      cases: 0,
      invalid: 0,
      validRun: 0,
      validSkipped: 0,
      viaRuntime: 0,
      ok: 0,
      otherCodes: {},
      ms: 0,
    };
    tallies[name] = tally;
    const writesBefore = siteWrites();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(badInput(entry.valid), async (payload) => {
        tally.cases += 1;
        // @forge/resolver hands the function `payload || {}`: a falsy payload arrives as {}.
        const valid = RESOLVER_CONTRACTS[name].payload.safeParse(payload || {}).success;
        if (valid && tally.validRun >= E2E_RUNS) {
          tally.validSkipped += 1;
          return;
        }
        if (valid) tally.validRun += 1;
        const kvsBefore = kvsRequests;
        const queueBefore = h.runtime.queue.all().length;
        let answer: unknown;
        if (valid || tally.cases % RUNTIME_EVERY === 0) {
          tally.viaRuntime += 1;
          // The site's burst buckets refill on the virtual clock, which this suite does not move: start
          // each end-to-end case with full buckets so hundreds of calls are not throttled into minutes.
          if (valid) h.site.governor.resetAll?.call(h.site.governor);
          const result = await h.runtime.invokeResolver(MODULES.admin, name, payload, {
            accountId: asSiteAdmin.accountId,
            extension: {},
          });
          if (!result.ok) throw new Error(`resolver threw: ${result.error.name}: ${result.error.message}`);
          answer = result.value;
        } else {
          answer = await directResolver(
            { call: { functionKey: name, payload: structuredClone(payload) }, context: context() },
            BACKEND,
          );
        }
        const envelope = AnyEnvelope.parse(answer);
        if (!envelope.ok)
          check(
            ResolverErrorSchema.safeParse(envelope.error).success,
            'error envelope breaks the contract',
            payload,
          );
        if (!envelope.ok)
          check(envelope.error.code !== 'APP.INTERNAL', 'APP.INTERNAL (an exception)', payload);
        if (!valid) {
          // Rejected by the contract: a typed INPUT.INVALID before anything was read, stored or queued.
          check(
            !envelope.ok && envelope.error.code === 'INPUT.INVALID',
            'contract-invalid, not rejected',
            payload,
          );
          check(kvsRequests === kvsBefore, 'a rejected payload reached the KVS', payload);
          check(h.runtime.queue.all().length === queueBefore, 'a rejected payload pushed a job', payload);
          tally.invalid += 1;
        } else if (envelope.ok) {
          tally.ok += 1;
          RESOLVER_CONTRACTS[name].response.parse(envelope.data);
        } else {
          // Contract-valid: any typed answer, INPUT.INVALID included when the use case refuses a value.
          tally.otherCodes[envelope.error.code] = (tally.otherCodes[envelope.error.code] ?? 0) + 1;
        }
      }),
      { numRuns: FUZZ_RUNS, seed: 8_100 + index, endOnFailure: true },
    );
    tally.ms = performance.now() - started;
    expect(tally.cases).toBe(FUZZ_RUNS);
    // Both kinds of case ran: most inputs are rejected, some pass the contract and reach the use case.
    expect(tally.invalid).toBeGreaterThan(FUZZ_RUNS / 2);
    expect(tally.ok + Object.values(tally.otherCodes).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // The site admin's valid calls read only (policy/set, scan/start store in KVS, never on the site).
    expect(siteWrites()).toBe(writesBefore);
  },
);
