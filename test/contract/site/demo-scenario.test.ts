import { SiteState } from '../../../local/atlassian-site/state';
import { DEMO_PLANTED, demoScenario, type FindingCode } from '../../../local/atlassian-site/scenarios/demo';
import { PLANTED_FINDING_CODES } from '../../../local/atlassian-site/scenarios/finding-codes';
import { FINDING_CODES } from '../../../src/core/model/finding';

const ALL_CODES: readonly FindingCode[] = PLANTED_FINDING_CODES;

describe('demo scenario', () => {
  it("plants findings in the app's own vocabulary (the local list equals FINDING_CODES)", () => {
    expect([...PLANTED_FINDING_CODES]).toEqual([...FINDING_CODES]);
  });

  it('is deterministic and loads (referential integrity, one space per guest)', () => {
    expect(demoScenario()).toEqual(demoScenario());
    expect(() => new SiteState(demoScenario())).not.toThrow();
  });

  it('plants every finding code, on accounts and spaces that exist', () => {
    const state = new SiteState(demoScenario());
    expect(new Set(DEMO_PLANTED.map((p) => p.code))).toEqual(new Set(ALL_CODES));
    for (const planted of DEMO_PLANTED) {
      for (const id of planted.accountIds) expect(state.accounts.has(id)).toBe(true);
      if (planted.spaceId !== undefined) expect(state.spaces.has(planted.spaceId)).toBe(true);
    }
    const risk = DEMO_PLANTED.find((p) => p.code === 'KB_SIGNUP_RISK');
    const space = state.spaces.get(risk?.spaceId ?? '');
    expect(space).toMatchObject({ unlicensedRead: true, anonymousRead: false });
    expect(space?.linkedDeskId).toBeDefined();
  });

  it('holds both reported cases: same email on a portal-only and an Atlassian account', () => {
    const state = new SiteState(demoScenario());
    const byEmail = new Map<string, string[]>();
    for (const account of state.accountList())
      if (account.email !== null)
        byEmail.set(account.email, [...(byEmail.get(account.email) ?? []), account.accountType]);
    expect(byEmail.get('grace.lee@example.org')).toEqual(['customer', 'atlassian']);
    expect(byEmail.get('kevin.flynn@example.com')).toEqual(['customer', 'atlassian']);
  });

  it('rejects a seed that puts a portal-only customer in a group', () => {
    const seed = demoScenario();
    const customer = seed.accounts.find((a) => a.accountType === 'customer');
    seed.groups[0]?.members.push(customer?.accountId ?? '');
    expect(() => new SiteState(seed)).toThrow(/portal-only customer/);
  });
});
