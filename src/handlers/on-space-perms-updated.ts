/**
 * A space's permissions changed: the closest signal to "guest added to a space" (VERIFY it fires for
 * guest assignment). The event carries no delta, so the job re-reads the space and diffs a snapshot.
 */
import { triggerDeps } from '../wiring';
import { enqueue, ignored, rejected, type Deps, type TriggerOutcome } from './enqueue';
import type { JobBody } from './jobs.schema';
import { refreshSpaceJob } from './jobs';
import { SpacePermissionsUpdatedEventSchema } from './on-space-perms-updated.schema';
import { parseInput } from './parse';

export const handleSpacePermissionsUpdated = async (event: unknown, deps: Deps): Promise<TriggerOutcome> => {
  const parsed = parseInput(SpacePermissionsUpdatedEventSchema, event, 'space permissions updated event');
  if (!parsed.ok) return rejected(parsed.error, deps);
  if (parsed.value.selfGenerated === true) return ignored('self-generated', deps);
  return enqueue([refreshSpaceJob(parsed.value.space, deps.now())], deps);
};

export const onSpacePermsUpdated = (event: unknown): Promise<TriggerOutcome> =>
  handleSpacePermissionsUpdated(event, triggerDeps<JobBody>('on-space-perms-updated'));
