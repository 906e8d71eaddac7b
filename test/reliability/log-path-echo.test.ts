/**
 * Found by fuzz-handlers.test.ts: a rejected event's failing path was logged with the payload's own keys, so
 * a key that is an email reached the logs (privacy rule: ids and counts only). Error paths now show only
 * schema-shaped segments (`shownSegment`, src/handlers/parse.ts), and a foreign queue name is logged the
 * same way.
 */
import { handleJiraUserChanged } from '../../src/handlers/on-jira-user-changed';
import type { Deps } from '../../src/handlers/enqueue';
import { handleReconcileJob } from '../../src/handlers/reconcile-worker';

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

it('a job from another queue whose name is an email logs no email', async () => {
  const lines: string[] = [];
  const log = {
    info: (m: string, f?: object) => lines.push(JSON.stringify({ m, ...f })),
    warn: (m: string, f?: object) => lines.push(JSON.stringify({ m, ...f })),
    error: (m: string, f?: object) => lines.push(JSON.stringify({ m, ...f })),
  };
  const outcome = await handleReconcileJob(
    {
      queueName: 'grace@example.com',
      jobId: 'j1',
      eventId: 'e1',
      body: {
        kind: 'refresh-space',
        schemaVersion: 1,
        spaceId: '1001',
        spaceKey: 'CSKB',
        dedupeKey: 'refresh-space:1001',
        requestedAt: 0,
      },
    },
    log,
    () => {
      throw new Error('not reached');
    },
  );
  expect(outcome).toEqual({ status: 'dropped', reason: 'another queue' });
  expect(lines).toHaveLength(1);
  expect(lines.join('\n')).not.toContain('@');
});
