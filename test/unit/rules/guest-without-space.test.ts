import { guestWithoutSpace } from '../../../src/core/rules/guest-without-space';
import { aCustomer, aGuest, anAtlassianAccount, aSite, personOf } from '../../support/builders';

const site = aSite();

describe('GUEST_WITHOUT_SPACE', () => {
  it('fires for a guest with no space and points at global permissions when no Link suggests one', () => {
    const [finding] = guestWithoutSpace(personOf(aGuest({ guestSpaceKeys: [] })), site);
    expect(finding?.severity).toBe('low');
    expect(finding?.fixes[0]?.action).toMatchObject({
      step: 'assign-guest-space',
      deepLink: 'https://acme.atlassian.net/wiki/admin/permissions/global',
    });
  });

  it('suggests the linked space of a desk the guest is a customer of (here through its portal-only twin)', () => {
    const [finding] = guestWithoutSpace(personOf(aGuest({ guestSpaceKeys: [] }), aCustomer()), site);
    expect(finding?.fixes[0]?.action).toMatchObject({
      target: 'KB',
      deepLink: 'https://acme.atlassian.net/wiki/spaces/KB/settings/permissions',
    });
    expect(finding?.scope).toEqual({ deskIds: ['10'], spaceKeys: ['KB'] });
  });

  it.each([
    ['a guest with a space', aGuest()],
    ['a non-guest', anAtlassianAccount()],
    ['an inactive guest', aGuest({ guestSpaceKeys: [], status: 'inactive' })],
  ])('does not fire for %s', (_label, account) => {
    expect(guestWithoutSpace(personOf(account), site)).toEqual([]);
  });

  it('the state the guide describes (one assigned space) clears it', () => {
    const guest = aGuest({ guestSpaceKeys: [] });
    expect(guestWithoutSpace(personOf(guest), site)).toHaveLength(1);
    expect(guestWithoutSpace(personOf({ ...guest, guestSpaceKeys: ['KB'] }), site)).toEqual([]);
  });
});
