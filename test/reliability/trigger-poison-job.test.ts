/**
 * Found by fuzz-handlers.test.ts: the product-event schemas accepted any id text while the job bodies they
 * enqueue require IdSchema, so an event id such as "10 01" enqueued a job the consumer dropped as poison
 * (keeping its dedupe marker for an hour). IdLikeSchema now ends in the same pattern as IdSchema.
 */
import { JobBodySchema } from '../../src/handlers/jobs.schema';
import type { Deps } from '../../src/handlers/enqueue';
import { handleSpacePermissionsUpdated } from '../../src/handlers/on-space-perms-updated';

it('an accepted space event never enqueues a job the consumer rejects', async () => {
  const pushed: unknown[] = [];
  const deps: Deps = {
    queue: {
      push: (jobs) => {
        pushed.push(...jobs.map((j) => j.body));
        return Promise.resolve({ jobId: 'job-1' });
      },
    },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: () => 0,
  };
  const outcome = await handleSpacePermissionsUpdated(
    { eventType: 'avi:confluence:permissions_updated:space:V2', space: { id: '10 01', key: 'ENG' } },
    deps,
  );
  // Either the event is rejected, or every job it enqueued is one the consumer accepts.
  if (pushed.length === 0) expect(outcome).toMatchObject({ status: 'rejected' });
  for (const body of pushed) expect(JobBodySchema.safeParse(body).success).toBe(true);
});
