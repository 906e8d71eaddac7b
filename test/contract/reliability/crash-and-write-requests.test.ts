/**
 * Contracts of the two reliability hooks: the local runtime's crash injection (local/forge-runtime/crash.ts)
 * and the site's mutating-request log (`GET /__local/writes`, local/atlassian-site/request-log.ts).
 */
import { CrashInjector, InjectedCrashError } from '../../../local/forge-runtime/crash';
import { bodyDigest, RequestLog } from '../../../local/atlassian-site/request-log';

describe('CrashInjector', () => {
  it('counts every operation, fires once at the armed one, and only for the counted kinds', () => {
    const c = new CrashInjector();
    expect(c.decide('kvs', 'i1')).toEqual({ kind: 'proceed' });
    c.arm({ at: 2, mode: 'throw', ops: ['site'] });
    expect(c.decide('kvs', 'i1')).toEqual({ kind: 'proceed' });
    expect(c.decide('site', 'i1')).toEqual({ kind: 'proceed' });
    const fired = c.decide('site', 'i2');
    expect(fired.kind).toBe('throw');
    expect(fired.kind === 'throw' && fired.error).toBeInstanceOf(InjectedCrashError);
    expect(c.decide('site', 'i2')).toEqual({ kind: 'proceed' });
    expect(c.report()).toMatchObject({
      ops: { kvs: 2, site: 3, queue: 0 },
      armed: null,
      fired: { mode: 'throw', op: 'site', invocationId: 'i2' },
      exited: false,
    });
  });

  it('after an exit every later operation is parked and the injector is dead', () => {
    const c = new CrashInjector();
    c.arm({ at: 1, mode: 'exit' });
    expect(c.decide('queue', 'i1')).toEqual({ kind: 'park', fired: 'exit', op: 'queue' });
    expect(c.dead).toBe(true);
    expect(c.decide('kvs', 'i2')).toEqual({ kind: 'park', fired: null, op: 'kvs' });
  });

  it('a timeout parks the operation and reports the mode once', () => {
    const c = new CrashInjector();
    c.arm({ at: 1, mode: 'timeout' });
    expect(c.decide('kvs', 'i1')).toEqual({ kind: 'park', fired: 'timeout', op: 'kvs' });
    expect(c.dead).toBe(false);
    expect(c.decide('kvs', 'i2')).toEqual({ kind: 'proceed' });
  });

  it('rejects a malformed plan', () => {
    expect(() => new CrashInjector().arm({ at: 0, mode: 'throw' })).toThrow();
    expect(() => new CrashInjector().arm({ at: 1, mode: 'boom' as 'throw' })).toThrow();
  });
});

describe('RequestLog', () => {
  it('records method, path, body digest, caller, read flag and the outcome set later', () => {
    const log = new RequestLog();
    const settle = log.begin({
      at: '2026-11-23T09:00:00.000Z',
      method: 'post',
      path: '/rest/api/3/group/user?groupId=g1',
      body: '{"accountId":"a1"}',
      caller: 'app:x',
    });
    log.begin({
      at: '2026-11-23T09:00:01.000Z',
      method: 'POST',
      path: '/rest/api/3/search/jql',
      body: '',
      caller: undefined,
    });
    settle(201);
    expect(log.entries).toEqual([
      {
        seq: 1,
        at: '2026-11-23T09:00:00.000Z',
        method: 'POST',
        path: '/rest/api/3/group/user?groupId=g1',
        bodyDigest: bodyDigest('{"accountId":"a1"}'),
        caller: 'app:x',
        read: false,
        outcome: 201,
      },
      {
        seq: 2,
        at: '2026-11-23T09:00:01.000Z',
        method: 'POST',
        path: '/rest/api/3/search/jql',
        bodyDigest: '',
        caller: 'anonymous',
        read: true,
        outcome: 'dropped',
      },
    ]);
    expect(bodyDigest('x')).toMatch(/^[0-9a-f]{16}$/);
    expect(log.since(1).map((e) => e.seq)).toEqual([2]);
  });
});
