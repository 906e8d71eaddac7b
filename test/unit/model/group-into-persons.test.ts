import { groupIntoPersons, personKeyOf } from '../../../src/core/model/group-into-persons';
import { isUnresolvedKey, unresolvedKey } from '../../../src/core/model/person';
import { aCustomer, anAppAccount, anAtlassianAccount, aGuest } from '../../support/builders';

describe('groupIntoPersons', () => {
  it('joins accounts whose emails normalise to one key', () => {
    const persons = groupIntoPersons([
      aCustomer({ accountId: 'qm:1', email: 'Ann@Example.com' }),
      anAtlassianAccount({ accountId: 'a-1', email: ' ann@example.COM ' }),
      anAtlassianAccount({ accountId: 'b-1', email: 'bob@example.com' }),
    ]);
    expect(persons.map((p) => [p.emailKey, p.accounts.map((a) => a.accountId)])).toEqual([
      ['ann@example.com', ['a-1', 'qm:1']],
      ['bob@example.com', ['b-1']],
    ]);
  });

  it.each([
    ['null email', anAtlassianAccount({ accountId: 'x-1', email: null, emailSource: 'unresolved' })],
    [
      'source unresolved',
      aCustomer({ accountId: 'qm:x', email: 'ann@example.com', emailSource: 'unresolved' }),
    ],
    ['not an email', anAtlassianAccount({ accountId: 'x-2', email: 'not-an-email' })],
  ])('gives an account with %s its own unresolved person', (_label, account) => {
    const persons = groupIntoPersons([
      account,
      anAtlassianAccount({ accountId: 'other', email: 'ann@example.com' }),
    ]);
    const unresolved = persons.filter((p) => isUnresolvedKey(p.emailKey));
    expect(unresolved).toEqual([{ emailKey: unresolvedKey(account.accountId), accounts: [account] }]);
  });

  it('drops app accounts without an email and keeps one with an email beside its person', () => {
    const app = anAppAccount({ accountId: 'app-2', email: 'bot@example.com', emailSource: 'profile' });
    const persons = groupIntoPersons([
      anAppAccount(),
      app,
      aGuest({ accountId: 'g-1', email: 'bot@example.com' }),
    ]);
    expect(persons).toHaveLength(1);
    expect(persons[0]?.accounts.map((a) => a.accountId)).toEqual(['app-2', 'g-1']);
    expect(personKeyOf(anAppAccount())).toBeNull();
  });

  it('keeps the last record of an accountId seen twice', () => {
    const older = anAtlassianAccount({ accountId: 'a-1', status: 'active' });
    const newer = anAtlassianAccount({ accountId: 'a-1', status: 'inactive' });
    expect(groupIntoPersons([older, newer])[0]?.accounts).toEqual([newer]);
  });

  it('is independent of input order', () => {
    const accounts = [
      aCustomer({ accountId: 'qm:2', email: 'c@example.com' }),
      anAtlassianAccount({ accountId: 'a-9', email: 'a@example.com' }),
      aCustomer({ accountId: 'qm:1', email: 'a@example.com' }),
      anAtlassianAccount({ accountId: 'z', email: null, emailSource: 'unresolved' }),
    ];
    expect(groupIntoPersons([...accounts].reverse())).toEqual(groupIntoPersons(accounts));
  });

  // Speed is measured by bench/ (never by a timed unit test); this guards correctness at scale.
  it('groups 200k accounts sharing 150k email keys into 150k persons', () => {
    const accounts = Array.from({ length: 200_000 }, (_, i) =>
      anAtlassianAccount({ accountId: `a-${i}`, email: `user${i % 150_000}@example.com` }),
    );
    const persons = groupIntoPersons(accounts);
    expect(persons).toHaveLength(150_000);
  });
});
