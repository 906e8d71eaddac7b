/**
 * A full scan of the demo site, started from the admin page with the demo Link policy, finds exactly the
 * planted findings (DEMO_PLANTED), and survives being stopped: after its first chunk the runtime is shut down
 * (queued work is lost, KVS survives), a new runtime's hourly schedule resumes it from the stored cursor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PLANTED } from '../../../local/atlassian-site/scenarios/demo';
import { asSiteAdmin, callResolver, pointsReport, startHarness, takePoints, type Harness } from './harness';
import { DEMO_POLICY } from './demo-policy';

jest.setTimeout(300_000);

type Item = { code: string; evidence: { accountIds: string[]; spaceKeys: string[] } };

const signature = (code: string, accountIds: readonly string[]): string =>
  `${code} ${[...accountIds].sort().join(',')}`;

async function allFindings(h: Harness): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await callResolver(
      h,
      'findings/list',
      { limit: 100, ...(cursor ? { cursor } : {}) },
      asSiteAdmin,
    );
    if (!page.ok) throw new Error(page.error.code);
    items.push(...(page.data.items as Item[]));
    cursor = (page.data.cursor as string | null) ?? undefined;
  } while (cursor !== undefined);
  return items;
}

const planted = DEMO_PLANTED.map((p) => signature(p.code, p.accountIds)).sort();

const points = pointsReport('full-scan');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ir-scan-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('finds exactly the planted findings, and survives being stopped and resumed', async () => {
  const kvsFile = path.join(dir, 'kvs.json');
  const first = await startHarness({ kvsFile });
  let second: Harness | undefined;
  try {
    const saved = await callResolver(first, 'policy/set', DEMO_POLICY, asSiteAdmin);
    expect(saved).toMatchObject({ ok: true, data: { autoFixActorAccountId: null } });
    await takePoints(first);
    const started = await callResolver(first, 'scan/start', {}, asSiteAdmin);
    expect(started).toMatchObject({ ok: true, data: { state: 'running' } });
    // Stopped right after the start: the pending scan-page job is lost with the runtime (queues do not
    // survive a restart); only the KVS cursor does.
    const midway = await callResolver(first, 'scan/status', {}, asSiteAdmin);
    expect(midway).toMatchObject({ ok: true, data: { state: 'running' } });
    const doneBefore = midway.ok ? (midway.data.sources.done as number) : -1;
    expect(first.runtime.queue.pending().length).toBeGreaterThan(0);
    await first.runtime.close();

    second = await startHarness({ kvsFile, clock: first.clock, site: first.site });
    await second.runtime.tick(60 * 60_000); // the hourly schedule resumes from the stored cursor
    await second.runtime.drain({ advanceClock: true });
    const chunks = second.runtime.invocations.filter((r) => r.kind === 'consumer').length;
    expect(chunks).toBeGreaterThanOrEqual(1); // after the schedule's chunk, the rest ran on the queue
    const status = await callResolver(second, 'scan/status', {}, asSiteAdmin);
    expect(status).toMatchObject({ ok: true, data: { state: 'completed' } });
    expect(status.ok && (status.data.sources.done as number)).toBeGreaterThan(doneBefore);
    expect(status.ok && status.data.scanId).toBe(midway.ok && midway.data.scanId);
    points.record('full scan (stopped after start, resumed by the schedule)', await takePoints(second));

    const found = (await allFindings(second)).map((f) => signature(f.code, f.evidence.accountIds)).sort();
    // Everything found was planted, and every planted finding was found.
    expect(found).toEqual(planted);
  } finally {
    if (second) await second.close();
    await first.site.close();
  }
});

it('a restart replaces the running scan: the old chain is dropped, the new scan finds exactly the planted', async () => {
  const h = await startHarness();
  try {
    const saved = await callResolver(h, 'policy/set', DEMO_POLICY, asSiteAdmin);
    expect(saved.ok).toBe(true);
    const started = await callResolver(h, 'scan/start', {}, asSiteAdmin);
    expect(started).toMatchObject({ ok: true, data: { state: 'running' } });
    const oldScanId = started.ok ? (started.data.scanId as string) : '';
    const resumed = await callResolver(h, 'scan/start', { mode: 'resume' }, asSiteAdmin);
    expect(resumed).toMatchObject({ ok: true, data: { state: 'running', scanId: oldScanId } });

    const restarted = await callResolver(h, 'scan/start', { mode: 'restart' }, asSiteAdmin);
    expect(restarted).toMatchObject({ ok: true, data: { state: 'running', sources: { done: 0 } } });
    const newScanId = restarted.ok ? (restarted.data.scanId as string) : '';
    expect(newScanId).not.toBe(oldScanId);
    // Both chains have a pending scan-page job; the old one must be dropped, not run against the new cursor.
    const scanJobs = () =>
      h.runtime.queue
        .pending()
        .filter((e) => e.body.kind === 'scan-page')
        .map((e) => e.body.scanId);
    expect(scanJobs().sort()).toEqual([newScanId, oldScanId].sort());

    await h.runtime.drain({ advanceClock: true });
    const status = await callResolver(h, 'scan/status', {}, asSiteAdmin);
    expect(status).toMatchObject({ ok: true, data: { state: 'completed', scanId: newScanId } });
    expect(status.ok && status.data.sources.done).toBe(status.ok && status.data.sources.total);
    points.record('full scan (restarted right after its start)', await takePoints(h));

    const found = (await allFindings(h)).map((f) => signature(f.code, f.evidence.accountIds)).sort();
    expect(found).toEqual(planted);
  } finally {
    await h.close();
  }
});
