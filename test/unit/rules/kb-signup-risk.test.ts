import type { Space } from '../../../src/core/model/site';
import { kbSignupRisk } from '../../../src/core/rules/kb-signup-risk';
import { aPolicy, aSite, aSpace } from '../../support/builders';

const siteWith = (space: Partial<Space>, links = aPolicy().links) =>
  aSite({ spaces: [aSpace(space)], policy: aPolicy({ links }) });

describe('KB_SIGNUP_RISK', () => {
  it('fires for a linked space readable by logged-in users but not anonymously', () => {
    const [finding, ...rest] = kbSignupRisk(siteWith({ unlicensedRead: true, anonymousRead: false }));
    expect(rest).toEqual([]);
    expect(finding?.subject).toEqual({ type: 'space', spaceKey: 'KB' });
    expect(finding?.scope).toEqual({ deskIds: ['10'], spaceKeys: ['KB'] });
    expect(finding?.fixes.map((f) => f.action)).toEqual([
      expect.objectContaining({
        step: 'review-kb-space-access',
        deepLink: 'https://acme.atlassian.net/jira/servicedesk/projects/HELP/settings/knowledge-base',
      }),
    ]); // desk HELP is closed: no customer-permission step
  });

  it('adds a customer-permissions step for linked desks that are not closed', () => {
    const [finding] = kbSignupRisk(
      siteWith({ unlicensedRead: true }, [
        ...aPolicy().links,
        { ...aPolicy().links[0]!, id: 'l2', deskId: '20' },
      ]),
    );
    expect(finding?.fixes.map((f) => (f.action.type === 'guidedStep' ? f.action.step : ''))).toEqual([
      'review-kb-space-access',
      'review-customer-permissions',
    ]);
  });

  it.each([
    ['anonymous read on ("Anyone")', { unlicensedRead: true, anonymousRead: true }, undefined],
    ['no logged-in read', { unlicensedRead: false, anonymousRead: false }, undefined],
    ['a risky space that no Link names', { unlicensedRead: true }, []],
  ])('does not fire with %s', (_label, space, links) => {
    expect(kbSignupRisk(siteWith(space, links))).toEqual([]);
  });

  it.each([
    ['KB set to "Anyone"', { unlicensedRead: true, anonymousRead: true }],
    ['logged-in access turned off', { unlicensedRead: false, anonymousRead: false }],
  ])('the state the guide describes clears it: %s', (_label, after) => {
    expect(kbSignupRisk(siteWith({ unlicensedRead: true }))).toHaveLength(1);
    expect(kbSignupRisk(siteWith(after))).toEqual([]);
  });
});
