import type { Account } from '../../../src/core/model/account';
import { linkedGroupDrift } from '../../../src/core/rules/linked-group-drift';
import { applyToPerson } from '../../../src/core/rules/simulate';
import {
  aCustomer,
  aGuest,
  aLink,
  anAtlassianAccount,
  aPolicy,
  aSite,
  changeActionsOf,
  GUESTS_GROUP,
  PARTNERS_GROUP,
  personOf,
} from '../../support/builders';

const site = aSite({ policy: aPolicy({ links: [aLink({ groupIds: [PARTNERS_GROUP.id] })] }) });

describe('LINKED_GROUP_DRIFT', () => {
  it.each<[string, Account[], string]>([
    [
      'a customer-guest of the link missing from its group',
      [aGuest({ customerOfDeskIds: ['10'] })],
      'addToGroup',
    ],
    ['a guest whose portal-only twin is the customer', [aGuest(), aCustomer()], 'addToGroup'],
    [
      'a member who is neither guest of the space nor customer of the desk',
      [anAtlassianAccount({ groupIds: [PARTNERS_GROUP.id] })],
      'removeFromGroup',
    ],
    [
      'a member who is a guest of another space only',
      [aGuest({ guestSpaceKeys: ['OTHER'], groupIds: [GUESTS_GROUP.id, PARTNERS_GROUP.id] })],
      'removeFromGroup',
    ],
  ])('fires for %s', (_label, accounts, type) => {
    const findings = linkedGroupDrift(personOf(...accounts), site);
    expect(findings).toHaveLength(1);
    expect(changeActionsOf(findings[0]!).map((a) => a.type)).toEqual([type]);
    expect(findings[0]?.fixes[0]?.safety).toBe(type === 'addToGroup' ? 'safe' : 'review');
    expect(findings[0]?.scope).toEqual({ deskIds: ['10'], spaceKeys: ['KB'] });
  });

  it.each<[string, Account[]]>([
    ['an in-step member', [aGuest({ customerOfDeskIds: ['10'], groupIds: [PARTNERS_GROUP.id] })]],
    ['a guest of the space who is not a customer (not expected, not extra)', [aGuest()]],
    [
      'a customer who is not a guest, in the group',
      [anAtlassianAccount({ customerOfDeskIds: ['10'], groupIds: [PARTNERS_GROUP.id] })],
    ],
    [
      'an inactive member (INACTIVE_WITH_ACCESS covers it)',
      [anAtlassianAccount({ status: 'inactive', groupIds: [PARTNERS_GROUP.id] })],
    ],
    ['a portal-only customer (cannot be in groups)', [aCustomer()]],
  ])('does not fire for %s', (_label, accounts) => {
    expect(linkedGroupDrift(personOf(...accounts), site)).toEqual([]);
  });

  it('keeps a member that another Link of the same group qualifies', () => {
    const twoLinks = aSite({
      policy: aPolicy({
        links: [
          aLink({ groupIds: [PARTNERS_GROUP.id] }),
          aLink({ id: 'link-open', deskId: '20', spaceKeys: [], groupIds: [PARTNERS_GROUP.id] }),
        ],
      }),
    });
    const member = anAtlassianAccount({ customerOfDeskIds: ['20'], groupIds: [PARTNERS_GROUP.id] });
    expect(linkedGroupDrift(personOf(member), twoLinks)).toEqual([]);
  });

  it('does nothing when no Link names a group', () => {
    expect(linkedGroupDrift(personOf(aGuest({ customerOfDeskIds: ['10'] })), aSite())).toEqual([]);
  });

  it.each<[string, Account[]]>([
    ['adding the missing member', [aGuest({ customerOfDeskIds: ['10'] })]],
    ['removing the extra member', [anAtlassianAccount({ groupIds: [PARTNERS_GROUP.id] })]],
  ])('fix clears it: %s', (_label, accounts) => {
    const person = personOf(...accounts);
    const [finding] = linkedGroupDrift(person, site);
    expect(linkedGroupDrift(applyToPerson(person, changeActionsOf(finding!)), site)).toEqual([]);
  });
});
