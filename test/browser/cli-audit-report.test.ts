/**
 * Issue 17: the HTML report of `identity-reconciler audit` renders in headless Chromium. The audit runs against
 * the emulated demo site as Alice (DEMO_API_TOKENS), as in test/e2e/cli/audit.test.ts; the report it writes is
 * opened from disk (file://). The summary counts show, the findings table has one row per finding of the JSON
 * report, the search box filters rows, a person card opens, and the page requests nothing but its own file
 * (self-contained). Screenshot: test-output/browser/cli-audit-report--demo.png.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { createSite, type SiteHandle } from '../../local/atlassian-site/index';
import { DEMO_API_TOKENS, demoScenario } from '../../local/atlassian-site/scenarios/demo';
import { VirtualClock } from '../../local/clock/virtual-clock';
import { EXIT, main } from '../../src/cli/main';
import { DEMO_POLICY } from '../e2e/journeys/demo-policy';
import { launchBrowser, type TestBrowser } from './support/browser';

jest.setTimeout(120_000);

interface JsonReport {
  findings: { code: string; severity: string; subject: { type: string; emailKey?: string } }[];
  notVisible: unknown[];
}

let dir: string;
let site: SiteHandle;
let chrome: TestBrowser;
let page: Page;
let report: JsonReport;
let htmlFile: string;
const requested: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ir-cli-html-'));
  const policyFile = path.join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(DEMO_POLICY));
  [site, chrome] = await Promise.all([
    createSite({ clock: new VirtualClock({ follow: true }), seed: demoScenario(), appId: 'ir-local' }),
    launchBrowser(),
  ]);
  const out = path.join(dir, 'out');
  const alice = DEMO_API_TOKENS.alice;
  let stderr = '';
  const code = await main(
    ['audit', '--site', site.url, '--email', alice.email, '--policy', policyFile, '--out', out],
    {
      stdout: () => undefined,
      stderr: (t) => {
        stderr += t;
      },
      env: { IR_API_TOKEN: alice.token },
      stderrIsTty: false,
    },
  );
  expect(stderr).toBe('');
  expect(code).toBe(EXIT.ok);
  report = JSON.parse(readFileSync(path.join(out, 'identity-audit.json'), 'utf8')) as JsonReport;
  htmlFile = path.join(out, 'identity-audit.html');
  page = await chrome.newPage();
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
});

afterAll(async () => {
  await chrome?.close();
  await site?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const visibleRows = (): Promise<number> =>
  page
    .locator('#findings tbody tr')
    .evaluateAll((rows) => rows.filter((r) => (r as HTMLElement).offsetParent !== null).length);

it('shows the summary counts and one findings row per finding of the JSON report', async () => {
  expect(report.findings.length).toBeGreaterThan(0);
  const high = report.findings.filter((f) => f.severity === 'high').length;
  const summary = page.locator('#summary');
  await expect(summary.isVisible()).resolves.toBe(true);
  const text = await summary.innerText();
  expect(text).toContain(`${report.findings.length} findings`);
  expect(text).toContain(`${high} high`);
  expect(text).toContain(`${report.notVisible.length} items not visible`);
  await expect(page.locator('#findings tbody tr').count()).resolves.toBe(report.findings.length);
  await expect(visibleRows()).resolves.toBe(report.findings.length);
});

it('filters the findings rows as the search box is typed into', async () => {
  // A code present in some but not all findings: the search leaves exactly its rows.
  const codes = report.findings.map((f) => f.code);
  const code = codes.find((c) => codes.filter((x) => x === c).length < codes.length);
  expect(code).toBeDefined();
  const expected = report.findings.filter((f) => f.code === code).length;
  await page.locator('#search').fill(code!);
  await expect(visibleRows()).resolves.toBe(expected);
  await page.locator('#search').fill('no finding says this');
  await expect(visibleRows()).resolves.toBe(0);
  await page.locator('#search').fill('');
  await expect(visibleRows()).resolves.toBe(report.findings.length);
});

it('opens a person card on click', async () => {
  const card = page.locator('details.card').first();
  await expect(card.count()).resolves.toBe(1);
  const accounts = card.locator('ul').first();
  await expect(accounts.isVisible()).resolves.toBe(false);
  await card.locator('summary').click();
  await expect(card.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
  await expect(accounts.isVisible()).resolves.toBe(true);
  expect(await accounts.innerText()).toMatch(/\S/);
  await chrome.screenshot(page, 'cli-audit-report--demo');
});

it('is self-contained: the page requested nothing but its own file', () => {
  expect(requested).toEqual([pathToFileURL(htmlFile).href]);
});
