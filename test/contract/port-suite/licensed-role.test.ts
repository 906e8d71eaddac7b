/**
 * Confluence.usersFacts reads the guests' licensed role (a `confluence-users-*` group) one of two ways: each
 * guest's v1 group memberships, or, for a batch of at least LICENSED_LIST_MIN_GUESTS guests when it costs
 * fewer points, the licensed groups' member lists once. Both must give the same answer: checked on the
 * emulated demo site with twelve more guests, some of them licensed, one deactivated, against the site's own
 * group membership.
 */
import { demoScenario } from '../../../local/atlassian-site/scenarios/demo';
import { createRestAdapters } from '../../../src/adapters/jira';
import { LICENSED_LIST_MIN_GUESTS } from '../../../src/adapters/confluence/confluence';
import type { ConfluenceUserFacts } from '../../../src/core/ports';
import { startWorld, type World } from '../adapters/support';

jest.setTimeout(120_000);

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

const action = async (name: string, body: unknown): Promise<{ accountId?: string }> => {
  const res = await fetch(`${world.site.url}/__local/actions/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { accountId?: string };
};

const roleOf = (facts: readonly ConfluenceUserFacts[]): Record<string, boolean> =>
  Object.fromEntries(facts.map((f) => [f.accountId, f.hasUserRole]));

it('the licensed role is the same listed once or read per guest, and matches the site', async () => {
  const state = world.site.state;
  const licensedGroup = [...state.groups.values()].find((g) => g.name.startsWith('confluence-users-'))!;
  const invited: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    const { accountId } = await action('invite-guest', {
      email: `licensed.${i}@guests.example`,
      displayName: `Licensed test ${i}`,
    });
    invited.push(accountId!);
  }
  // Licensed: every third; one of them deactivated (group lists include inactive members).
  for (const id of invited.filter((_, i) => i % 3 === 0))
    await action('add-to-group', { accountId: id, groupId: licensedGroup.groupId });
  await action('deactivate-account', { accountId: invited[3]! });
  const guests = [...state.accounts.values()]
    .filter((a) => a.isGuest === true)
    .map((a) => a.accountId)
    .sort();
  expect(guests.length).toBeGreaterThanOrEqual(LICENSED_LIST_MIN_GUESTS);
  const truth = Object.fromEntries(guests.map((id) => [id, licensedGroup.members.has(id)]));
  expect(Object.values(truth).filter(Boolean).length).toBeGreaterThan(1);
  expect(Object.values(truth).some((v) => !v)).toBe(true);

  const { confluence } = createRestAdapters({
    cloudId: demoScenario().cloudId,
    points: world.points,
    limits: world.limits,
    random: () => 0.5,
  });
  const memberships = () => world.meterOf('getGroupMembershipsForUser').calls;

  const before = memberships();
  const listed = await confluence.usersFacts(guests, { onlySpaceKeys: [] });
  expect(memberships()).toBe(before); // listed once: no per-guest read
  expect(roleOf(listed)).toEqual(truth);

  const perGuest: ConfluenceUserFacts[] = [];
  for (const id of guests) perGuest.push(...(await confluence.usersFacts([id], { onlySpaceKeys: [] })));
  expect(memberships()).toBe(before + guests.length); // below the threshold: one read per guest
  expect(roleOf(perGuest)).toEqual(truth);
});
