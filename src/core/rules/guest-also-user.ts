/**
 * GUEST_ALSO_USER (medium): an active account that is a Confluence guest and also holds a licensed Confluence
 * user role — a combination Atlassian does not support. Fix: guided (keep one role; no public API).
 */
import type { Finding } from '../model';
import { guidedFix, makeFinding, type PersonRule, personSubject } from './common';
import { removeConfluenceUserRoleStep } from './guided-steps';

export const guestAlsoUser: PersonRule = (person, site) => {
  const findings: Finding[] = [];
  for (const account of person.accounts) {
    if (account.kind === 'app' || account.status !== 'active') continue;
    if (!account.isGuest || !account.hasConfluenceUserRole) continue;
    findings.push(
      makeFinding({
        code: 'GUEST_ALSO_USER',
        subject: personSubject(person),
        discriminators: [account.accountId],
        title: 'Guest also holds a licensed Confluence role',
        explanation:
          `Atlassian account ${account.accountId} is a Confluence guest and also holds the licensed Confluence ` +
          'user role. Atlassian does not support both at once: a guest is limited to one space, while a user ' +
          'is billed as a paid seat, and a current or former paid user cannot be converted to a guest. Decide ' +
          'which one the person needs and remove the other role in Atlassian Administration.',
        evidence: {
          accountIds: [account.accountId],
          spaceKeys: account.guestSpaceKeys,
          facts: [`Atlassian account ${account.accountId} is a guest and holds the Confluence user role`],
        },
        fixes: [guidedFix(removeConfluenceUserRoleStep(site, account))],
        scope: { deskIds: [], spaceKeys: account.guestSpaceKeys },
      }),
    );
  }
  return findings;
};
