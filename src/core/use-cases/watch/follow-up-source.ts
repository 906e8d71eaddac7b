/**
 * follow-up-source: the watch saw a list change; find the accounts on it that the app does not know there,
 * and enqueue one reconcile job each (deduplicated). Desk customer lists are append-ordered, so only their
 * newest pages are read: from the watermark's tail cursor (the last page of the previous full read) to the
 * end. Group member lists are ordered by name, so a new member can be anywhere: they are re-read in full, up
 * to `maxPages`; a bigger change is left to the hourly scan (the watermark still moves, so the watch does not
 * fire again for it). Removals are not detected here: the scan and user events catch them. The watch only
 * knows that a desk list grew (its `observedTotal` is a lower bound), so the watermark takes the size the
 * read counted when the list pages by offset (JSM), the observed total otherwise; a desk read stopped at
 * `maxPages` keeps its position, and the watch sees the rest as growth on a later tick.
 */
import type { DomainError } from '../../errors';
import type { Person } from '../../model/person';
import type {
  Clock,
  Directory,
  JobQueue,
  PersonStore,
  PointsBudget,
  ServiceDesks,
  WatchStore,
} from '../../ports';
import { domainError } from '../../errors';
import { err, ok, type Result } from '../../result';
import { createMeter, identityRead, LIMITS } from '../shared/points';
import { parseSource } from '../scan/scan-sources';

export interface FollowUpSourceDeps {
  readonly directory: Directory;
  readonly serviceDesks: ServiceDesks;
  readonly persons: PersonStore;
  readonly watch: WatchStore;
  readonly queue: JobQueue;
  readonly budget: PointsBudget;
  readonly clock: Clock;
}

export interface FollowUpSourceInput {
  readonly source: string;
  readonly observedTotal: number;
  readonly now: number;
  /** Pages a group re-read may take before the change is left to the scan (default 20 = 1,000 members). */
  readonly maxPages?: number;
}

export interface FollowUpSourceOutput {
  readonly source: string;
  readonly pagesRead: number;
  /** Account ids a reconcile job was enqueued for. */
  readonly enqueued: readonly string[];
  /** True when the list was too big to re-read here and the scan will cover it. */
  readonly deferredToScan: boolean;
  readonly pointsUsed: number;
}

const DEFAULT_MAX_PAGES = 20;

export const followUpSource = async (
  deps: FollowUpSourceDeps,
  input: FollowUpSourceInput,
): Promise<Result<FollowUpSourceOutput, DomainError>> => {
  const parsed = parseSource(input.source);
  if (parsed === null || parsed.kind === 'phase') {
    return err(domainError({ code: 'INPUT.INVALID', message: `Not a watched list: ${input.source}` }));
  }
  const meter = createMeter(deps.budget);
  const mark = await deps.watch.get(input.source);
  const limit = parsed.kind === 'group' ? LIMITS.groupMembersPage : LIMITS.deskCustomersPage;
  const maxPages = input.maxPages ?? DEFAULT_MAX_PAGES;
  let cursor: string | null = parsed.kind === 'desk' ? (mark?.tailCursor ?? null) : null;
  let lastPageCursor = cursor;
  let pagesRead = 0;
  let deferredToScan = false;
  const enqueued: string[] = [];
  // How far the list is known (offset of the last page read + its items), when the source pages by offset.
  let countedTotal: number | null = null;
  const personCache = new Map<string, Person | null>();

  const knownThere = async (accountId: string): Promise<boolean> => {
    const key = await deps.persons.keyOfAccount(accountId);
    if (key === null) return false;
    if (!personCache.has(key)) personCache.set(key, await deps.persons.get(key));
    const account = personCache.get(key)?.accounts.find((a) => a.accountId === accountId);
    if (account === undefined) return false;
    return parsed.kind === 'group'
      ? account.groupIds.includes(parsed.id)
      : account.customerOfDeskIds.includes(parsed.id);
  };

  do {
    if (pagesRead >= maxPages) {
      deferredToScan = true;
      break;
    }
    const request = { cursor, limit };
    const page = await meter.run(
      identityRead(limit),
      () =>
        parsed.kind === 'group'
          ? deps.directory.membersOfGroup(parsed.id, request)
          : deps.serviceDesks.customersOfDesk(parsed.id, request),
      (p) => identityRead(p.items.length),
    );
    if (!page.ok) return page;
    pagesRead += 1;
    for (const accountId of page.value.items) {
      if (await knownThere(accountId)) continue;
      await deps.queue.enqueue(
        {
          type: 'reconcile-person',
          accountId,
          reason: 'watch-delta',
          ...(parsed.kind === 'desk' ? { hints: { customerOfDeskIds: [parsed.id] } } : {}),
        },
        { dedupeKey: `reconcile:${accountId}:${input.source}:${input.observedTotal}` },
      );
      enqueued.push(accountId);
    }
    lastPageCursor = cursor;
    cursor = page.value.nextCursor;
    countedTotal = page.value.offset === undefined ? null : page.value.offset + page.value.items.length;
  } while (cursor !== null);

  await deps.watch.put({
    source: input.source,
    total: parsed.kind === 'desk' && countedTotal !== null ? countedTotal : input.observedTotal,
    // A desk list is read on from where this read stopped, also when it stopped early (the watch sees the
    // rest as growth on a later tick); a group is re-read from its start.
    tailCursor:
      parsed.kind === 'desk' && (!deferredToScan || countedTotal !== null)
        ? lastPageCursor
        : (mark?.tailCursor ?? null),
    checkedAt: deps.clock.now(),
  });
  return ok({ source: input.source, pagesRead, enqueued, deferredToScan, pointsUsed: meter.used() });
};
