import fc from 'fast-check';
import {
  createGovernor,
  meterReport,
  pointsFor,
  type Caller,
  type OperationOutcome,
  type RequestInfo,
} from '../../../local/atlassian-site/governor';
import {
  addUserToGroup,
  clockAt,
  confluenceGetUser,
  CORE,
  getCustomers,
  getUsersFromGroup,
  IDENTITY,
  jiraGetUser,
  OTHER_APP,
  USER,
} from './helpers';

describe('meter', () => {
  it('counts calls, points, 429s and errors per operation, per caller, per hour, and totals', async () => {
    const clock = clockAt();
    const governor = createGovernor({ clock });
    governor.settle(getUsersFromGroup(), IDENTITY(200, 8)); // 17
    governor.settle(getUsersFromGroup(OTHER_APP), IDENTITY(200, 50)); // 101
    governor.settle(jiraGetUser(USER), IDENTITY(404, 0)); // 1, error
    for (let i = 0; i < 6; i++) governor.admit(getCustomers()); // 6th: 429
    await clock.advance(3_600_000);
    governor.settle(confluenceGetUser(), IDENTITY(200, 1)); // 3, next hour

    const snap = governor.meter.snapshot();
    expect(snap.totals).toEqual({ calls: 5, points: 122, rateLimited: 1, errors: 1, drops: 0 });
    expect(snap.operations).toEqual({
      'confluence.getUser': {
        product: 'confluence',
        method: 'GET',
        operationId: 'getUser',
        calls: 1,
        points: 3,
        rateLimited: 0,
        errors: 0,
        drops: 0,
      },
      'jira.getUser': {
        product: 'jira',
        method: 'GET',
        operationId: 'getUser',
        calls: 1,
        points: 1,
        rateLimited: 0,
        errors: 1,
        drops: 0,
      },
      'jira.getUsersFromGroup': {
        product: 'jira',
        method: 'GET',
        operationId: 'getUsersFromGroup',
        calls: 2,
        points: 118,
        rateLimited: 0,
        errors: 0,
        drops: 0,
      },
      'jsm.getCustomers': {
        product: 'jsm',
        method: 'GET',
        operationId: 'getCustomers',
        calls: 1,
        points: 0,
        rateLimited: 1,
        errors: 0,
        drops: 0,
      },
    });
    expect(Object.keys(snap.callers)).toEqual([
      'app:local-app',
      'app:other-app',
      'user:5b10ac8d82e05b22cc7d4ef5',
    ]);
    expect(snap.hours).toEqual({
      '2026-11-23T09:00:00.000Z': { calls: 4, points: 119, rateLimited: 1, errors: 1, drops: 0 },
      '2026-11-23T10:00:00.000Z': { calls: 1, points: 3, rateLimited: 0, errors: 0, drops: 0 },
    });

    const report = governor.meter.report();
    expect(report.generatedAt).toBe('2026-11-23T10:30:00.000Z');
    expect(report.operations.map((o) => o.key)).toEqual([
      'jira.getUsersFromGroup',
      'confluence.getUser',
      'jira.getUser',
      'jsm.getCustomers',
    ]);
    expect(report.quota.apps['local-app']).toEqual({
      used: 3,
      remaining: 64_997,
      walled: false,
      forced: false,
    });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(meterReport(snap, governor.quota.pool.snapshot(), clock.now())).toEqual(report);

    governor.meter.reset();
    expect(governor.meter.snapshot()).toEqual({
      totals: { calls: 0, points: 0, rateLimited: 0, errors: 0, drops: 0 },
      operations: {},
      callers: {},
      hours: {},
    });
    // meter reset does not touch the quota
    expect(governor.quota.pool.state('local-app').used).toBe(3);
    governor.resetAll();
    expect(governor.quota.pool.state('local-app').used).toBe(0);
  });

  it('settle never throws, even on nonsense input', () => {
    const governor = createGovernor({ clock: clockAt() });
    const broken = { ...getUsersFromGroup(), caller: undefined } as unknown as RequestInfo;
    expect(governor.settle(broken, IDENTITY(200, 3))).toEqual({});
    const weird = { status: 200, objectCount: Number.NaN, objectClass: 'identity' } as OperationOutcome;
    expect(() => governor.settle(getUsersFromGroup(), weird)).not.toThrow();
    expect(governor.quota.pool.state('local-app').used).toBe(1);
    expect(governor.settle(getUsersFromGroup(), CORE(200, -5))['X-RateLimit-Remaining']).toBe('64998');
  });
});

describe('property: points charged = sum of per-operation meter entries', () => {
  const callers: Caller[] = [
    { type: 'app', appId: 'local-app' },
    { type: 'app', appId: 'other-app' },
    USER,
    { type: 'anonymous' },
  ];
  const makers: Array<(caller: Caller) => RequestInfo> = [
    getUsersFromGroup,
    jiraGetUser,
    confluenceGetUser,
    addUserToGroup,
    (caller) => getCustomers('1', caller),
  ];
  const step = fc.record({
    op: fc.integer({ min: 0, max: makers.length - 1 }),
    caller: fc.integer({ min: 0, max: callers.length - 1 }),
    status: fc.constantFrom(200, 200, 200, 201, 204, 400, 404, 429, 500),
    objectCount: fc.integer({ min: 0, max: 1000 }),
    identity: fc.boolean(),
    advanceMs: fc.integer({ min: 0, max: 60_000 }),
  });

  it('holds for any request sequence, across hours, callers, rejections and faults', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 120 }), fc.integer(), async (steps, seed) => {
        const clock = clockAt();
        const governor = createGovernor({
          clock,
          seed,
          pointsPerHour: 5_000,
          faults: { random: { error500: 0.05, drop: 0.05, storm: 0.01, stormDurationMs: 2_000 } },
        });
        let expected = 0;
        const usedByHour = new Map<string, number>();
        for (const s of steps) {
          const makeRequest = makers[s.op] ?? getUsersFromGroup;
          const caller = callers[s.caller] ?? USER;
          const request = makeRequest(caller);
          const before = governor.quota.stateFor(request);
          const admission = governor.admit(request);
          if (admission.kind === 'serve') {
            const outcome: OperationOutcome = {
              status: s.status,
              objectCount: s.objectCount,
              objectClass: s.identity ? 'identity' : 'core',
            };
            governor.settle(request, outcome);
            if (caller.type !== 'anonymous') expected += pointsFor(request.method, outcome);
          } else if (admission.kind === 'reject' && admission.status !== 429 && caller.type !== 'anonymous') {
            expected += 1;
          }
          const after = governor.quota.stateFor(request);
          if (after !== null && before !== null && after.windowStartMs === before.windowStartMs) {
            const key = `${caller.type === 'user' ? 'local-app' : caller.type === 'app' ? caller.appId : ''}@${after.windowStartMs}`;
            usedByHour.set(key, after.used);
          }
          await clock.advance(s.advanceMs);
        }
        const snap = governor.meter.snapshot();
        const sum = (values: Array<{ points: number }>): number =>
          values.reduce((acc, v) => acc + v.points, 0);
        expect(sum(Object.values(snap.operations))).toBe(expected);
        expect(snap.totals.points).toBe(expected);
        expect(sum(Object.values(snap.callers))).toBe(expected);
        expect(sum(Object.values(snap.hours))).toBe(expected);
        // the quota saw every charged point: per app and hour, the last observed usage sums to the total
        expect([...usedByHour.values()].reduce((a, b) => a + b, 0)).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });
});
