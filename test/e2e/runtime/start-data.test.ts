/**
 * Issue 16 item 9: after a restart of `npm start` the stored data and the re-seeded site agree, because the
 * stored app data is cleared at every start (local/start-data.ts); who allowed access is kept unless
 * --fresh; the banner says which. The runtime opened on the prepared file finds no finding of the last run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareLocalData } from '../../../local/start-data';
import { asSiteAdmin, callResolver, siteAction, startHarness } from '../journeys/harness';
import { DEMO_DESKS, DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';

jest.setTimeout(120_000);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ir-start-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('a restart clears the last run’s findings (the site is re-seeded) and keeps who allowed access', async () => {
  // The last run: Grace's request found her findings, stored in the KVS file.
  const first = prepareLocalData(dir, { fresh: false });
  expect(first.banner).toMatch(/^no app data stored yet/);
  const run1 = await startHarness({ kvsFile: first.kvsFile });
  await siteAction(run1, 'raise-request', {
    deskId: DEMO_DESKS.support,
    reporter: DEMO_IDS.gracePortal,
    summary: 'Cannot log in to the portal',
  });
  await run1.runtime.pumpFeed();
  await run1.runtime.drain({ advanceClock: true });
  const before = await callResolver(run1, 'findings/list', { limit: 100 }, asSiteAdmin);
  expect(before.ok && before.data.items.length).toBeGreaterThan(0);
  await run1.close();
  writeFileSync(first.consentFile, JSON.stringify({ consented: [DEMO_IDS.alice] }));

  // The restart: a new, re-seeded site; the stored findings must not outlive it.
  const second = prepareLocalData(dir, { fresh: false });
  expect(second.banner).toMatch(/^app data from the last run cleared/);
  expect(second.banner).toContain('who allowed access kept');
  expect(existsSync(second.consentFile)).toBe(true);
  expect(readFileSync(second.consentFile, 'utf8')).toContain(DEMO_IDS.alice);
  const run2 = await startHarness({ kvsFile: second.kvsFile });
  try {
    const after = await callResolver(run2, 'findings/list', { limit: 100 }, asSiteAdmin);
    expect(after).toMatchObject({ ok: true, data: { items: [], total: 0 } });
  } finally {
    await run2.close();
  }

  const fresh = prepareLocalData(dir, { fresh: true });
  expect(fresh.banner).toContain('who allowed access forgotten (--fresh)');
  expect(existsSync(fresh.consentFile)).toBe(false);
});
