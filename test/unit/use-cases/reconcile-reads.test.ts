/**
 * What reconcile-person reads, and what it leaves to the store: twins already stored under the email keep
 * their stored facts (no profile re-read), and only guest-group members get Confluence guest facts.
 */
import {
  guestCandidates,
  reconcilePerson,
  twinsToRead,
} from '../../../src/core/use-cases/reconcile/reconcile-person';
import {
  CASE_A,
  CASE_B,
  caseBWorld,
  makeWorld,
  seedCaseA,
  signUpThroughKbLink,
  type World,
} from '../../support/fakes';

describe('twinsToRead', () => {
  it.each<[string, string[], string[], string[], string[]]>([
    ['nothing found', [], ['t'], [], []],
    ['a twin the app does not know', ['t', 'x'], ['t'], [], ['x']],
    ['a twin stored under the email: not read', ['t', 'x'], ['t'], ['x'], []],
    ['only the unknown ones, sorted, once', ['z', 'x', 'y', 'z'], [], ['y'], ['x', 'z']],
  ])('%s', (_label, found, alreadyRead, stored, expected) => {
    expect(twinsToRead(found, alreadyRead, stored)).toEqual(expected);
  });
});

describe('guestCandidates', () => {
  const groups = new Map<string, string[]>([
    ['guest', ['g-guests', 'g-other']],
    ['user', ['g-other']],
  ]);
  it.each<[string, string[], string[], string[]]>([
    ['a guest-group member', ['guest', 'user'], ['g-guests'], ['guest']],
    ['no guest group on the site', ['guest', 'user'], [], []],
    ['an account whose groups were not read', ['unknown'], ['g-guests'], []],
    ['several guest groups', ['guest', 'user'], ['g-x', 'g-other'], ['guest', 'user']],
  ])('%s', (_label, humans, guestGroupIds, expected) => {
    expect(guestCandidates(humans, groups, guestGroupIds)).toEqual(expected);
  });
});

describe('reconcile-person reads', () => {
  const reconcile = (world: World, accountId: string) =>
    reconcilePerson(world.deps, { target: { accountId }, reason: 'test', now: world.clock.t });
  const profileReads = (world: World): string[] =>
    world.site.callsOf('accountsByIds').flatMap((c) => c.arg.split(','));

  it('case (b): the stored portal-only twin is found on the desk but not re-read; no guest facts', async () => {
    const world = caseBWorld();
    await reconcile(world, CASE_B.portalOnly);
    signUpThroughKbLink(world);
    world.site.calls.length = 0;
    const out = await reconcile(world, CASE_B.signUp);
    expect(out).toMatchObject({ ok: true, value: { personKey: CASE_B.email } });
    expect(profileReads(world)).toEqual([CASE_B.signUp]);
    expect(world.site.callsOf('usersFacts')).toEqual([]);
    const person = world.persons.all().find((p) => p.emailKey === CASE_B.email);
    expect(person?.accounts.map((a) => a.accountId)).toEqual([CASE_B.portalOnly, CASE_B.signUp].sort());
    expect(
      world.findings
        .all()
        .map((f) => f.code)
        .sort(),
    ).toEqual(['DUPLICATE_ACCOUNTS', 'UNEXPECTED_CUSTOMER']);
  });

  it('a twin the app does not know yet is read', async () => {
    const world = caseBWorld();
    signUpThroughKbLink(world);
    await reconcile(world, CASE_B.signUp);
    expect(profileReads(world).sort()).toEqual([CASE_B.portalOnly, CASE_B.signUp].sort());
  });

  it('case (a): the guest in the guest group gets its guest facts', async () => {
    const world = makeWorld();
    seedCaseA(world);
    await reconcile(world, CASE_A.guest);
    expect(world.site.callsOf('usersFacts').map((c) => c.arg)).toEqual([CASE_A.guest]);
    const guest = world.persons
      .all()
      .flatMap((p) => p.accounts)
      .find((a) => a.accountId === CASE_A.guest);
    expect(guest).toMatchObject({ isGuest: true, guestSpaceKeys: ['KB'] });
  });
});
