/**
 * The app against the platform rules the local runtime enforces (issue 14), through the real SDKs: each test
 * fails on the app as it was before the fix, because the runtime now answers what Forge answers.
 * Rules and sources: docs/local-runtime.md "Platform rules the runtime enforces".
 */
import { DEMO_POLICY } from '../journeys/demo-policy';
import { asSiteAdmin, callResolver, startHarness, type Harness } from '../journeys/harness';

jest.setTimeout(120_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('module contexts (Forge "Function Arguments", "Context Schema")', () => {
  it('the queue consumer finds its site in installContext (no cloudId): queued scan pages finish the scan', async () => {
    expect(await callResolver(h, 'policy/set', DEMO_POLICY, asSiteAdmin)).toMatchObject({ ok: true });
    expect(await callResolver(h, 'scan/start', {}, asSiteAdmin)).toMatchObject({
      ok: true,
      data: { state: 'running' },
    });
    const before = h.runtime.invocations.length;
    await h.runtime.drain(); // queue only: the clock does not move, no schedule fires
    const ran = h.runtime.invocations.slice(before);
    expect(ran.length).toBeGreaterThan(0);
    expect(new Set(ran.map((r) => `${r.kind}:${r.outcome}`))).toEqual(new Set(['consumer:success']));
    expect(await callResolver(h, 'scan/status', {}, asSiteAdmin)).toMatchObject({
      ok: true,
      data: { state: 'completed' },
    });
  });

  it('the scheduled functions answer {statusCode: 204} (Scheduled triggers, "Response"), not undefined', async () => {
    const before = h.runtime.invocations.length;
    await h.runtime.tick(60 * 60_000);
    const scheduled = h.runtime.invocations.slice(before).filter((r) => r.kind === 'scheduled');
    expect(new Set(scheduled.map((r) => r.functionKey))).toEqual(new Set(['watch', 'scan']));
    for (const record of scheduled)
      expect({ fn: record.functionKey, outcome: record.outcome, error: record.error }).toEqual({
        fn: record.functionKey,
        outcome: 'success',
        error: undefined,
      });
  });
});
