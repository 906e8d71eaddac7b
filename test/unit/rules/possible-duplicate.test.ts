import { groupIntoPersons } from '../../../src/core/model/group-into-persons';
import { possibleDuplicates } from '../../../src/core/rules/possible-duplicate';
import { aCustomer, anAppAccount, anAtlassianAccount, aSite } from '../../support/builders';

const site = aSite();
const acc = (id: string, email: string) => anAtlassianAccount({ accountId: id, email });

describe('POSSIBLE_DUPLICATE', () => {
  it.each([
    ['plus-tag', ['ann@example.com', 'ann+help@example.com'], 'plus-tag'],
    ['gmail dots', ['ann.lee@gmail.com', 'annlee@googlemail.com'], 'gmail-dots'],
    ['confusable', ['ann@example.com', '\u0430nn@example.com'], 'confusable'],
  ])('fires for %s variants, with no fix', (_label, emails, reason) => {
    const persons = groupIntoPersons(emails.map((e, i) => acc(`a-${i}`, e)));
    const findings = possibleDuplicates(persons, site);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.fixes).toEqual([]);
    expect(findings[0]?.evidence.accountIds).toEqual(['a-0', 'a-1']);
    expect(findings[0]?.evidence.facts.join(' ')).toContain(
      { 'plus-tag': '+tag', 'gmail-dots': 'Gmail', confusable: 'look-alike' }[reason],
    );
    expect(findings[0]?.explanation).not.toContain('@');
  });

  it.each([
    ['unrelated emails', ['ann@example.com', 'bob@example.com']],
    ['dots outside Gmail', ['ann.lee@example.com', 'annlee@example.com']],
    ['one person only', ['ann@example.com']],
  ])('does not fire for %s', (_label, emails) => {
    expect(possibleDuplicates(groupIntoPersons(emails.map((e, i) => acc(`a-${i}`, e))), site)).toEqual([]);
  });

  it('ignores unresolved persons and app-only persons', () => {
    const persons = groupIntoPersons([
      acc('a-0', 'ann@example.com'),
      anAppAccount({ accountId: 'app', email: 'ann+bot@example.com', emailSource: 'profile' }),
      anAtlassianAccount({ accountId: 'u', email: null, emailSource: 'unresolved' }),
    ]);
    expect(possibleDuplicates(persons, site)).toEqual([]);
  });

  it('groups a whole bucket in one finding, subject = first key', () => {
    const persons = groupIntoPersons([
      acc('a-0', 'ann+x@gmail.com'),
      aCustomer({ accountId: 'qm:1', email: 'a.nn@gmail.com' }),
      acc('a-2', 'ann@gmail.com'),
    ]);
    const [finding, ...rest] = possibleDuplicates(persons, site);
    expect(rest).toEqual([]);
    expect(finding?.subject).toEqual({ type: 'person', emailKey: 'a.nn@gmail.com' });
    expect(finding?.evidence.accountIds).toEqual(['a-0', 'a-2', 'qm:1']);
    expect(finding?.scope.deskIds).toEqual(['10']);
  });

  it('clears when the variant account is merged away (the review it asks for)', () => {
    const before = groupIntoPersons([acc('a-0', 'ann@example.com'), acc('a-1', 'ann+x@example.com')]);
    expect(possibleDuplicates(before, site)).toHaveLength(1);
    const after = groupIntoPersons([
      acc('a-0', 'ann@example.com'),
      { ...acc('a-1', 'ann+x@example.com'), status: 'closed', email: 'ann@example.com' },
    ]);
    expect(possibleDuplicates(after, site)).toEqual([]);
  });

  // Speed is measured by bench/ (never by a timed unit test); this guards correctness at scale.
  it('finds exactly the 299 plus-tag pairs among 300k persons', () => {
    const persons = groupIntoPersons(
      Array.from({ length: 300_000 }, (_, i) =>
        acc(`a-${i}`, i % 1000 === 0 ? `u${i - 1}+t@example.com` : `u${i}@example.com`),
      ),
    );
    const findings = possibleDuplicates(persons, site);
    expect(findings).toHaveLength(299); // i = 0 has no partner (u-1)
  });
});
