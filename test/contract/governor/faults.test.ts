import {
  createGovernor,
  FaultConfigError,
  type Admission,
  type RequestInfo,
  type SiteGovernor,
} from '../../../local/atlassian-site/governor';
import {
  addUserToGroup,
  clockAt,
  confluenceGetUser,
  confluenceV2Spaces,
  CORE,
  getCustomers,
  getUsersFromGroup,
  HALF_PAST_NINE,
  jiraGetUser,
} from './helpers';

const RANDOM = { error500: 0.1, error503: 0.1, drop: 0.05, slow: 0.1, slowDelayMs: 1500 };

function describeAdmission(a: Admission): string {
  if (a.kind === 'reject') return `${a.status}`;
  if (a.kind === 'drop') return 'drop';
  return a.delayMs === undefined ? 'ok' : `slow:${a.delayMs}`;
}

/** 400 calls spread over time so no burst bucket interferes; returns the outcome of each. */
async function run(governor: SiteGovernor, clock: ReturnType<typeof clockAt>): Promise<string[]> {
  const ops: Array<() => RequestInfo> = [getUsersFromGroup, jiraGetUser, confluenceGetUser, addUserToGroup];
  const out: string[] = [];
  for (let i = 0; i < 400; i++) {
    const request = (ops[i % ops.length] ?? getUsersFromGroup)();
    const admission = governor.admit(request);
    if (admission.kind === 'serve') governor.settle(request, CORE(200, 1));
    out.push(describeAdmission(admission));
    await clock.advance(50);
  }
  return out;
}

describe('random faults are reproducible by seed', () => {
  it('same seed → identical sequence; different seed → different sequence', async () => {
    const clockA = clockAt();
    const a = await run(createGovernor({ clock: clockA, seed: 42, faults: { random: RANDOM } }), clockA);
    const clockB = clockAt();
    const b = await run(createGovernor({ clock: clockB, seed: 42, faults: { random: RANDOM } }), clockB);
    const clockC = clockAt();
    const c = await run(createGovernor({ clock: clockC, seed: 43, faults: { random: RANDOM } }), clockC);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    // the mix follows the configured probabilities (400 draws; wide, deterministic bounds)
    const count = (k: string): number => a.filter((x) => x === k).length;
    expect(count('500')).toBeGreaterThan(20);
    expect(count('500')).toBeLessThan(65);
    expect(count('503')).toBeGreaterThan(20);
    expect(count('drop')).toBeGreaterThan(5);
    expect(count('slow:1500')).toBeGreaterThan(20);
    expect(count('ok')).toBeGreaterThan(200);
  });

  it('a config seed overrides the governor seed, and reconfiguring replays the stream from the start', async () => {
    const clock = clockAt();
    const governor = createGovernor({ clock, seed: 1, faults: { random: RANDOM, seed: 'chaos' } });
    const first = await run(governor, clock);
    governor.faults.configure({ random: RANDOM, seed: 'chaos' });
    const again = await run(governor, clock);
    expect(again).toEqual(first);
  });

  it('meters injected faults: 5xx charged the base (VERIFY), drops charged nothing', async () => {
    const clock = clockAt();
    const governor = createGovernor({ clock, seed: 42, faults: { random: RANDOM } });
    const outcomes = await run(governor, clock);
    const totals = governor.meter.snapshot().totals;
    const errors = outcomes.filter((o) => o === '500' || o === '503').length;
    const drops = outcomes.filter((o) => o === 'drop').length;
    expect(totals).toMatchObject({ calls: 400, errors, drops, rateLimited: 0 });
    const served = 400 - errors - drops;
    const servedWrites = outcomes.filter(
      (o, i) => i % 4 === 3 && (o === 'ok' || o.startsWith('slow')),
    ).length;
    // served reads cost 2 (1 core object), served writes 1, injected errors 1
    expect(totals.points).toBe((served - servedWrites) * 2 + servedWrites + errors);
  });

  it('scopes random faults to matching requests only', () => {
    const governor = createGovernor({
      clock: clockAt(),
      faults: { random: { error503: 1 }, scope: { product: 'confluence' } },
    });
    expect(governor.admit(getUsersFromGroup())).toEqual({ kind: 'serve' });
    expect(governor.admit(confluenceGetUser())).toMatchObject({ status: 503 });
  });

  it('a random storm rejects every in-scope request for its duration', async () => {
    const clock = clockAt();
    const governor = createGovernor({ clock, faults: { random: { storm: 1, stormDurationMs: 3_000 } } });
    expect(governor.admit(getUsersFromGroup())).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '3' },
    });
    await clock.advance(1_000);
    // still the same storm (a new one would say 3), and it hits every operation
    expect(governor.admit(addUserToGroup())).toMatchObject({ status: 429, headers: { 'Retry-After': '2' } });
    await clock.advance(1_500);
    expect(governor.admit(confluenceGetUser())).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '1' },
    });
    // configure restarts the injector: the storm is over
    governor.faults.configure({ random: { storm: 0 } });
    expect(governor.admit(getUsersFromGroup())).toEqual({ kind: 'serve' });
  });
});

describe('scripted faults', () => {
  it('the 3rd call to getUsersFromGroup → 503; other operations do not count', () => {
    const governor = createGovernor({
      clock: clockAt(),
      faults: {
        script: [
          { match: { operationId: 'getUsersFromGroup' }, nth: 3, action: { kind: 'status', status: 503 } },
        ],
      },
    });
    const seen = [
      governor.admit(getUsersFromGroup()),
      governor.admit(jiraGetUser()),
      governor.admit(getUsersFromGroup()),
      governor.admit(getUsersFromGroup()),
      governor.admit(getUsersFromGroup()),
    ].map(describeAdmission);
    expect(seen).toEqual(['ok', 'ok', 'ok', '503', 'ok']);
  });

  it('between t1 and t2 every call → 429 with Retry-After to t2', async () => {
    const clock = clockAt();
    const t1 = HALF_PAST_NINE + 10_000;
    const t2 = new Date(HALF_PAST_NINE + 70_000).toISOString();
    const governor = createGovernor({
      clock,
      faults: { script: [{ from: t1, to: t2, action: { kind: 'status', status: 429 } }] },
    });
    expect(governor.admit(getUsersFromGroup()).kind).toBe('serve');
    await clock.advance(10_000);
    expect(governor.admit(addUserToGroup())).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '60', 'RateLimit-Reason': 'jira-burst-based' },
    });
    await clock.advance(59_500);
    expect(governor.admit(confluenceGetUser())).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '1' },
    });
    await clock.advance(500);
    expect(governor.admit(getUsersFromGroup()).kind).toBe('serve');
  });

  it('supports nth lists, drops, delays and quota-wall answers', () => {
    const governor = createGovernor({
      clock: clockAt(),
      faults: {
        script: [
          { match: { method: 'get', product: 'jira' }, nth: [2, 4], action: { kind: 'drop' } },
          { match: { operationId: 'getUsersFromGroup' }, action: { kind: 'delay', delayMs: 250 } },
          { match: { pathPrefix: '/wiki/' }, nth: 1, action: { kind: 'quota-wall' } },
        ],
      },
    });
    expect(governor.admit(getUsersFromGroup())).toEqual({ kind: 'serve', delayMs: 250 });
    expect(governor.admit(getUsersFromGroup())).toEqual({ kind: 'drop' });
    expect(governor.admit(jiraGetUser())).toEqual({ kind: 'serve' });
    expect(governor.admit(jiraGetUser())).toEqual({ kind: 'drop' });
    expect(governor.admit(confluenceGetUser())).toMatchObject({
      status: 429,
      headers: { 'RateLimit-Reason': 'confluence-quota-global-based', 'Retry-After': '1800' },
    });
    expect(governor.admit(confluenceGetUser())).toEqual({ kind: 'serve' });
  });

  it('configured storm windows; gateway storms omit Retry-After', async () => {
    const clock = clockAt();
    const governor = createGovernor({
      clock,
      faults: {
        storms: [{ from: HALF_PAST_NINE, to: HALF_PAST_NINE + 5_000, omitRetryAfter: true }],
      },
    });
    const storm = governor.admit(getUsersFromGroup());
    expect(storm).toMatchObject({ status: 429 });
    expect(storm.kind === 'reject' && storm.headers['Retry-After']).toBeUndefined();
    expect(storm.kind === 'reject' && storm.headers['X-RateLimit-Reset']).toBe('2026-11-23T10:00:00.000Z');
    await clock.advance(5_000);
    expect(governor.admit(getUsersFromGroup()).kind).toBe('serve');
  });
});

describe('admit order: fault script → quota wall → burst → random faults', () => {
  it('a scripted fault wins over the quota wall; the wall spares burst tokens; burst 429s draw no random number', () => {
    const governor = createGovernor({
      clock: clockAt(),
      faults: {
        script: [{ match: { operationId: 'getUsersFromGroup' }, action: { kind: 'status', status: 503 } }],
      },
    });
    governor.settle(jiraGetUser(), CORE(200, 64_999));
    expect(governor.admit(getUsersFromGroup())).toMatchObject({ status: 503 });
    for (let i = 0; i < 10; i++) expect(governor.admit(getCustomers())).toMatchObject({ status: 429 });
    expect(governor.burst.snapshot()).toEqual([]);

    const withBurst = createGovernor({ clock: clockAt(), seed: 7, faults: { random: RANDOM } });
    const withoutBurst = createGovernor({ clock: clockAt(), seed: 7, faults: { random: RANDOM } });
    const a: string[] = [];
    const b: string[] = [];
    for (let i = 0; i < 5; i++) a.push(describeAdmission(withBurst.admit(getCustomers())));
    for (let i = 0; i < 5; i++) withBurst.admit(getCustomers()); // burst-rejected: must not advance the stream
    for (let i = 0; i < 20; i++) a.push(describeAdmission(withBurst.admit(getUsersFromGroup())));
    for (let i = 0; i < 5; i++) b.push(describeAdmission(withoutBurst.admit(getCustomers())));
    for (let i = 0; i < 20; i++) b.push(describeAdmission(withoutBurst.admit(getUsersFromGroup())));
    expect(a).toEqual(b);
  });
});

describe('error bodies in each product shape', () => {
  const governor = createGovernor({
    clock: clockAt(),
    faults: { script: [{ action: { kind: 'status', status: 500, message: 'boom' } }] },
  });
  it.each([
    ['Jira', getUsersFromGroup(), { errorMessages: ['boom'], errors: {} }],
    [
      'JSM',
      getCustomers(),
      { errorMessage: 'boom', i18nErrorMessage: { i18nKey: 'sd.internal.server.error', parameters: [] } },
    ],
    [
      'Confluence v1',
      confluenceGetUser(),
      {
        statusCode: 500,
        message: 'boom',
        data: { authorized: true, valid: true, errors: [], successful: false },
      },
    ],
    [
      'Confluence v2',
      confluenceV2Spaces(),
      {
        errors: [
          { status: 500, code: 'INTERNAL_SERVER_ERROR', title: 'Internal Server Error', detail: 'boom' },
        ],
      },
    ],
  ])('%s', (_product, request, body) => {
    expect(governor.admit(request)).toMatchObject({ kind: 'reject', status: 500, body });
  });
});

describe('fault config validation', () => {
  it('rejects invalid configs with readable issues and keeps the previous config', () => {
    const governor = createGovernor({ clock: clockAt(), faults: { random: { error500: 0.5 } } });
    expect(() => governor.faults.configure({ random: { error500: 0.7, error503: 0.7 } })).toThrow(
      FaultConfigError,
    );
    const result = governor.faults.tryConfigure({
      script: [{ action: { kind: 'status', status: 200 } }],
      bogus: 1,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.join('\n')).toMatch(/script\.0\.action\.status/);
      expect(result.issues.join('\n')).toMatch(/bogus/);
    }
    expect(governor.faults.config().random.error500).toBe(0.5);
    expect(governor.faults.tryConfigure({ random: { drop: 0.2 } })).toMatchObject({ ok: true });
    expect(governor.faults.config().random).toMatchObject({ drop: 0.2, error500: 0 });
  });
});
