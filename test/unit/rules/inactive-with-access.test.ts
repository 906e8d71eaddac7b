import type { Account } from '../../../src/core/model/account';
import { inactiveWithAccess } from '../../../src/core/rules/inactive-with-access';
import { applyToPerson } from '../../../src/core/rules/simulate';
import {
  aCustomer,
  aLink,
  anAtlassianAccount,
  aPolicy,
  aSite,
  changeActionsOf,
  CUSTOMERS_GROUP,
  GUESTS_GROUP,
  PARTNERS_GROUP,
  personOf,
} from '../../support/builders';

const site = aSite({ policy: aPolicy({ links: [aLink({ groupIds: [PARTNERS_GROUP.id] })] }) });

describe('INACTIVE_WITH_ACCESS', () => {
  it.each<[string, Account, string[]]>([
    [
      'an inactive account in the customers group',
      anAtlassianAccount({ status: 'inactive', groupIds: [CUSTOMERS_GROUP.id] }),
      ['removeFromGroup'],
    ],
    [
      'a closed account in a Link group',
      anAtlassianAccount({ status: 'closed', groupIds: [PARTNERS_GROUP.id] }),
      ['removeFromGroup'],
    ],
    [
      'an inactive portal-only account on a closed desk',
      aCustomer({ status: 'inactive' }),
      ['removeCustomerFromDesk'],
    ],
    [
      'an inactive portal-only account on an open desk',
      aCustomer({ status: 'inactive', customerOfDeskIds: ['20'] }),
      ['guidedStep'],
    ],
  ])('fires for %s', (_label, account, types) => {
    const [finding, ...rest] = inactiveWithAccess(personOf(account), site);
    expect(rest).toEqual([]);
    expect(finding?.fixes.map((f) => f.action.type)).toEqual(types);
    for (const fix of finding?.fixes ?? []) expect(['review', 'manual']).toContain(fix.safety);
  });

  it.each<[string, Account]>([
    ['an active account', anAtlassianAccount({ groupIds: [CUSTOMERS_GROUP.id], customerOfDeskIds: ['10'] })],
    [
      'an inactive account only in an unrelated group',
      anAtlassianAccount({ status: 'inactive', groupIds: [GUESTS_GROUP.id] }),
    ],
    ['an inactive account with nothing', anAtlassianAccount({ status: 'inactive' })],
  ])('does not fire for %s', (_label, account) => {
    expect(inactiveWithAccess(personOf(account), site)).toEqual([]);
  });

  it('fix clears it', () => {
    const person = personOf(
      anAtlassianAccount({
        status: 'inactive',
        groupIds: [CUSTOMERS_GROUP.id, PARTNERS_GROUP.id],
        customerOfDeskIds: ['10'],
      }),
    );
    const [finding] = inactiveWithAccess(person, site);
    expect(changeActionsOf(finding!)).toHaveLength(3);
    expect(inactiveWithAccess(applyToPerson(person, changeActionsOf(finding!)), site)).toEqual([]);
  });
});
