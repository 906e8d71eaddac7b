/**
 * The REST points model the use cases budget with (forge-platform.md §3.8): every request costs a base
 * point; identity objects (users, groups) cost 2 each, core objects (projects, spaces) 1 each; writes cost
 * the base only. Before a call the core reserves the worst case for the page or batch it asks for, and
 * settles the real cost afterwards, so a handler stops before the installation's hourly budget is spent.
 */
import { domainError, type DomainError } from '../../errors';
import { isUpstreamError, type PointsBudget } from '../../ports';
import { err, ok, type Result } from '../../result';

export const BASE_POINTS = 1;
export const IDENTITY_POINTS = 2;
export const CORE_POINTS = 1;

/** Cost of a read returning `n` users or groups. */
export const identityRead = (n: number): number => BASE_POINTS + IDENTITY_POINTS * n;
/** Cost of a read returning `n` projects or spaces. */
export const coreRead = (n: number): number => BASE_POINTS + CORE_POINTS * n;
/** A write costs the base point only (no objects). */
export const WRITE_POINTS = 1;

/**
 * The largest page or batch each read allows (atlassian-identity.md §2): the scan asks for exactly these, so
 * every list is read at the REST lower bound. Adapters cap at the same values.
 */
export const LIMITS = {
  /** GET /rest/api/3/group/member maxResults. */
  groupMembersPage: 50,
  /** GET /rest/servicedeskapi/servicedesk/{id}/customer limit. */
  deskCustomersPage: 50,
  /** Profiles per bulk lookup. */
  profileBatch: 100,
  /** Emails per /user/email/bulk call. */
  emailBatch: 100,
  /** Confluence users-bulk accountIds. */
  guestBatch: 250,
  /** Confluence spaces keys filter. */
  spaceBatch: 250,
  groupBatch: 50,
  /** Desks per listing, for the reservation only (one call lists them all). */
  desksEstimate: 100,
  /** Groups a user is in, for the reservation only. */
  groupsOfAccountEstimate: 50,
  /** Matches an email search may return, for the reservation only. */
  emailMatchesEstimate: 10,
  /** Groups siteInfo resolves, for the reservation only. */
  siteGroupsEstimate: 10,
} as const;

/** Splits ids into batches of at most `size`. */
export const batches = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/** Runs budgeted port calls and counts what they cost. One meter per invocation. */
export interface Meter {
  /** Points booked by this meter so far. */
  readonly used: () => number;
  /**
   * Reserve `estimate`, run the call, settle its real cost. BUDGET.EXHAUSTED (with the reset time) when the
   * installation budget refuses the reservation; the upstream failure when the port throws an UpstreamError.
   */
  readonly run: <T>(
    estimate: number,
    call: () => Promise<T>,
    actualOf: (value: T) => number,
  ) => Promise<Result<T, DomainError>>;
}

export const exhausted = async (budget: PointsBudget): Promise<DomainError> => {
  const status = await budget.status();
  return domainError({
    code: 'BUDGET.EXHAUSTED',
    message:
      status.heldByPool === true
        ? "The app's REST points pool, shared by every site the app is installed on, is nearly spent this " +
          'hour. Work continues automatically after the reset.'
        : `The REST points budget for this hour is spent (${status.used} of ${status.limit}). ` +
          'Work continues automatically after the reset.',
    resetsAt: status.resetsAt,
  });
};

export const createMeter = (budget: PointsBudget): Meter => {
  let used = 0;
  return {
    used: () => used,
    run: async <T>(
      estimate: number,
      call: () => Promise<T>,
      actualOf: (value: T) => number,
    ): Promise<Result<T, DomainError>> => {
      if (!(await budget.tryReserve(estimate))) return err(await exhausted(budget));
      let value: T;
      try {
        value = await call();
      } catch (e) {
        await budget.settle(estimate, BASE_POINTS);
        used += BASE_POINTS;
        if (isUpstreamError(e)) return err(e.failure);
        throw e;
      }
      const actual = actualOf(value);
      await budget.settle(estimate, actual);
      used += actual;
      return ok(value);
    },
  };
};
