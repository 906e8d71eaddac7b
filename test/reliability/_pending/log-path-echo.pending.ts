/**
 * PENDING (privacy bug in src/, found by test/reliability/fuzz-handlers.test.ts; not matched by jest).
 *
 * src/handlers/parse.ts `guarded()` reports a hostile key (`__proto__`, `constructor`, `prototype`) or an
 * over-deep value with the full path to it, and that path is made of the payload's own keys. The handlers
 * log the first failing path: src/handlers/enqueue.ts `rejected()` (`firstPath`), src/handlers/
 * reconcile-worker.ts `handleReconcileJob` ('poison message dropped', `firstPath`) and src/handlers/
 * scheduled-run.ts `runScheduled` ('scheduled invocation rejected', `firstPath`). A key that is an email
 * address therefore reaches the logs (style rule: ids and counts only, never emails). Likewise
 * reconcile-worker.ts logs a foreign `queueName` verbatim ('event from another queue dropped').
 *
 * Proposed fix: log only schema-shaped path segments, e.g. in src/handlers/parse.ts
 *   export const loggablePath = (path: string): string =>
 *     path.split('.').map((s) => (/^[A-Za-z_][A-Za-z0-9_]{0,39}$|^\d{1,6}$/.test(s) ? s : '*')).join('.');
 * and use `loggablePath(...)` for every `firstPath` field (the full path can stay in the typed error); log
 * `queueName` only when it is `/^[A-Za-z0-9_-]{1,36}$/` (a real queue key), else a fixed marker.
 *
 * To run: rename to log-path-echo.test.ts under test/reliability/.
 */
import { handleJiraUserChanged } from '../../../src/handlers/on-jira-user-changed';
import type { Deps } from '../../../src/handlers/enqueue';

it('a rejected event with an email-shaped key logs no email', async () => {
  const lines: string[] = [];
  const deps: Deps = {
    queue: { push: () => Promise.reject(new Error('not reached')) },
    log: {
      info: (m, f) => lines.push(JSON.stringify({ m, ...f })),
      warn: (m, f) => lines.push(JSON.stringify({ m, ...f })),
      error: (m, f) => lines.push(JSON.stringify({ m, ...f })),
    },
    now: () => 0,
  };
  const event = JSON.parse(
    '{"eventType":"avi:jira:created:user","user":{"accountId":"abc"},"grace.lee@example.com":{"__proto__":1}}',
  ) as unknown;
  const outcome = await handleJiraUserChanged(event, deps);
  expect(outcome).toMatchObject({ status: 'rejected' });
  expect(lines.join('\n')).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/);
});
