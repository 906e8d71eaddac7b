import fc from 'fast-check';

import type { Account } from '../../../src/core/model/account';
import { FINDING_CODES } from '../../../src/core/model/finding';
import { groupIntoPersons } from '../../../src/core/model/group-into-persons';
import { evaluateAccounts, evaluatePerson, evaluateSite } from '../../../src/core/rules/evaluate';
import {
  aCustomer,
  aGuest,
  aLink,
  anAtlassianAccount,
  aPolicy,
  aSite,
  aSpace,
  CUSTOMERS_GROUP,
  PARTNERS_GROUP,
} from '../../support/builders';

const site = aSite({
  spaces: [aSpace({ unlicensedRead: true })],
  policy: aPolicy({ links: [aLink({ groupIds: [PARTNERS_GROUP.id], allowedDomains: ['partner.example'] })] }),
});

/** One fixture per code, to check texts and ids across the whole catalogue. */
const everyCode: Account[] = [
  aCustomer({ accountId: 'qm:1', email: 'Dup.Person@partner.example', displayName: 'Dup Person' }),
  aGuest({ accountId: 'g-1', email: 'dup.person@partner.example', displayName: 'Dup Person' }),
  aGuest({
    accountId: 'g-2',
    email: 'gu.user@partner.example',
    hasConfluenceUserRole: true,
    guestSpaceKeys: [],
    displayName: 'Gu User',
  }),
  aCustomer({ accountId: 'qm:2', email: 'stranger@elsewhere.example', displayName: 'Stran Ger' }),
  anAtlassianAccount({
    accountId: 'x-1',
    email: 'old.one@partner.example',
    status: 'inactive',
    groupIds: [CUSTOMERS_GROUP.id],
    displayName: 'Old One',
  }),
  anAtlassianAccount({
    accountId: 'o-1',
    email: 'orphan@partner.example',
    groupIds: [CUSTOMERS_GROUP.id, PARTNERS_GROUP.id],
    displayName: 'Or Phan',
  }),
  anAtlassianAccount({ accountId: 'o-2', email: 'orphan+2@partner.example', displayName: 'Or Phan Two' }),
  anAtlassianAccount({
    accountId: 'h-1',
    email: null,
    emailSource: 'unresolved',
    displayName: 'Hidden Person',
  }),
];

describe('evaluateSite', () => {
  const findings = evaluateAccounts(everyCode, site);

  it('covers the whole catalogue with the fixture', () => {
    expect(new Set(findings.map((f) => f.code))).toEqual(new Set(FINDING_CODES));
  });

  it('never puts an email address or a display name in a title, explanation, fact or guided step', () => {
    const emails = everyCode.flatMap((a) => (a.email === null ? [] : [a.email.toLowerCase(), a.email]));
    const names = everyCode.map((a) => a.displayName);
    for (const f of findings) {
      const steps = f.fixes.flatMap((x) =>
        x.action.type === 'guidedStep' ? [x.action.title, ...x.action.checklist] : [],
      );
      const text = [f.title, f.explanation, ...f.evidence.facts, ...steps].join('\n');
      expect(text).not.toContain('@');
      for (const s of [...emails, ...names]) expect(text).not.toContain(s);
      expect(f.id).not.toContain('@');
    }
  });

  it('gives unique, deterministic ids independent of input order', () => {
    const ids = findings.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(evaluateAccounts([...everyCode].reverse(), site).map((f) => f.id)).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[A-Z_]+:[ps][0-9a-f]{16}(:[\w:.-]+)?$/);
  });

  it('every automatable fix records its inverse and every guided step links into the site or admin hub', () => {
    for (const fix of findings.flatMap((f) => f.fixes)) {
      if (fix.action.type === 'guidedStep') {
        expect(fix.inverse).toBeNull();
        expect(fix.action.deepLink).toMatch(/^https:\/\/(acme\.atlassian\.net|admin\.atlassian\.com)\//);
      } else {
        expect(fix.inverse).not.toBeNull();
      }
    }
  });

  it('evaluatePerson equals the person part of evaluateSite', () => {
    const persons = groupIntoPersons(everyCode);
    const site2 = { ...site, spaces: [aSpace()] };
    expect(persons.flatMap((p) => evaluatePerson(p, site2))).toEqual(
      evaluateSite(persons, site2).filter((f) => f.code !== 'POSSIBLE_DUPLICATE'),
    );
  });

  it('property: scopes only name desks and spaces the evidence or the site knows', () => {
    const desks = new Set(site.desks.map((d) => d.id));
    fc.assert(
      fc.property(fc.subarray(everyCode), (accounts) => {
        for (const f of evaluateAccounts(accounts, site)) {
          for (const d of f.scope.deskIds) expect(desks.has(d)).toBe(true);
        }
      }),
    );
  });
});
