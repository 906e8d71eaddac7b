/**
 * EMAIL_UNRESOLVED (info): an account whose email could not be read even with the email API (or is not
 * plausibly an email) is its own person keyed `unresolved:<accountId>`; it cannot be joined with its twins,
 * so it is reported rather than silently skipped. No fix.
 */
import type { Finding } from '../model';
import { isUnresolvedKey } from '../model/person';
import {
  describeAccount,
  directCustomerDeskIds,
  makeFinding,
  type PersonRule,
  personSubject,
} from './common';

export const emailUnresolved: PersonRule = (person) => {
  if (!isUnresolvedKey(person.emailKey)) return [];
  const findings: Finding[] = [];
  for (const account of person.accounts) {
    if (account.kind === 'app') continue;
    const deskIds = directCustomerDeskIds(account);
    const unreadable = account.email === null || account.emailSource === 'unresolved';
    findings.push(
      makeFinding({
        code: 'EMAIL_UNRESOLVED',
        subject: personSubject(person),
        discriminators: [account.accountId],
        title: 'Email address could not be read',
        explanation:
          `The email address of ${describeAccount(account)} ` +
          (unreadable
            ? 'could not be read, even with the email API available to the app'
            : 'is not a valid email address') +
          ', so it cannot be matched with other accounts of the same person. It is listed here so that ' +
          'nothing is skipped silently; check the account in Atlassian Administration if it matters.',
        evidence: {
          accountIds: [account.accountId],
          deskIds,
          spaceKeys: account.guestSpaceKeys,
          facts: [`${describeAccount(account)}: email ${unreadable ? 'unreadable' : 'not a valid address'}`],
        },
        fixes: [],
        scope: { deskIds, spaceKeys: account.guestSpaceKeys },
      }),
    );
  }
  return findings;
};
