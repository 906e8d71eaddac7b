/**
 * The two reported cases the product was built for (atlassian-identity.md §3), as fixtures.
 * (a) guest-also-customer who lost portal access; (b) KB-link sign-up creating a second customer entry.
 */
import type { Account } from '../../src/core/model/account';
import type { Person } from '../../src/core/model/person';
import type { SiteContext } from '../../src/core/model/site';
import {
  aCustomer,
  aDesk,
  aGuest,
  aLink,
  anAtlassianAccount,
  aPolicy,
  aSite,
  aSpace,
  CUSTOMERS_GROUP,
  GUESTS_GROUP,
  personOf,
} from './builders';

export interface ReportedCase {
  readonly site: SiteContext;
  readonly accounts: readonly Account[];
  readonly person: Person;
  readonly portalOnly: Account;
  readonly atlassian: Account;
}

/**
 * (a) A portal-only customer of desk HELP (created by portal sign-up) was later invited as a Confluence guest:
 * the invite created an Atlassian account with the same email, holding the Guest role but not the Customer
 * role, and not on the desk. Help-center login now goes through that account and fails.
 */
export const reportedCaseA = (overrides: { guestOnDesk?: boolean } = {}): ReportedCase => {
  const site = aSite();
  const portalOnly = aCustomer({
    accountId: 'qm:7d0c1a52-case-a:5ad6d3581db05e2a66fa80b',
    email: 'Dana.Partner@Partner.example',
    displayName: 'Dana Partner',
    customerOfDeskIds: ['10'],
    reporterOnDeskIds: ['10'],
    firstSeenAt: 1_700_000_000_000,
  });
  const atlassian = aGuest({
    accountId: '5b10ac8d82e05b22cc7d4ef5',
    email: ' dana.partner@partner.example ',
    displayName: 'Dana Partner',
    groupIds: [GUESTS_GROUP.id],
    guestSpaceKeys: ['KB'],
    customerOfDeskIds: overrides.guestOnDesk === true ? ['10'] : [],
    firstSeenAt: 1_710_000_000_000,
  });
  const accounts = [portalOnly, atlassian];
  return { site, accounts, person: personOf(...accounts), portalOnly, atlassian };
};

/**
 * (b) A portal-only customer of desk SUPPORT exists; the customer opened a /wiki/ link to the desk's KB space
 * (readable by logged-in users, not anonymously), signed up with Microsoft, and the new Atlassian account
 * landed on SUPPORT's customer list (the desk admits anyone with an account).
 */
export const reportedCaseB = (overrides: { deskAccess?: 'public' | 'closed' } = {}): ReportedCase => {
  const site = aSite({
    desks: [
      aDesk({
        id: '30',
        projectId: '30000',
        projectKey: 'SUPPORT',
        name: 'Support',
        access: overrides.deskAccess ?? 'public',
      }),
    ],
    spaces: [
      aSpace({ id: '98305', key: 'SKB', name: 'Support KB', unlicensedRead: true, anonymousRead: false }),
    ],
    policy: aPolicy({ links: [aLink({ id: 'link-support', deskId: '30', spaceKeys: ['SKB'] })] }),
  });
  const portalOnly = aCustomer({
    accountId: 'qm:a713c8ea-case-b:5ad6d3581db05e2a66fa80b',
    email: 'erik.customer@customer.example',
    displayName: 'Erik Customer',
    customerOfDeskIds: ['30'],
    reporterOnDeskIds: ['30'],
    firstSeenAt: 1_600_000_000_000,
  });
  const atlassian = anAtlassianAccount({
    accountId: '712020:3c1a6b0e-case-b',
    email: 'Erik.Customer@customer.example',
    displayName: 'Erik Customer (Microsoft)',
    groupIds: [CUSTOMERS_GROUP.id],
    customerOfDeskIds: ['30'],
    firstSeenAt: 1_650_000_000_000,
  });
  const accounts = [portalOnly, atlassian];
  return { site, accounts, person: personOf(...accounts), portalOnly, atlassian };
};
