/**
 * get-directory: names for desk ids, space keys and group ids from the stored site snapshot, narrowed to
 * what the viewer may see, with no REST read.
 */
import { getDirectory } from '../../../src/core/use-cases/queries/get-directory';
import { createMeter } from '../../../src/core/use-cases/shared/points';
import { readSiteSnapshot } from '../../../src/core/use-cases/shared/site-context';
import { aLink, aPolicy, PARTNERS_GROUP } from '../../support/builders';
import {
  helpAdmin,
  kbAdmin,
  makeWorld,
  openAdmin,
  otherSpaceAdmin,
  siteAdmin,
  type World,
  value,
} from '../../support/fakes';

/** Desks HELP (10) and OPEN (20), space KB, a Link HELP ↔ KB naming the partners group; snapshot stored. */
const withSnapshot = async (): Promise<World> => {
  const world = makeWorld({ policy: aPolicy({ links: [aLink({ groupIds: [PARTNERS_GROUP.id] })] }) });
  const policy = await world.policies.get();
  const snapshot = value(
    await readSiteSnapshot(world.deps, createMeter(world.budget), policy, world.clock.t),
  );
  await world.siteSnapshots.put(snapshot);
  return world;
};

const ids = (d: {
  desks: readonly { id: string }[];
  spaces: readonly { key: string }[];
  groups: readonly { id: string }[];
}) => ({
  desks: d.desks.map((x) => x.id),
  spaces: d.spaces.map((x) => x.key),
  groups: d.groups.map((x) => x.id),
});

describe('get-directory', () => {
  it('before any snapshot: empty lists, no time, and no REST read', async () => {
    const world = makeWorld();
    const calls = world.site.calls.length;
    expect(value(await getDirectory(world.deps, { viewer: siteAdmin }))).toEqual({
      desks: [],
      spaces: [],
      groups: [],
      asOf: null,
    });
    expect(world.site.calls.length).toBe(calls);
  });

  it('site admin: every desk, space and group of the snapshot, with names', async () => {
    const world = await withSnapshot();
    const calls = world.site.calls.length;
    const d = value(await getDirectory(world.deps, { viewer: siteAdmin }));
    expect(world.site.calls.length).toBe(calls);
    expect(d.desks).toEqual([
      { id: '10', name: expect.any(String), projectKey: 'HELP' },
      { id: '20', name: 'Open desk', projectKey: 'OPEN' },
    ]);
    expect(ids(d)).toEqual({
      desks: ['10', '20'],
      spaces: ['KB'],
      groups: ['grp-customers', 'grp-guests', 'grp-partners'],
    });
    expect(d.groups.find((g) => g.id === PARTNERS_GROUP.id)?.name).toBe(PARTNERS_GROUP.name);
    expect(d.asOf).toBe(world.clock.t);
  });

  it.each([
    [
      'project admin of HELP',
      helpAdmin,
      { desks: ['10'], spaces: [], groups: ['grp-customers', 'grp-partners'] },
    ],
    ['project admin of OPEN (no Link)', openAdmin, { desks: ['20'], spaces: [], groups: ['grp-customers'] }],
    ['space admin of KB', kbAdmin, { desks: [], spaces: ['KB'], groups: ['grp-customers', 'grp-partners'] }],
    ['space admin of another space', otherSpaceAdmin, { desks: [], spaces: [], groups: ['grp-customers'] }],
  ] as const)(
    '%s: only their own desk or space, and the groups their scope names',
    async (_label, viewer, expected) => {
      const world = await withSnapshot();
      expect(ids(value(await getDirectory(world.deps, { viewer })))).toEqual(expected);
    },
  );
});
