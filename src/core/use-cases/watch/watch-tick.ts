/**
 * watch-tick (product.md §4 "Watch"): cheap change detection. For every list the rules depend on (the
 * Customer-role groups, the guest groups, each Link group, each desk's customer list) read one signal and
 * compare it with the stored watermark. A changed list gets one targeted follow-up job (deduplicated on
 * source and total); an unchanged one costs one base point and no write. The watermark is moved by the
 * follow-up, not here, so a lost follow-up is simply detected again.
 *
 * Signals (docs/rate-limits.md "What the app spends"): a group's total is read from the page that starts at
 * the total last seen, which is empty when nothing was added (1 point; Jira still reports `total`, so
 * removals show too). A desk list carries no total, but it is append-ordered: the watch asks whether a
 * customer exists at index `total` (1 point when none). Removals from a desk list are left to events and to
 * the daily full scan, which resets every watermark. A list seen for the first time is counted in full
 * (its baseline). At most {@link WATCH_READS_PER_TICK} lists are read per tick, a window that rotates with
 * the tick number, so an idle hour costs at most 12 × that many points whatever the site's size.
 */
import type { DomainError } from '../../errors';
import type { Clock, Directory, JobQueue, PointsBudget, WatchStore, Watermark } from '../../ports';
import { ok, type Result } from '../../result';
import { BASE_POINTS, createMeter, IDENTITY_POINTS, identityRead, LIMITS } from '../shared/points';
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
  /** Lists read this tick (the rotating window). */
  readonly sourcesChecked: number;
  /** Lists watched in all (this tick read `sourcesChecked` of them). */
  readonly sourcesWatched: number;
  /** Sources whose signal differs from the watermark (a follow-up was enqueued for each). */
  readonly changed: readonly { readonly source: string; readonly previous: number; readonly now: number }[];
  /** Sources seen for the first time: their total became the baseline, nothing was enqueued. */
  readonly baselined: readonly string[];
  readonly pointsUsed: number;
}

/** The manifest's `fiveMinute` schedule. */
export const WATCH_INTERVAL_MS = 5 * 60_000;
/**
 * Lists read per tick: 8 reads × 12 ticks × 1 point = 96 points per idle hour (product.md §7: ≤ 100). A
 * site with more lists sees each one every ⌈lists / 8⌉ ticks.
 */
export const WATCH_READS_PER_TICK = 8;
/** What a signal read may cost: one base point plus at most one identity object. */
export const TOTAL_READ_POINTS = identityRead(1);

export const watchFollowUpDedupeKey = (source: string, total: number): string => `watch:${source}:${total}`;

/**
 * The lists this tick reads: all of them when they fit, otherwise a window of `perTick` lists starting at
 * (tick × perTick) mod count, wrapping, so consecutive ticks cover every list in turn.
 */
export const watchWindow = <T>(sources: readonly T[], now: number, perTick: number): T[] => {
  if (sources.length <= perTick) return [...sources];
  const tick = Math.floor(now / WATCH_INTERVAL_MS);
  const start = (tick * perTick) % sources.length;
  return Array.from({ length: perTick }, (_, i) => sources[(start + i) % sources.length] as T);
};

/** A list's signal this tick: an exact total (groups, baselines) or "grew past `knownTotal`" (desks). */
export type WatchSignal =
  | { readonly kind: 'total'; readonly total: number }
  | { readonly kind: 'grew'; readonly grew: boolean; readonly knownTotal: number };

export type WatchDecision =
  | { readonly kind: 'baseline'; readonly total: number }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'changed'; readonly observedTotal: number };

/**
 * What a signal means against the watermark. A desk that grew is reported one past the total it was asked
 * about (a lower bound: the follow-up counts the real total while it reads the new customers).
 */
export const decideWatch = (
  mark: Pick<Watermark, 'total'> | undefined,
  signal: WatchSignal,
): WatchDecision => {
  if (signal.kind === 'grew') {
    return signal.grew ? { kind: 'changed', observedTotal: signal.knownTotal + 1 } : { kind: 'unchanged' };
  }
  if (mark === undefined) return { kind: 'baseline', total: signal.total };
  return mark.total === signal.total
    ? { kind: 'unchanged' }
    : { kind: 'changed', observedTotal: signal.total };
};

/** Pages a full count of a list of `n` walks at page size `pageSize` (an empty list still takes one). */
const pagesFor = (n: number, pageSize: number): number => Math.max(1, Math.ceil(n / pageSize));

export const watchTick = async (
  deps: WatchTickDeps,
  input: { readonly now: number; readonly readsPerTick?: number },
): Promise<Result<WatchTickOutput, DomainError>> => {
  const meter = createMeter(deps.budget);
  const loaded = await loadSite(deps, meter, input.now);
  if (!loaded.ok) return loaded;
  const { site, snapshot } = loaded.value;
  const marks = new Map((await deps.watch.all()).map((w) => [w.source, w]));

  // The signal read, given the watermark: a full count when there is none yet (the baseline).
  // Each read also says what it cost by the points model, for the installation budget.
  type Read = { signal: WatchSignal; points: number };
  const sources: { source: string; read: (mark: Watermark | undefined) => Promise<Read> }[] = [
    ...relevantGroupIds(snapshot.info, site.policy).map((id) => ({
      source: groupSource(id),
      read: async (mark: Watermark | undefined): Promise<Read> => {
        const from = mark?.total ?? 0;
        const total = await deps.directory.memberCount(id, mark?.total);
        return { signal: { kind: 'total', total }, points: identityRead(total > from ? 1 : 0) };
      },
    })),
    ...snapshot.desks.map((d) => ({
      source: deskSource(d.id),
      read: async (mark: Watermark | undefined): Promise<Read> => {
        if (mark === undefined || deps.serviceDesks.customersBeyond === undefined) {
          const total = await deps.serviceDesks.customerCount(d.id);
          return {
            signal: { kind: 'total', total },
            points: pagesFor(total, LIMITS.deskCustomersPage) * BASE_POINTS + IDENTITY_POINTS * total,
          };
        }
        const grew = await deps.serviceDesks.customersBeyond(d.id, mark.total);
        return { signal: { kind: 'grew', grew, knownTotal: mark.total }, points: identityRead(grew ? 1 : 0) };
      },
    })),
  ];
  const window = watchWindow(sources, input.now, input.readsPerTick ?? WATCH_READS_PER_TICK);
  const changed: { source: string; previous: number; now: number }[] = [];
  const baselined: string[] = [];
  for (const { source, read } of window) {
    const mark = marks.get(source);
    // A baseline count may walk a whole desk list; the meter settles what the read really cost.
    const signalRead = await meter.run(
      TOTAL_READ_POINTS,
      () => read(mark),
      (r) => r.points,
    );
    if (!signalRead.ok) return signalRead;
    const decision = decideWatch(mark, signalRead.value.signal);
    if (decision.kind === 'baseline') {
      await deps.watch.put({ source, total: decision.total, tailCursor: null, checkedAt: deps.clock.now() });
      baselined.push(source);
    } else if (decision.kind === 'changed') {
      await deps.queue.enqueue(
        { type: 'watch-follow-up', source, observedTotal: decision.observedTotal },
        { dedupeKey: watchFollowUpDedupeKey(source, decision.observedTotal) },
      );
      changed.push({ source, previous: mark?.total ?? 0, now: decision.observedTotal });
    }
  }
  return ok({
    sourcesChecked: window.length,
    sourcesWatched: sources.length,
    changed,
    baselined,
    pointsUsed: meter.used(),
  });
};
