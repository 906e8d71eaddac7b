/**
 * The reported cases and a realistic mix, seeded into a fake site (the same people as
 * test/support/reported-cases.ts, now as site records the use cases have to read).
 */
import { aDesk, aLink, aPolicy, aSpace, CUSTOMERS_GROUP, GUESTS_GROUP, PARTNERS_GROUP } from '../builders';
import type { WorldOptions } from './world';
import { makeWorld, type World } from './world';

export const CASE_A = {
  portalOnly: 'qm:7d0c1a52-case-a:5ad6d3581db05e2a66fa80b',
  guest: '5b10ac8d82e05b22cc7d4ef5',
  email: 'dana.partner@partner.example',
} as const;

/** (a) portal-only customer of HELP, later invited as a guest of KB: the guest lacks the Customer role. */
export const seedCaseA = (world: World): void => {
  world.site.addAccount(
    {
      accountId: CASE_A.portalOnly,
      kind: 'customer',
      displayName: 'Dana Partner',
      email: 'Dana.Partner@Partner.example',
    },
    { desks: ['10'] },
  );
  world.site.addAccount(
    {
      accountId: CASE_A.guest,
      kind: 'atlassian',
      displayName: 'Dana Partner',
      email: ' dana.partner@partner.example ',
      emailVisible: false,
      isGuest: true,
      guestSpaceKeys: ['KB'],
    },
    { groups: [GUESTS_GROUP.id] },
  );
};

export const CASE_B = {
  portalOnly: 'qm:a713c8ea-case-b:5ad6d3581db05e2a66fa80b',
  signUp: '712020:3c1a6b0e-case-b',
  email: 'erik.customer@customer.example',
} as const;

/** (b) site: desk SUPPORT (public) whose KB space SKB is readable by logged-in users only. */
export const caseBWorld = (options: WorldOptions = {}): World => {
  const world = makeWorld({
    policy: aPolicy({ links: [aLink(), aLink({ id: 'link-support', deskId: '30', spaceKeys: ['SKB'] })] }),
    ...options,
  });
  world.site.addDesk(
    aDesk({ id: '30', projectId: '30000', projectKey: 'SUPPORT', name: 'Support', access: 'public' }),
  );
  world.site.addSpace(
    aSpace({ id: '98305', key: 'SKB', name: 'Support KB', unlicensedRead: true, anonymousRead: false }),
  );
  world.site.addAccount(
    {
      accountId: CASE_B.portalOnly,
      kind: 'customer',
      displayName: 'Erik Customer',
      email: 'erik.customer@customer.example',
    },
    { desks: ['30'] },
  );
  return world;
};

/** The customer signs up through a /wiki/ link: a new Atlassian account lands on SUPPORT's list. */
export const signUpThroughKbLink = (world: World): void => {
  world.site.addAccount(
    {
      accountId: CASE_B.signUp,
      kind: 'atlassian',
      displayName: 'Erik Customer (Microsoft)',
      email: 'Erik.Customer@customer.example',
    },
    { groups: [CUSTOMERS_GROUP.id], desks: ['30'] },
  );
};

/**
 * A realistic mix over several pages: 70 ordinary customers of HELP in the customers group (two pages of
 * group members and desk customers), hidden and unreadable emails, an inactive member, guests with and
 * without space, a guest with a licensed role, plus-tag and Gmail-dot variants, partners in a Link group,
 * and case (a).
 */
export const seedMix = (world: World): void => {
  seedCaseA(world);
  for (let i = 0; i < 70; i += 1) {
    const n = String(i).padStart(2, '0');
    world.site.addAccount(
      {
        accountId: `aa-cust-${n}`,
        kind: 'atlassian',
        displayName: `Customer ${n}`,
        email: `customer${n}@client.example`,
        emailVisible: i % 3 !== 0,
      },
      { groups: [CUSTOMERS_GROUP.id], desks: ['10'] },
    );
  }
  world.site.addAccount(
    {
      accountId: 'qm:portal-only-1',
      kind: 'customer',
      displayName: 'Pat Portal',
      email: 'pat@client.example',
    },
    { desks: ['10', '20'] },
  );
  world.site.addAccount(
    {
      accountId: 'aa-hidden',
      kind: 'atlassian',
      displayName: 'Hidden Person',
      email: 'hidden@client.example',
      emailVisible: false,
      emailReadable: false,
    },
    { groups: [CUSTOMERS_GROUP.id] },
  );
  world.site.addAccount(
    {
      accountId: 'aa-gone',
      kind: 'atlassian',
      status: 'inactive',
      displayName: 'Gone Person',
      email: 'gone@client.example',
    },
    { groups: [CUSTOMERS_GROUP.id], desks: ['10'] },
  );
  world.site.addAccount(
    {
      accountId: 'aa-nospace',
      kind: 'atlassian',
      displayName: 'Guest Nospace',
      email: 'nospace@partner.example',
      isGuest: true,
    },
    { groups: [GUESTS_GROUP.id, CUSTOMERS_GROUP.id] },
  );
  world.site.addAccount(
    {
      accountId: 'aa-both',
      kind: 'atlassian',
      displayName: 'Guest Licensed',
      email: 'licensed@partner.example',
      isGuest: true,
      hasUserRole: true,
      guestSpaceKeys: ['KB'],
    },
    { groups: [GUESTS_GROUP.id, CUSTOMERS_GROUP.id, PARTNERS_GROUP.id], desks: ['10'] },
  );
  world.site.addAccount(
    { accountId: 'aa-plus', kind: 'atlassian', displayName: 'Plus Tag', email: 'jo+help@client.example' },
    { groups: [CUSTOMERS_GROUP.id], desks: ['20'] },
  );
  world.site.addAccount(
    { accountId: 'qm:jo', kind: 'customer', displayName: 'Jo', email: 'jo@client.example' },
    { desks: ['20'] },
  );
  world.site.addAccount(
    { accountId: 'aa-gmail', kind: 'atlassian', displayName: 'Gm Ail', email: 'first.last@gmail.com' },
    { groups: [CUSTOMERS_GROUP.id] },
  );
  world.site.addAccount(
    { accountId: 'qm:gmail', kind: 'customer', displayName: 'Gm', email: 'firstlast@gmail.com' },
    { desks: ['10'] },
  );
};

export const siteAdmin = { kind: 'site-admin' } as const;
export const helpAdmin = { kind: 'project-admin', deskIds: ['10'] } as const;
export const openAdmin = { kind: 'project-admin', deskIds: ['20'] } as const;
export const kbAdmin = { kind: 'space-admin', spaceKeys: ['KB'] } as const;
export const otherSpaceAdmin = { kind: 'space-admin', spaceKeys: ['OTHER'] } as const;
