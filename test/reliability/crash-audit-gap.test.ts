/**
 * A crash between a site write and its audit entry must not leave a change no audit entry speaks of. Found by
 * crash.test.ts: `applyChange` sent the write before appending the entry, so an invocation that died there left
 * the membership changed, and the admin's repeated click audited only `already-in-place`. Now the entry is
 * written `started` before the write and settled after (src/core/use-cases/shared/apply-change.ts); a write
 * whose answer never came stays `started` ("Interrupted" in the audit tab) and can be undone.
 *
 * The clean run tells which operations the plan apply makes; a `throw` is injected at each of them in turn.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { report } from './support/part-a';
import { runFlow } from './support/part-a-crash';

jest.setTimeout(3_600_000);

it('a crash right after a site write still leaves an audit entry for it', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ir-crash-gap-'));
  try {
    const clean = await runFlow(dir, null);
    expect([clean.fired, clean.repeats, clean.unaudited]).toEqual(['none', 0, []]);
    const from = (clean.stepStarts.apply ?? 0) + 1;
    const to = clean.ops;
    let gap: { at: number; unaudited: string[] } | null = null;
    const notFired: string[] = [];
    for (let at = from; at <= to && gap === null; at++) {
      const run = await runFlow(dir, { at, mode: 'throw' });
      if (!run.fired.startsWith('throw@')) notFired.push(`throw@op${at} (fired ${run.fired})`);
      if (run.unaudited.length > 0) gap = { at, unaudited: run.unaudited };
    }
    expect(notFired).toEqual([]);
    report(`crash audit gap: ${gap === null ? 'none' : `throw at op ${gap.at}`} (apply ops ${from}..${to})`);
    expect(gap).toBeNull();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
