/**
 * The guest → space cache decisions (core/use-cases/reconcile/guest-space-cache.ts), then the cache in use:
 * the scan builds it, reconcile-person reads only spaces changed since, and falls back to every space when
 * the cache cannot answer.
 */
import type { GuestSpaceEntry } from '../../../src/core/ports';
import {
  GUEST_SPACE_CACHE,
  type GuestSpaceCacheState,
  type GuestSpaceRead,
  guestSpaceKeysOf,
  noteSpacePermissionsChanged,
  planGuestSpaceRead,
} from '../../../src/core/use-cases/reconcile/guest-space-cache';
import { reconcilePerson } from '../../../src/core/use-cases/reconcile/reconcile-person';
import { scanStep } from '../../../src/core/use-cases/scan/scan-step';
import { startScan } from '../../../src/core/use-cases/scan/start-scan';
import { GUESTS_GROUP, aSpace } from '../../support/builders';
import { CASE_A, makeWorld, seedCaseA, type World } from '../../support/fakes';

const H = 60 * 60 * 1000;
const BUILT = 1_000 * H;
const entry = (accountId: string, spaceKeys: string[], observedAt: number): GuestSpaceEntry => ({
  accountId,
  spaceKeys,
  observedAt,
});
const state = (
  builtAt: number | null,
  entries: GuestSpaceEntry[],
  changes: [string, number][],
): GuestSpaceCacheState => ({
  builtAt,
  entries: new Map(entries.map((e) => [e.accountId, e])),
  changes: changes.map(([spaceKey, at]) => ({ spaceKey, at })),
});

describe('planGuestSpaceRead', () => {
  it.each<[string, string[], GuestSpaceCacheState, number, GuestSpaceRead]>([
    ['never built: every space', ['g1'], state(null, [], []), BUILT, { kind: 'walk', reason: 'never-built' }],
    ['no accounts: nothing', [], state(BUILT, [], [['A', BUILT]]), BUILT, { kind: 'spaces', spaceKeys: [] }],
    [
      'known guest, nothing changed: no space read',
      ['g1'],
      state(BUILT, [entry('g1', ['KB'], BUILT + H)], []),
      BUILT + 2 * H,
      { kind: 'spaces', spaceKeys: [] },
    ],
    [
      'known guest: only spaces changed at or after its observation',
      ['g1'],
      state(
        BUILT,
        [entry('g1', ['KB'], BUILT + H)],
        [
          ['OLD', BUILT + H - 1],
          ['NEW', BUILT + H],
          ['B', BUILT + 3 * H],
        ],
      ),
      BUILT + 4 * H,
      { kind: 'spaces', spaceKeys: ['B', 'NEW'] },
    ],
    [
      'guest new since the build: spaces changed since the build',
      ['new'],
      state(BUILT, [entry('g1', ['KB'], BUILT + 5 * H)], [['S', BUILT + 2 * H]]),
      BUILT + 6 * H,
      { kind: 'spaces', spaceKeys: ['S'] },
    ],
    [
      'an entry older than the build is not used (its changes may be forgotten)',
      ['g1'],
      state(BUILT, [entry('g1', ['KB'], BUILT - 1)], [['S', BUILT]]),
      BUILT + H,
      { kind: 'spaces', spaceKeys: ['S'] },
    ],
    [
      'a batch reads what its oldest account needs',
      ['g1', 'g2'],
      state(
        BUILT,
        [entry('g1', [], BUILT + 5 * H), entry('g2', [], BUILT + H)],
        [
          ['A', BUILT + 2 * H],
          ['B', BUILT + 6 * H],
        ],
      ),
      BUILT + 7 * H,
      { kind: 'spaces', spaceKeys: ['B', 'A'] },
    ],
    [
      'the latest change first, ties by key',
      ['new'],
      state(
        BUILT,
        [],
        [
          ['A', BUILT + H],
          ['B', BUILT + 2 * H],
          ['C', BUILT + 2 * H],
        ],
      ),
      BUILT + 3 * H,
      { kind: 'spaces', spaceKeys: ['B', 'C', 'A'] },
    ],
    [
      'past the freshness bound: every space',
      ['g1'],
      state(BUILT, [entry('g1', ['KB'], BUILT)], []),
      BUILT + GUEST_SPACE_CACHE.freshForMs + 1,
      { kind: 'walk', reason: 'stale' },
    ],
    [
      'at the freshness bound: still the cache',
      ['g1'],
      state(BUILT, [entry('g1', ['KB'], BUILT)], []),
      BUILT + GUEST_SPACE_CACHE.freshForMs,
      { kind: 'spaces', spaceKeys: [] },
    ],
    [
      'more changed spaces than the bound: every space',
      ['g1'],
      state(
        BUILT,
        [],
        Array.from({ length: GUEST_SPACE_CACHE.maxSpaceReads + 1 }, (_, i): [string, number] => [
          `S${i}`,
          BUILT,
        ]),
      ),
      BUILT + H,
      { kind: 'walk', reason: 'many-changes' },
    ],
    [
      'exactly the bound: those spaces',
      ['g1'],
      state(
        BUILT,
        [],
        Array.from({ length: GUEST_SPACE_CACHE.maxSpaceReads }, (_, i): [string, number] => [`S${i}`, BUILT]),
      ),
      BUILT + H,
      {
        kind: 'spaces',
        spaceKeys: Array.from({ length: GUEST_SPACE_CACHE.maxSpaceReads }, (_, i) => `S${i}`),
      },
    ],
  ])('%s', (_label, ids, s, now, expected) => {
    expect(planGuestSpaceRead(ids, s, now)).toEqual(expected);
  });
});

describe('guestSpaceKeysOf', () => {
  const s = state(BUILT, [entry('g1', ['KB'], BUILT + H), entry('old', ['OLD'], BUILT - 1)], []);
  it.each<[string, string, GuestSpaceRead, string[], string[]]>([
    ['walk: the live answer only', 'g1', { kind: 'walk', reason: 'stale' }, ['ENG'], ['ENG']],
    ['nothing read: the entry', 'g1', { kind: 'spaces', spaceKeys: [] }, [], ['KB']],
    ['its space changed and it left it', 'g1', { kind: 'spaces', spaceKeys: ['KB'] }, [], []],
    ['moved to a changed space', 'g1', { kind: 'spaces', spaceKeys: ['ENG', 'KB'] }, ['ENG'], ['ENG']],
    ['another space changed: entry plus live', 'g1', { kind: 'spaces', spaceKeys: ['ENG'] }, [], ['KB']],
    ['no entry: the live answer', 'new', { kind: 'spaces', spaceKeys: ['S'] }, ['S'], ['S']],
    ['an entry older than the build is ignored', 'old', { kind: 'spaces', spaceKeys: [] }, [], []],
  ])('%s', (_label, id, read, live, expected) => {
    expect(guestSpaceKeysOf(id, s, read, live)).toEqual(expected);
  });
});

describe('the cache in use', () => {
  const FOREVER = Number.MAX_SAFE_INTEGER;
  const scanned = async (): Promise<World> => {
    const world = makeWorld();
    world.site.addSpace(aSpace({ id: '65540', key: 'ENG', name: 'Engineering' }));
    seedCaseA(world);
    const started = await startScan(world.deps, { now: world.clock.t });
    if (!started.ok) throw new Error('scan did not start');
    for (;;) {
      const r = await scanStep(world.deps, {
        now: world.clock.t,
        budgetPoints: FOREVER,
        deadlineMs: FOREVER,
      });
      if (!r.ok) throw new Error('scan step failed');
      if (r.value.stoppedBecause === 'finished') return world;
    }
  };
  const reconcile = (world: World, accountId: string) =>
    reconcilePerson(world.deps, { target: { accountId }, reason: 'watch-delta', now: world.clock.t });
  const guestSpacesOf = (world: World, accountId: string): readonly string[] | undefined =>
    world.persons
      .all()
      .flatMap((p) => p.accounts)
      .find((a) => a.accountId === accountId)?.guestSpaceKeys;

  it('the scan builds it as of its start, with every guest it read', async () => {
    const world = await scanned();
    expect(world.guestSpaces.built).toBe(world.clock.t);
    expect([...world.guestSpaces.byAccount.values()]).toEqual([entry(CASE_A.guest, ['KB'], world.clock.t)]);
  });

  it('a known guest is reconciled without reading any space', async () => {
    const world = await scanned();
    world.clock.advance(H);
    expect(await reconcile(world, CASE_A.guest)).toMatchObject({ ok: true });
    expect(world.site.spaceReads).toEqual([[]]);
    expect(guestSpacesOf(world, CASE_A.guest)).toEqual(['KB']);
  });

  it('a guest invited since, assigned to a space whose event fired: that space only, and the answer is kept', async () => {
    const world = await scanned();
    world.clock.advance(H);
    world.site.addAccount(
      {
        accountId: 'guest-new',
        kind: 'atlassian',
        email: 'new@partner.example',
        isGuest: true,
        guestSpaceKeys: ['ENG'],
      },
      { groups: [GUESTS_GROUP.id] },
    );
    await noteSpacePermissionsChanged(world.deps, { spaceKey: 'ENG', at: world.clock.t });
    world.clock.advance(60_000);
    expect(await reconcile(world, 'guest-new')).toMatchObject({ ok: true });
    expect(world.site.spaceReads).toEqual([['ENG']]);
    expect(guestSpacesOf(world, 'guest-new')).toEqual(['ENG']);
    expect(world.guestSpaces.byAccount.get('guest-new')).toEqual(entry('guest-new', ['ENG'], world.clock.t));
  });

  it('a known guest moved between spaces (both events fired) gets its new space', async () => {
    const world = await scanned();
    world.clock.advance(H);
    const guest = world.site.accounts.get(CASE_A.guest);
    if (guest !== undefined) guest.guestSpaceKeys = ['ENG'];
    await noteSpacePermissionsChanged(world.deps, { spaceKey: 'KB', at: world.clock.t });
    await noteSpacePermissionsChanged(world.deps, { spaceKey: 'ENG', at: world.clock.t });
    expect(await reconcile(world, CASE_A.guest)).toMatchObject({ ok: true });
    expect(world.site.spaceReads).toEqual([['ENG', 'KB']]);
    expect(guestSpacesOf(world, CASE_A.guest)).toEqual(['ENG']);
  });

  it('past the freshness bound every space is read again', async () => {
    const world = await scanned();
    const guest = world.site.accounts.get(CASE_A.guest);
    if (guest !== undefined) guest.guestSpaceKeys = ['ENG']; // a change whose event was missed
    world.clock.advance(GUEST_SPACE_CACHE.freshForMs + 1);
    expect(await reconcile(world, CASE_A.guest)).toMatchObject({ ok: true });
    expect(world.site.spaceReads).toEqual([]); // no `onlySpaceKeys`: the adapter walks every space
    expect(guestSpacesOf(world, CASE_A.guest)).toEqual(['ENG']);
  });

  it('without a build (no scan yet) every space is read', async () => {
    const world = makeWorld();
    seedCaseA(world);
    expect(await reconcile(world, CASE_A.guest)).toMatchObject({ ok: true });
    expect(world.site.spaceReads).toEqual([]);
    expect(guestSpacesOf(world, CASE_A.guest)).toEqual(['KB']);
  });
});
