/**
 * GUEST_WITHOUT_SPACE (low): an active Confluence guest with no assigned space cannot use Confluence at all.
 * Fix: guided (assigning a guest's space has no app-accessible API). When the guest is a customer of a desk
 * whose Link names a space, the step points at that space (first by key); otherwise at global permissions.
 */
import type { Finding } from '../model';
import {
  customerDeskIds,
  guidedFix,
  makeFinding,
  type PersonRule,
  personSubject,
  siteIndex,
  sortedUnique,
} from './common';
import { assignGuestSpaceStep } from './guided-steps';

export const guestWithoutSpace: PersonRule = (person, site) => {
  const index = siteIndex(site);
  const findings: Finding[] = [];
  for (const account of person.accounts) {
    if (account.kind === 'app' || account.status !== 'active') continue;
    if (!account.isGuest || account.guestSpaceKeys.length > 0) continue;
    const deskIds = customerDeskIds(person, account);
    const linkedSpaces = sortedUnique(
      deskIds.flatMap((d) => (index.linksByDesk.get(d) ?? []).flatMap((l) => l.spaceKeys)),
    );
    const suggested = linkedSpaces[0] ?? null;
    findings.push(
      makeFinding({
        code: 'GUEST_WITHOUT_SPACE',
        subject: personSubject(person),
        discriminators: [account.accountId],
        title: 'Guest has no assigned space and cannot use Confluence',
        explanation:
          `Atlassian account ${account.accountId} has the Confluence guest role but no assigned space. Inviting ` +
          'a guest does not give it space access, and a guest without a space cannot use Confluence at all ' +
          '(except spaces open to anonymous users). A site or space admin has to assign exactly one space' +
          (suggested === null
            ? '.'
            : `; space ${suggested} is linked to a desk this person is a customer of.`),
        evidence: {
          accountIds: [account.accountId],
          deskIds,
          spaceKeys: suggested === null ? [] : [suggested],
          facts: [`Atlassian account ${account.accountId} is a guest with no assigned space`],
        },
        fixes: [guidedFix(assignGuestSpaceStep(site, account, suggested))],
        scope: { deskIds, spaceKeys: linkedSpaces },
      }),
    );
  }
  return findings;
};
