/**
 * A crash at the end of a plan apply must leave no fixed finding open. Found by crash.test.ts (seed 82026,
 * `timeout@op165`–`op169`): `replaceForSubject` rewrote the subject's record to the new finding ids before
 * deleting the stale rows, so rows left by an invocation that died mid-way were no longer named anywhere and
 * stayed listed for good. Now the record keeps naming stale rows until they are deleted
 * (src/adapters/storage/finding-store.ts), findings are stored before the person (evaluation.ts), and the
 * admin's repeated click clears the finding.
 *
 * A `timeout` at each of the plan apply's last operations in turn; the findings must equal the clean run's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { report } from './support/part-a';
import { runFlow } from './support/part-a-crash';

jest.setTimeout(600_000);

it('a crash at the end of a plan apply leaves no fixed finding open', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ir-crash-stale-'));
  try {
    const clean = await runFlow(dir, null);
    expect([clean.fired, clean.repeats]).toEqual(['none', 0]);
    const end = clean.stepStarts.settle ?? clean.ops; // the last settle starts right after the apply
    const stale: string[] = [];
    for (let at = end; at > end - 6; at--) {
      const run = await runFlow(dir, { at, mode: 'timeout' });
      expect(run.fired).toMatch(/^timeout@/); // every planned crash fired
      const open = run.findings.filter((f) => !clean.findings.includes(f));
      if (open.length > 0) stale.push(`timeout@op${at}: ${open.join(' ')}`);
    }
    report(`crash stale findings: ${JSON.stringify(stale)}`);
    expect(stale).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
