/**
 * KB_SIGNUP_RISK (medium, site): a space linked as a desk's knowledge base is readable by "all logged-in
 * users" (JSM unlicensed access) but not anonymously. Customers who get a `/wiki/…` link then meet
 * Confluence's Atlassian-account login and sign up for a second account (reported case (b)). One finding per
 * linked space. Fixes: guided advice (share help-center links or set the KB to "Anyone"; restrict customer
 * self sign-up on the linked desks that are not closed).
 */
import type { Finding, Fix } from '../model';
import type { Desk, SiteContext } from '../model/site';
import { byString, deskLabels, guidedFix, makeFinding, siteIndex, sortedUnique } from './common';
import { reviewCustomerPermissionsStep, reviewKbSpaceAccessStep } from './guided-steps';

export const kbSignupRisk = (site: SiteContext): Finding[] => {
  const index = siteIndex(site);
  const desksBySpace = new Map<string, string[]>();
  for (const link of index.links) {
    for (const key of link.spaceKeys) {
      const list = desksBySpace.get(key) ?? [];
      list.push(link.deskId);
      desksBySpace.set(key, list);
    }
  }
  const findings: Finding[] = [];
  for (const spaceKey of [...desksBySpace.keys()].sort(byString)) {
    const space = index.spaceByKey.get(spaceKey);
    if (space === undefined || !space.unlicensedRead || space.anonymousRead) continue;
    const deskIds = sortedUnique(desksBySpace.get(spaceKey) ?? []);
    const desks = deskIds.map((d) => index.deskById.get(d)).filter((d): d is Desk => d !== undefined);
    const fixes: Fix[] = [guidedFix(reviewKbSpaceAccessStep(site, space, desks[0] ?? null))];
    for (const desk of desks) {
      if (desk.access !== 'closed') fixes.push(guidedFix(reviewCustomerPermissionsStep(site, desk)));
    }
    findings.push(
      makeFinding({
        code: 'KB_SIGNUP_RISK',
        subject: { type: 'space', spaceKey },
        discriminators: [],
        title: `Knowledge base links of space ${spaceKey} push customers into account sign-up`,
        explanation:
          `Space ${spaceKey} is the knowledge base of ${deskLabels(deskIds, index)} and can be read by all ` +
          'logged-in users but not anonymously. A customer who opens a Confluence page link (/wiki/...) is ' +
          'asked to log in with an Atlassian account and often signs up for a new one, which creates a second ' +
          'account beside their portal-only customer account. Share help-center article links instead, or let ' +
          'anyone view the knowledge base, and restrict customer self sign-up if new accounts should not be ' +
          'created this way.',
        evidence: {
          deskIds,
          spaceKeys: [spaceKey],
          facts: [`space ${spaceKey}: readable by logged-in users, not by anonymous users`],
        },
        fixes,
        scope: { deskIds, spaceKeys: [spaceKey] },
      }),
    );
  }
  return findings;
};
