/**
 * The preview host in a real browser (Debian Chromium via playwright-core): the fixture UI Kit app's real
 * resource bundle renders with ADS components, clicks reach the app, invoke reaches the local Forge runtime,
 * the resolver sees the viewing-as account, the table re-renders; the gallery covers every mapped component.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { ACTION_SCHEMAS } from '../../local/atlassian-site/control';
import { defaultActions } from '../../local/preview';
import { launchBrowser, type TestBrowser } from './support/browser';
import { DESK_ID, PEOPLE, SPACE_ID, startFixtureWorld, type FixtureWorld } from './support/fixture-world';

jest.setTimeout(120_000);

let world: FixtureWorld;
let chrome: TestBrowser;
let page: Page;

beforeAll(async () => {
  [world, chrome] = await Promise.all([startFixtureWorld(), launchBrowser()]);
  page = await chrome.newPage();
});

afterAll(async () => {
  await chrome?.close();
  await world?.close();
});

const open = async (query: Record<string, string>): Promise<FrameLocator> => {
  await page.goto(`${world.host.url}/?${new URLSearchParams(query).toString()}`);
  return page.frameLocator('[data-testid=preview-frame]');
};

const resolverCalls = (): number => world.runtime.invocations.filter((r) => r.kind === 'resolver').length;

const REQUIRED_TYPES = [
  'Root',
  'String',
  'Text',
  'Heading',
  'Stack',
  'Inline',
  'Box',
  'Button',
  'ButtonGroup',
  'LoadingButton',
  'LinkButton',
  'Link',
  'Lozenge',
  'Badge',
  'SectionMessage',
  'SectionMessageAction',
  'Spinner',
  'ProgressBar',
  'DynamicTable',
  'EmptyState',
  'Modal',
  'ModalHeader',
  'ModalTitle',
  'ModalBody',
  'ModalFooter',
  'ModalTransition',
  'Tabs',
  'TabList',
  'Tab',
  'TabPanel',
  'Select',
  'Textfield',
  'TextArea',
  'Toggle',
  'Checkbox',
  'Form',
  'Label',
  'HelperMessage',
  'ErrorMessage',
  'RequiredAsterisk',
  'Tooltip',
  'Tag',
  'TagGroup',
  'User',
  'Pagination',
  'BarChart',
  'DonutChart',
  'PieChart',
];

describe('panel preview host', () => {
  it('renders the fixture panel with ADS components and round-trips a click through invoke', async () => {
    const frame = await open({ module: 'fixture-project-settings', role: 'project-admin', desk: DESK_ID });
    await frame
      .getByText(`Resolver sees ${PEOPLE.pat.displayName} (${PEOPLE.pat.accountId}) in FIX`)
      .waitFor();
    await frame.getByText('Context module: fixture-project-settings').waitFor();

    // ADS DynamicTable: a real <table> with ADS head cells, three rows, ADS lozenges and buttons.
    const table = frame.locator('table');
    await expect(table.locator('thead th').allInnerTexts()).resolves.toEqual([
      'Name',
      'Status',
      'Approved by',
      '',
    ]);
    await expect(table.locator('tbody tr').count()).resolves.toBe(3);
    await expect(frame.getByText('PENDING', { exact: true }).count()).resolves.toBe(2);

    // The primary button is painted by ADS CSS with the light theme's brand token.
    const button = frame.getByTestId('approve-r1');
    const colours = await button.evaluate((el) => ({
      background: getComputedStyle(el).backgroundColor,
      token: getComputedStyle(document.documentElement).getPropertyValue('--ds-background-brand-bold').trim(),
      theme: document.documentElement.getAttribute('data-theme'),
    }));
    expect(colours.theme).toContain('light:light');
    expect(colours.token.toLowerCase()).toBe('#0c66e4');
    expect(colours.background).toBe('rgb(12, 102, 228)');

    const before = resolverCalls();
    await button.click();
    await frame.getByText('APPROVED', { exact: true }).nth(1).waitFor();
    await expect(frame.getByText('APPROVED', { exact: true }).count()).resolves.toBe(2);
    await expect(frame.getByTestId('approve-r1').isDisabled()).resolves.toBe(true);
    await frame.getByText(PEOPLE.pat.accountId, { exact: true }).waitFor(); // "Approved by" cell
    expect(resolverCalls()).toBe(before + 1);
    const approveCall = world.runtime.invocations.at(-1);
    expect(approveCall).toMatchObject({
      kind: 'resolver',
      accountId: PEOPLE.pat.accountId,
      outcome: 'success',
    });

    // showFlag reaches the host page; the host's event log lists the invocation with the account.
    await page.getByRole('alert').filter({ hasText: 'Request approved' }).waitFor();
    await page
      .getByTestId('preview-log')
      .getByText(`invoke approve as ${PEOPLE.pat.displayName} (${PEOPLE.pat.accountId})`, { exact: false })
      .waitFor();
    const shot = await chrome.screenshot(page, 'project-settings-after-approve');
    expect(shot).toMatch(/project-settings-after-approve\.png$/);
  });

  it('changes the account the resolver sees when "viewing as" changes', async () => {
    const frame = await open({ module: 'fixture-project-settings', role: 'site-admin', desk: DESK_ID });
    await frame
      .getByText(`Resolver sees ${PEOPLE.alice.displayName} (${PEOPLE.alice.accountId}) in FIX`)
      .waitFor();

    await page.getByTestId('preview-role-non-admin').click();
    const again = page.frameLocator('[data-testid=preview-frame]');
    await again
      .getByText(`Resolver sees ${PEOPLE.nina.displayName} (${PEOPLE.nina.accountId}) in FIX`)
      .waitFor();
    await expect(page.getByTestId('preview-account-id').innerText()).resolves.toBe(PEOPLE.nina.accountId);
    await page
      .getByText('Jira hides this page from this person (displayConditions.isProjectAdmin).')
      .waitFor();

    await page.getByTestId('preview-module-fixture-space-settings').click();
    await page.getByTestId('preview-role-space-admin').click();
    const space = page.frameLocator('[data-testid=preview-frame]');
    await space
      .getByText(`Resolver sees ${PEOPLE.sam.displayName} (${PEOPLE.sam.accountId}) in FKB`)
      .waitFor();
    expect(new URL(page.url()).searchParams.get('space')).toBe(SPACE_ID);
    expect(world.runtime.invocations.at(-1)?.accountId).toBe(PEOPLE.sam.accountId);
  });

  it('maps every gallery component to ADS and wires their events back into the app', async () => {
    await page.setViewportSize({ width: 1440, height: 2400 }); // the whole gallery in one screenshot
    const frame = await open({ module: 'fixture-gallery', role: 'site-admin' });
    await frame.getByText('Gallery', { exact: true }).waitFor();
    const echo = (s: string) => frame.getByText(new RegExp(`^echo .*${s}`));

    // Only the deliberately unmapped Icon is an "unsupported" box; it is visible, not dropped.
    await expect(
      frame
        .locator('[data-unsupported]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-unsupported'))),
    ).resolves.toEqual(['Icon']);
    await frame.getByText('unsupported component <Icon>').waitFor();
    const mapped = await frame
      .locator('body')
      .evaluate(() => (window as unknown as { __previewMappedTypes: string[] }).__previewMappedTypes);
    expect(REQUIRED_TYPES.filter((t) => !mapped.includes(t))).toEqual([]);
    // Every type the gallery's forgeDoc holds is mapped, except the Icon.
    const used = await frame.locator('body').evaluate(() => {
      const types = new Set<string>();
      const walk = (n: { type: string; children: unknown[] }): void => {
        types.add(n.type);
        n.children.forEach((c) => walk(c as { type: string; children: unknown[] }));
      };
      walk((window as unknown as { __previewDoc: { type: string; children: unknown[] } }).__previewDoc);
      return [...types];
    });
    expect(used.filter((t) => !mapped.includes(t))).toEqual(['Icon']);

    await frame.locator('.fp-user-name', { hasText: PEOPLE.alice.displayName }).waitFor(); // User → name from the site
    await expect(frame.locator('[data-chart]').count()).resolves.toBe(3);
    await expect(frame.getByRole('progressbar').count()).resolves.toBeGreaterThan(0);
    await expect(frame.getByRole('tab').count()).resolves.toBe(2);

    await frame.getByTestId('gallery-textfield').fill('hello');
    await echo('text=hello ').waitFor();
    await frame.getByTestId('gallery-textarea').fill('a note');
    await echo('notes=a note ').waitFor();
    await frame.locator('label:has(input[id$="gallery-toggle"])').click();
    await echo('toggle=true ').waitFor();
    await frame.getByTestId('gallery-checkbox').click();
    await echo('checkbox=true ').waitFor();
    await frame.locator('input[id$="gallery-select"]').click();
    await frame.getByText('High', { exact: true }).click();
    await echo('select=high ').waitFor();
    await frame.getByRole('tab', { name: 'Audit' }).click();
    await echo('tab=1 ').waitFor();
    await frame.getByText('No audit entries yet').waitFor(); // EmptyState
    await frame.getByRole('button', { name: 'page 2' }).click();
    await echo('page=2 ').waitFor();
    await frame.getByTestId('gallery-submit').click();
    await echo('submitted=1$').waitFor();

    await frame.getByTestId('open-modal').click();
    const dialog = frame.getByRole('dialog');
    await dialog.getByText('Plan preview').waitFor();
    await chrome.screenshot(page, 'gallery-modal-open');
    await frame.getByTestId('close-modal').click();
    await dialog.waitFor({ state: 'detached' });
    await chrome.screenshot(page, 'gallery');
    await page.setViewportSize({ width: 1440, height: 1000 });
  });

  it('surfaces resolver errors as rejected invokes', async () => {
    const res = await fetch(`${world.host.url}/api/invoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        selection: { module: 'fixture-gallery', role: 'site-admin' },
        functionKey: 'fail',
      }),
    });
    await expect(res.json()).resolves.toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('failed on purpose') },
    });
  });

  it('drives the site and the clock from the control strip', async () => {
    await open({ module: 'fixture-project-settings', role: 'site-admin', desk: DESK_ID });
    const now = page.getByTestId('preview-now');
    await now.filter({ hasText: /^2026-11-23 09:00/ }).waitFor();
    await page.getByTestId('preview-clock-1h').click();
    await now.filter({ hasText: /^2026-11-23 10:00/ }).waitFor();

    await page
      .getByTestId('preview-action-body')
      .fill(JSON.stringify({ email: 'dana{n}@fixture.example', displayName: 'Dana', deskId: DESK_ID }));
    await page.locator('#preview-action').click();
    await page.getByText('A portal-only customer is created', { exact: true }).click();
    await page
      .getByTestId('preview-action-body')
      .fill(JSON.stringify({ email: 'dana{n}@fixture.example', displayName: 'Dana', deskId: DESK_ID }));
    await page.getByTestId('preview-action-send').click();
    await page.getByTestId('preview-log').getByText('create-portal-customer → 200').waitFor();
    const created = [...world.site.state.accounts.values()].find((a) => a.email === 'dana1@fixture.example');
    expect(created?.accountType).toBe('customer');
  });
});

describe('preview host configuration', () => {
  it('offers only control actions the emulated site implements', () => {
    const names = defaultActions({ desks: [], spaces: [], identities: [] }, 'x').map((a) => a.action);
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect(Object.keys(ACTION_SCHEMAS)).toContain(name);
  });
});
