/**
 * watch-tick (product.md §4 "Watch"): cheap change detection. For every list the rules depend on (the
 * Customer-role groups, the guest groups, each Link group, each desk's customer list) read only its total,
 * with a page size of 1, and compare it with the stored watermark. A changed list gets one targeted
 * follow-up job (deduplicated on source and total); an unchanged one costs one small read and no write.
 * The watermark is moved by the follow-up, not here, so a lost follow-up is simply detected again.
 */
import type { DomainError } from '../../errors';
import type { Clock, Directory, JobQueue, PointsBudget, WatchStore } from '../../ports';
import { ok, type Result } from '../../result';
import { createMeter, identityRead } from '../shared/points';
import { loadSite, relevantGroupIds, type SiteDeps } from '../shared/site-context';
import { deskSource, groupSource } from '../scan/scan-sources';

export interface WatchTickDeps extends SiteDeps {
  readonly directory: Directory;
  readonly watch: WatchStore;
  readonly queue: JobQueue;
  readonly budget: PointsBudget;
  readonly clock: Clock;
}

export interface WatchTickOutput {
  readonly sourcesChecked: number;
  /** Sources whose total differs from the watermark (a follow-up was enqueued for each). */
  readonly changed: readonly { readonly source: string; readonly previous: number; readonly now: number }[];
  /** Sources seen for the first time: their total became the baseline, nothing was enqueued. */
  readonly baselined: readonly string[];
  readonly pointsUsed: number;
}

/** A total read with page size 1: one base point plus at most one identity object. */
export const TOTAL_READ_POINTS = identityRead(1);

export const watchFollowUpDedupeKey = (source: string, total: number): string => `watch:${source}:${total}`;

export const watchTick = async (
  deps: WatchTickDeps,
  input: { readonly now: number },
): Promise<Result<WatchTickOutput, DomainError>> => {
  const meter = createMeter(deps.budget);
  const loaded = await loadSite(deps, meter, input.now);
  if (!loaded.ok) return loaded;
  const { site, snapshot } = loaded.value;
  const marks = new Map((await deps.watch.all()).map((w) => [w.source, w]));

  const sources: { source: string; read: () => Promise<number> }[] = [
    ...relevantGroupIds(snapshot.info, site.policy).map((id) => ({
      source: groupSource(id),
      read: () => deps.directory.memberCount(id),
    })),
    ...snapshot.desks.map((d) => ({
      source: deskSource(d.id),
      read: () => deps.serviceDesks.customerCount(d.id),
    })),
  ];
  const changed: { source: string; previous: number; now: number }[] = [];
  const baselined: string[] = [];
  for (const { source, read } of sources) {
    const total = await meter.run(TOTAL_READ_POINTS, read, (n) => identityRead(Math.min(1, n)));
    if (!total.ok) return total;
    const mark = marks.get(source);
    if (mark === undefined) {
      await deps.watch.put({ source, total: total.value, tailCursor: null, checkedAt: deps.clock.now() });
      baselined.push(source);
    } else if (mark.total !== total.value) {
      await deps.queue.enqueue(
        { type: 'watch-follow-up', source, observedTotal: total.value },
        { dedupeKey: watchFollowUpDedupeKey(source, total.value) },
      );
      changed.push({ source, previous: mark.total, now: total.value });
    }
  }
  return ok({ sourcesChecked: sources.length, changed, baselined, pointsUsed: meter.used() });
};
