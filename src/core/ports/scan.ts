import type { AccountKind, AccountStatus } from '../model/account';
import type { PersonKey } from '../model/person';
import type { Page, PageRequest } from './directory';

/**
 * Partial facts about one account gathered by a scan, merged per account as pages arrive. Lists merge as
 * sets (so replaying a page is harmless); scalars overwrite.
 */
export interface AccountFacts {
  readonly accountId: string;
  /** Set by the profiles source; `null` when the directory no longer knows the account (deleted). */
  readonly profile?: {
    readonly kind: AccountKind;
    readonly status: AccountStatus;
    readonly displayName: string;
    readonly visibleEmail: string | null;
  } | null;
  /** Set by the emails source for accounts whose profile hides the email; null = unreadable. */
  readonly apiEmail?: string | null;
  /** Customer-role, guest and Link groups the account was listed in. */
  readonly groupIds?: readonly string[];
  readonly customerOfDeskIds?: readonly string[];
  /** Set by the guests source for members of a guest group. */
  readonly guest?: {
    readonly isGuest: boolean;
    readonly hasUserRole: boolean;
    readonly guestSpaceKeys: readonly string[];
  };
}

/** Which person (and which POSSIBLE_DUPLICATE bucket) an account of the working set belongs to. */
export interface PersonAssignment {
  readonly accountId: string;
  readonly personKey: PersonKey;
  /** Persons that may be duplicates of each other share a bucket, so one chunk sees a whole bucket. */
  readonly bucketKey: string;
}

export interface WorkingSetBucket {
  readonly bucketKey: string;
  readonly accounts: readonly AccountFacts[];
}

/**
 * The scan's working set: facts per account, upserted page by page, then grouped into persons and read back
 * bucket by bucket. Cursors are the last key returned (account id / bucket key), so they stay valid when the
 * scan resumes in another invocation.
 */
export interface ScanWorkingSet {
  /** Merge facts into the accounts' records (created when absent). @throws StoreError */
  upsert(scanId: string, facts: readonly AccountFacts[]): Promise<void>;
  /** Accounts ordered by id. @throws StoreError */
  accounts(scanId: string, page: PageRequest): Promise<Page<AccountFacts>>;
  /** Distinct accounts held. @throws StoreError */
  count(scanId: string): Promise<number>;
  /** Record person and bucket of accounts (idempotent). @throws StoreError */
  assign(scanId: string, assignments: readonly PersonAssignment[]): Promise<void>;
  /** Buckets ordered by key, each with all its accounts' facts. @throws StoreError */
  buckets(scanId: string, page: PageRequest): Promise<Page<WorkingSetBucket>>;
  /** Which of the given person keys some account of this scan was assigned to. @throws StoreError */
  knownPersonKeys(scanId: string, keys: readonly string[]): Promise<ReadonlySet<string>>;
  /** Drop everything of the scan. @throws StoreError */
  clear(scanId: string): Promise<void>;
}

/** What the watch last knew about one list (`group:<id>` or `desk:<id>`). */
export interface Watermark {
  readonly source: string;
  readonly total: number;
  /**
   * Cursor of the list's last page when it was last read in full: append-ordered lists (desk customers)
   * continue from it to read only their newest pages. Null to read from the start.
   */
  readonly tailCursor: string | null;
  readonly checkedAt: number;
}

export interface WatchStore {
  /** @throws StoreError when the read fails. */
  all(): Promise<Watermark[]>;
  /** @throws StoreError when the read fails. */
  get(source: string): Promise<Watermark | null>;
  /** @throws StoreError when the write fails. */
  put(watermark: Watermark): Promise<void>;
}
