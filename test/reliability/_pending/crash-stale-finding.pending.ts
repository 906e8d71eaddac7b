/**
 * PENDING (fails today; not matched by jest — rename to test/reliability/crash-stale-finding.test.ts once fixed).
 *
 * A crash at the end of a plan apply leaves a fixed finding open. `storeEvaluation`
 * (src/core/use-cases/shared/evaluation.ts), called by `reflectChanges` after the plan's writes, stores the
 * person snapshot (`persons.put`) before its findings (`findings.replaceForSubject`). When the invocation dies
 * between the two, the snapshot already shows the new membership while the finding stays listed; the admin's
 * repeated preview plans no step for it (nothing to apply), so it stays open until the next reconcile of that
 * person (an event or the scan). Seen in crash.test.ts (seed 82026, 20 points) as `timeout@op165` or `timeout@op169`.
 *
 * Reproduction: the crash test's short flow (part-a-crash.ts); a `timeout` at each of the plan apply's last
 * operations in turn; the findings must equal the clean run's.
 * Run: npx jest --selectProjects reliability --testMatch '<rootDir>/test/reliability/_pending/crash-stale-finding.pending.ts'
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { report } from '../support/part-a';
import { runFlow } from '../support/part-a-crash';

jest.setTimeout(600_000);

it('a crash at the end of a plan apply leaves no fixed finding open', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ir-crash-stale-'));
  try {
    const clean = await runFlow(dir, null);
    const end = clean.stepStarts.settle ?? clean.ops; // the last settle starts right after the apply
    const stale: string[] = [];
    for (let at = end; at > end - 6; at--) {
      const run = await runFlow(dir, { at, mode: 'timeout' });
      const open = run.findings.filter((f) => !clean.findings.includes(f));
      if (open.length > 0) stale.push(`timeout@op${at}: ${open.join(' ')}`);
    }
    report(`crash stale findings: ${JSON.stringify(stale)}`);
    expect(stale).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
