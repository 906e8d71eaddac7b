/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium (scripts/ensure-chromium.sh installs it)
 * driven by playwright-core, with the flags this machine's closed network needs and a fresh profile per launch.
 * Screenshots go to test-output/browser/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', '..', 'test-output', 'browser');

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface TestBrowser {
  browser: BrowserContext;
  newPage(): Promise<Page>;
  /** Saves a full-page PNG under test-output/browser/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'preview-chromium-'));
  // A persistent context is the only way to pass --user-data-dir to Chromium through playwright.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1440, height: 1000 },
    deviceScaleFactor: 1,
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    browser: context,
    newPage: () => context.newPage(),
    async screenshot(page, name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export type { BrowserContext, Page };
