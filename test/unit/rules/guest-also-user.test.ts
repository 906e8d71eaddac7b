import { guestAlsoUser } from '../../../src/core/rules/guest-also-user';
import { aGuest, anAtlassianAccount, aSite, personOf } from '../../support/builders';

const site = aSite();

describe('GUEST_ALSO_USER', () => {
  it('fires for a guest holding the Confluence user role, with a guided step only', () => {
    const guest = aGuest({ hasConfluenceUserRole: true });
    const [finding, ...rest] = guestAlsoUser(personOf(guest), site);
    expect(rest).toEqual([]);
    expect(finding?.fixes).toEqual([
      expect.objectContaining({
        safety: 'manual',
        inverse: null,
        action: expect.objectContaining({
          step: 'remove-confluence-user-role',
          accountId: guest.accountId,
          deepLink: `https://admin.atlassian.com/s/cloud-acme/users/${guest.accountId}`,
        }),
      }),
    ]);
  });

  it.each([
    ['a guest without the user role', aGuest()],
    ['a licensed user who is not a guest', anAtlassianAccount({ hasConfluenceUserRole: true })],
    ['an inactive guest-user', aGuest({ hasConfluenceUserRole: true, status: 'inactive' })],
  ])('does not fire for %s', (_label, account) => {
    expect(guestAlsoUser(personOf(account), site)).toEqual([]);
  });

  it.each([
    ['the user role is removed', { hasConfluenceUserRole: false }],
    ['the guest role is removed', { isGuest: false, guestSpaceKeys: [] }],
  ])('the state the guide describes clears it: %s', (_label, after) => {
    const guest = aGuest({ hasConfluenceUserRole: true });
    expect(guestAlsoUser(personOf(guest), site)).toHaveLength(1);
    expect(guestAlsoUser(personOf({ ...guest, ...after }), site)).toEqual([]);
  });
});
