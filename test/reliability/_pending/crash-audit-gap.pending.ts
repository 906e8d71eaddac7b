/**
 * PENDING (fails today; not matched by jest — rename to test/reliability/crash-audit-gap.test.ts once fixed).
 *
 * A crash between an applied site write and its audit entry leaves a change on the site that no audit entry
 * says was applied. `applyChange` (src/core/use-cases/shared/apply-change.ts) sends the write, then calls
 * `audit.append(done)`; when the invocation dies at that KVS write (thrown error, time-out or process exit), the
 * admin's repeated click finds the membership already in place and audits `already-in-place`, so the change
 * itself is never audited as `applied` (and cannot be undone from the audit tab).
 *
 * Reproduction: the crash test's short flow (part-a-crash.ts); the clean run tells which operations the plan
 * apply makes, then a `throw` is injected at each of them in turn until one leaves an unaudited write.
 * Run: npx jest --selectProjects reliability --testMatch '<rootDir>/test/reliability/_pending/crash-audit-gap.pending.ts'
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { report } from '../support/part-a';
import { runFlow } from '../support/part-a-crash';

jest.setTimeout(3_600_000);

it('a crash right after a site write still leaves an audit entry for it', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ir-crash-gap-'));
  try {
    const clean = await runFlow(dir, null);
    expect(clean.unaudited).toEqual([]);
    const from = (clean.stepStarts.apply ?? 0) + 1;
    const to = clean.ops;
    let gap: { at: number; unaudited: string[] } | null = null;
    for (let at = from; at <= to && gap === null; at++) {
      const run = await runFlow(dir, { at, mode: 'throw' });
      if (run.unaudited.length > 0) gap = { at, unaudited: run.unaudited };
    }
    report(`crash audit gap: ${gap === null ? 'none' : `throw at op ${gap.at}`} (apply ops ${from}..${to})`);
    expect(gap).toBeNull();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
