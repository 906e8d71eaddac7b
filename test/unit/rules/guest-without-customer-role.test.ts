import type { Account } from '../../../src/core/model/account';
import type { SiteContext } from '../../../src/core/model/site';
import { guestWithoutCustomerRole } from '../../../src/core/rules/guest-without-customer-role';
import { applyToPerson } from '../../../src/core/rules/simulate';
import { aCustomer, aGuest, aSite, changeActionsOf, CUSTOMERS_GROUP, personOf } from '../../support/builders';

const site = aSite();

describe('GUEST_WITHOUT_CUSTOMER_ROLE', () => {
  it.each([
    ['on a desk list', [aGuest({ customerOfDeskIds: ['10'] })]],
    ['reporter on a desk', [aGuest({ reporterOnDeskIds: ['20'] })]],
    ['twin of a portal-only customer', [aGuest(), aCustomer({ customerOfDeskIds: ['10'] })]],
  ])('fires for a guest who is a customer %s without the role', (_label, accounts) => {
    const findings = guestWithoutCustomerRole(personOf(...accounts), site);
    expect(findings).toHaveLength(1);
    expect(changeActionsOf(findings[0]!)).toEqual([
      { type: 'addToGroup', accountId: 'aa-ann-example-com', groupId: CUSTOMERS_GROUP.id },
    ]);
    expect(findings[0]?.fixes[0]?.safety).toBe('safe');
    expect(findings[0]?.fixes[0]?.inverse).toEqual({
      type: 'removeFromGroup',
      accountId: 'aa-ann-example-com',
      groupId: CUSTOMERS_GROUP.id,
    });
  });

  it.each<[string, Account[], Partial<SiteContext>?]>([
    ['already has the role', [aGuest({ customerOfDeskIds: ['10'], groupIds: [CUSTOMERS_GROUP.id] })]],
    [
      'has the role through a mapped group',
      [aGuest({ customerOfDeskIds: ['10'], groupIds: ['grp-mapped'] })],
      { customerRoleGroupIds: ['grp-mapped'] },
    ],
    ['is a customer of no desk', [aGuest()]],
    ['is not a guest', [aGuest({ isGuest: false, customerOfDeskIds: ['10'] })]],
    ['is inactive', [aGuest({ status: 'inactive', customerOfDeskIds: ['10'] })]],
    ['has only a deactivated portal-only twin', [aGuest(), aCustomer({ status: 'inactive' })]],
  ])('does not fire when the guest %s', (_label, accounts, siteOverrides = {}) => {
    expect(guestWithoutCustomerRole(personOf(...accounts), aSite(siteOverrides))).toEqual([]);
  });

  it('fix clears it', () => {
    const person = personOf(aGuest(), aCustomer());
    const [finding] = guestWithoutCustomerRole(person, site);
    expect(guestWithoutCustomerRole(applyToPerson(person, changeActionsOf(finding!)), site)).toEqual([]);
  });
});
