import { customerRoleOrphan } from '../../../src/core/rules/customer-role-orphan';
import { applyToPerson } from '../../../src/core/rules/simulate';
import {
  aCustomer,
  anAtlassianAccount,
  aSite,
  changeActionsOf,
  CUSTOMERS_GROUP,
  personOf,
} from '../../support/builders';

const site = aSite();
const orphan = anAtlassianAccount({ groupIds: [CUSTOMERS_GROUP.id] });

describe('CUSTOMER_ROLE_ORPHAN', () => {
  it('fires for the Customer role on no desk, offering an optional review removal', () => {
    const [finding] = customerRoleOrphan(personOf(orphan), site);
    expect(finding?.severity).toBe('low');
    expect(finding?.fixes.map((f) => [f.action.type, f.safety])).toEqual([['removeFromGroup', 'review']]);
  });

  it('fires without a fix when the role comes from a mapped group only', () => {
    const mapped = aSite({ customerRoleGroupIds: ['grp-mapped'] });
    const [finding] = customerRoleOrphan(personOf(anAtlassianAccount({ groupIds: ['grp-mapped'] })), mapped);
    expect(finding?.fixes).toEqual([]);
  });

  it.each([
    ['on a desk list', [anAtlassianAccount({ groupIds: [CUSTOMERS_GROUP.id], customerOfDeskIds: ['10'] })]],
    ['a reporter', [anAtlassianAccount({ groupIds: [CUSTOMERS_GROUP.id], reporterOnDeskIds: ['10'] })]],
    ['twin of a portal-only customer', [orphan, aCustomer()]],
    ['without the role', [anAtlassianAccount()]],
    ['inactive', [anAtlassianAccount({ status: 'inactive', groupIds: [CUSTOMERS_GROUP.id] })]],
  ])('does not fire for an account %s', (_label, accounts) => {
    expect(customerRoleOrphan(personOf(...accounts), site)).toEqual([]);
  });

  it('fix clears it', () => {
    const person = personOf(orphan);
    const [finding] = customerRoleOrphan(person, site);
    expect(customerRoleOrphan(applyToPerson(person, changeActionsOf(finding!)), site)).toEqual([]);
  });
});
