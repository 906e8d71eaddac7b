import { reconcilePerson } from '../../../src/core/use-cases/reconcile/reconcile-person';
import { CASE_A, makeWorld, seedCaseA, type World } from '../../support/fakes';

const run = (world: World, accountId: string) =>
  reconcilePerson(world.deps, { target: { accountId }, reason: 'jira-user-updated', now: world.clock.t });

describe('reconcile-person', () => {
  it('moves an account whose email changed and re-evaluates the person it left', async () => {
    const world = makeWorld();
    seedCaseA(world);
    await run(world, CASE_A.guest);
    const guest = world.site.accounts.get(CASE_A.guest);
    if (guest !== undefined) guest.email = 'dana@elsewhere.example';
    const out = await run(world, CASE_A.guest);
    expect(out).toMatchObject({
      ok: true,
      value: { personKey: 'dana@elsewhere.example', movedFrom: CASE_A.email },
    });
    expect(world.persons.all().map((p) => [p.emailKey, p.accounts.map((a) => a.accountId)])).toEqual([
      ['dana.partner@partner.example', [CASE_A.portalOnly]],
      ['dana@elsewhere.example', [CASE_A.guest]],
    ]);
    // The old person lost its duplicate; the guest is no longer a customer of any desk.
    expect(world.findings.all().map((f) => f.code)).toEqual([]);
  });

  it('drops a deleted account and reports an unknown one as not found', async () => {
    const world = makeWorld();
    seedCaseA(world);
    await run(world, CASE_A.guest);
    world.site.deleteAccount(CASE_A.guest);
    expect(await run(world, CASE_A.guest)).toMatchObject({
      ok: true,
      value: { personKey: null, movedFrom: CASE_A.email },
    });
    expect(world.persons.all().map((p) => p.accounts.map((a) => a.accountId))).toEqual([[CASE_A.portalOnly]]);
    expect(await run(world, 'never-existed')).toMatchObject({
      ok: false,
      error: { code: 'PERSON.NOT_FOUND' },
    });
  });

  it('merges the trigger hints into the target account (reporters have no list source)', async () => {
    const world = makeWorld();
    seedCaseA(world);
    await reconcilePerson(world.deps, {
      target: { accountId: CASE_A.guest },
      reason: 'request-created',
      now: world.clock.t,
      hints: { reporterOnDeskIds: ['20'] },
    });
    await run(world, CASE_A.guest); // a later run without hints keeps what was learnt
    const guest = world.persons.all()[0]?.accounts.find((a) => a.accountId === CASE_A.guest);
    expect(guest?.reporterOnDeskIds).toEqual(['20']);
  });

  it('re-reads every account of a person when targeted by person key', async () => {
    const world = makeWorld();
    seedCaseA(world);
    await run(world, CASE_A.guest);
    const out = await reconcilePerson(world.deps, {
      target: { personKey: world.persons.all()[0]?.emailKey ?? (CASE_A.email as never) },
      reason: 'admin-recheck',
      now: world.clock.t,
    });
    expect(out.ok).toBe(true);
    const profiled = world.site.callsOf('accountsByIds').at(-1)?.arg.split(',');
    expect(profiled?.sort()).toEqual([CASE_A.guest, CASE_A.portalOnly].sort());
  });

  it('maps upstream failures to typed errors without storing anything', async () => {
    const world = makeWorld();
    seedCaseA(world);
    world.site.failWhen((op) =>
      op === 'groupsOfAccount'
        ? { code: 'UPSTREAM.RATE_LIMITED', message: '429', retryAfterMs: 5000, quotaWall: false }
        : null,
    );
    expect(await run(world, CASE_A.guest)).toMatchObject({
      ok: false,
      error: { code: 'UPSTREAM.RATE_LIMITED', retryAfterMs: 5000 },
    });
    expect(world.persons.all()).toEqual([]);
    expect(world.budget.reserved).toBe(0);
  });
});
