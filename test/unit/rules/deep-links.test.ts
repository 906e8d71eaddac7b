import {
  adminUserUrl,
  customerPermissionsUrl,
  portalOnlyCustomersUrl,
  spacePermissionsUrl,
} from '../../../src/core/rules/deep-links';

const site = { siteUrl: 'https://acme.atlassian.net/', cloudId: 'c-1' };

describe('deep links', () => {
  it.each([
    [
      portalOnlyCustomersUrl(site),
      'https://admin.atlassian.com/s/c-1/jira-service-desk/portal-only-customers',
    ],
    [adminUserUrl(site, 'qm:a/b'), 'https://admin.atlassian.com/s/c-1/users/qm%3Aa%2Fb'],
    [spacePermissionsUrl(site, 'KB'), 'https://acme.atlassian.net/wiki/spaces/KB/settings/permissions'],
    [
      customerPermissionsUrl(site, 'HELP'),
      'https://acme.atlassian.net/jira/servicedesk/projects/HELP/settings/customer-permissions',
    ],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
