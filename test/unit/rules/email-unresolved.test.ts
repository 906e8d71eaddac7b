import { groupIntoPersons } from '../../../src/core/model/group-into-persons';
import { emailUnresolved } from '../../../src/core/rules/email-unresolved';
import { anAtlassianAccount, aSite, personOf } from '../../support/builders';

const site = aSite();
const hidden = anAtlassianAccount({
  accountId: 'hidden-1',
  email: null,
  emailSource: 'unresolved',
  customerOfDeskIds: ['10'],
});

describe('EMAIL_UNRESOLVED', () => {
  it.each([
    ['an unreadable email', hidden, 'could not be read'],
    ['an invalid email', anAtlassianAccount({ accountId: 'bad-1', email: 'n/a' }), 'not a valid email'],
  ])('fires for %s, with no fix', (_label, account, phrase) => {
    const [finding] = emailUnresolved(personOf(account), site);
    expect(finding?.severity).toBe('info');
    expect(finding?.fixes).toEqual([]);
    expect(finding?.explanation).toContain(phrase);
    expect(finding?.subject).toEqual({ type: 'person', emailKey: `unresolved:${account.accountId}` });
  });

  it('does not fire for a resolved email', () => {
    expect(emailUnresolved(personOf(anAtlassianAccount()), site)).toEqual([]);
  });

  it('clears once the email is read: the account joins its person', () => {
    const twin = anAtlassianAccount({ accountId: 'twin', email: 'zoe@example.com' });
    const resolved = groupIntoPersons([
      { ...hidden, email: 'Zoe@Example.com', emailSource: 'email-api' },
      twin,
    ]);
    expect(resolved).toHaveLength(1);
    expect(resolved.flatMap((p) => emailUnresolved(p, site))).toEqual([]);
  });
});
