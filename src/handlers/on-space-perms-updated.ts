/**
 * A space's permissions changed: the closest signal to "guest added to a space" (VERIFY it fires for
 * guest assignment). The event carries no delta: the space is marked changed in the guest → space cache
 * (so a guest's space is read again there before the cache is used), and a job re-reads the watch's totals.
 * A failed mark is logged, not fatal: the job marks the space again when it runs.
 */
import type { GuestSpaceCache } from '../core/ports';
import { noteSpacePermissionsChanged } from '../core/use-cases/reconcile/guest-space-cache';
import { guestSpaceCache, triggerDeps } from '../wiring';
import { enqueue, ignored, rejected, type Deps, type TriggerOutcome } from './enqueue';
import type { JobBody } from './jobs.schema';
import { refreshSpaceJob } from './jobs';
import { SpacePermissionsUpdatedEventSchema } from './on-space-perms-updated.schema';
import { parseInput } from './parse';

export const handleSpacePermissionsUpdated = async (
  event: unknown,
  deps: Deps,
  guestSpaces?: GuestSpaceCache,
): Promise<TriggerOutcome> => {
  const parsed = parseInput(SpacePermissionsUpdatedEventSchema, event, 'space permissions updated event');
  if (!parsed.ok) return rejected(parsed.error, deps);
  if (parsed.value.selfGenerated === true) return ignored('self-generated', deps);
  if (guestSpaces !== undefined) {
    try {
      await noteSpacePermissionsChanged(
        { guestSpaces },
        { spaceKey: parsed.value.space.key, at: deps.now() },
      );
    } catch (error) {
      deps.log.warn('space change not marked; the job marks it', {
        error: error instanceof Error ? error.name : typeof error,
      });
    }
  }
  return enqueue([refreshSpaceJob(parsed.value.space, deps.now())], deps);
};

export const onSpacePermsUpdated = (event: unknown): Promise<TriggerOutcome> =>
  handleSpacePermissionsUpdated(event, triggerDeps<JobBody>('on-space-perms-updated'), guestSpaceCache());
