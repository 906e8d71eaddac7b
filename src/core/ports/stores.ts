import type { AuditEntry } from '../model/audit';
import type { Finding, FindingCode, Severity } from '../model/finding';
import type { Person, PersonKey } from '../model/person';
import type { Plan } from '../model/plan';
import type { Policy } from '../model/site';
import type { Page, PageRequest } from './directory';

/** Filter for listing findings (server-side paging in the panels). */
export interface FindingQuery {
  readonly codes?: readonly FindingCode[];
  readonly severities?: readonly Severity[];
  readonly deskId?: string;
  readonly spaceKey?: string;
  /** Findings touching (scope) at least one of these desks; an empty list matches nothing. */
  readonly anyDeskIds?: readonly string[];
  /** Findings touching (scope) at least one of these spaces; an empty list matches nothing. */
  readonly anySpaceKeys?: readonly string[];
  /** Findings about these subjects (person keys or `space:<key>`); an empty list matches nothing. */
  readonly subjectKeys?: readonly string[];
}

/** Counts of the findings matching a query (overview chart). */
export interface FindingSummary {
  readonly total: number;
  readonly byCode: Readonly<Partial<Record<FindingCode, number>>>;
  readonly bySeverity: Readonly<Partial<Record<Severity, number>>>;
  /** Distinct subjects among them. */
  readonly subjects: number;
}

/** The subject key findings are stored under: the person key, or `space:<key>` for site findings. */
export const subjectKeyOf = (finding: Finding): string =>
  finding.subject.type === 'person' ? finding.subject.emailKey : `space:${finding.subject.spaceKey}`;

/** Stored findings, replaced per subject so re-evaluating a person is idempotent. */
export interface FindingStore {
  /**
   * Replace every stored finding of this subject (a person key or `space:<key>`) with the given ones.
   * @throws StoreError when the write fails.
   */
  replaceForSubject(subjectKey: string, findings: readonly Finding[]): Promise<void>;
  /**
   * Matching findings ordered by id. The cursor is opaque: a position in that order (stable across writes),
   * not necessarily the last id returned. A page may hold fewer than `limit` items, even none, while
   * `nextCursor` is not null (the store caps what one call reads): follow the cursor until it is null. A
   * cursor the store did not mint gives an empty page. @throws StoreError when the read fails.
   */
  list(query: FindingQuery, page: PageRequest): Promise<Page<Finding>>;
  /** Unknown ids are left out. @throws StoreError when the read fails. */
  byIds(ids: readonly string[]): Promise<Finding[]>;
  /** Counts by code and severity of the matching findings. @throws StoreError when the read fails. */
  summarize(query: FindingQuery): Promise<FindingSummary>;
  /** Every subject with stored findings, ordered; cursor = last key returned. @throws StoreError */
  subjectKeys(page: PageRequest): Promise<Page<string>>;
}

/** The last known snapshot of each person, and the account → person index that joins events to persons. */
export interface PersonStore {
  /** @throws StoreError when the read fails. */
  get(key: PersonKey): Promise<Person | null>;
  /** The stored persons of these keys (absent ones left out). @throws StoreError when the read fails. */
  getMany(keys: readonly PersonKey[]): Promise<ReadonlyMap<PersonKey, Person>>;
  /** The person an account belonged to when last seen. @throws StoreError when the read fails. */
  keyOfAccount(accountId: string): Promise<PersonKey | null>;
  /** Store the person and re-point its accounts to it. @throws StoreError when the write fails. */
  put(person: Person): Promise<void>;
  /** @throws StoreError when the write fails. */
  remove(key: PersonKey): Promise<void>;
  /** Every stored person key, ordered; cursor = last key returned. @throws StoreError when the read fails. */
  keys(page: PageRequest): Promise<Page<PersonKey>>;
  /**
   * Persons with a search word (model/search.ts `searchWordsOf`) starting with `prefix` (already normalised),
   * at most `max` of them, in word order; `more` when others match too. @throws StoreError when the read fails.
   */
  findByWordPrefix(
    prefix: string,
    max: number,
  ): Promise<{ readonly keys: readonly PersonKey[]; readonly more: boolean }>;
}

/** How a plan's application went: which steps ran and which did not (no silent partial state). */
export interface PlanApplication {
  readonly planId: string;
  readonly actorAccountId: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly status: 'applying' | 'applied' | 'failed';
  /** Action keys the admin unticked in the preview. */
  readonly skippedActionKeys: readonly string[];
  /** Audit entry ids of the steps that ran (applied or already in place), in plan order. */
  readonly auditIds: readonly string[];
  /** The step that failed, with its error code; null when none did. */
  readonly failed: {
    readonly actionKey: string;
    readonly errorCode: string;
    readonly auditId: string;
  } | null;
  /** Steps never attempted because an earlier one failed, in plan order. */
  readonly notAttemptedActionKeys: readonly string[];
}

export interface PlanStore {
  /** @throws StoreError when the write fails. */
  put(plan: Plan): Promise<void>;
  /** @throws StoreError when the read fails. */
  get(planId: string): Promise<Plan | null>;
  /**
   * Record that the plan's application starts; false when one was already recorded (create-if-absent, so
   * two clicks or a replayed job cannot apply a plan twice). @throws StoreError when the write fails.
   */
  startApplication(application: PlanApplication): Promise<boolean>;
  /** @throws StoreError when the write fails. */
  saveApplication(application: PlanApplication): Promise<void>;
  /** @throws StoreError when the read fails. */
  getApplication(planId: string): Promise<PlanApplication | null>;
}

/** Append-only record of applied actions and undos. */
export interface AuditLog {
  /** @throws StoreError when the write fails. */
  append(entry: AuditEntry): Promise<void>;
  /**
   * Replace a `started` entry by its final outcome (same id and time); entries of any other outcome are
   * never rewritten. @throws StoreError when the write fails or the entry is missing or already settled.
   */
  settle(entry: AuditEntry): Promise<void>;
  /** Newest first. @throws StoreError when the read fails. */
  list(page: PageRequest, planId?: string): Promise<Page<AuditEntry>>;
  /** @throws StoreError when the read fails. */
  get(entryId: string): Promise<AuditEntry | null>;
  /** The entry that undid `entryId` (outcome undone or already-in-place), if any. @throws StoreError */
  findUndo(entryId: string): Promise<AuditEntry | null>;
  /**
   * Claim the right to undo `entryId` (create-if-absent): false when another undo holds the claim, so two
   * simultaneous undos cannot both write (case 4). The claim lapses by itself after the longest invocation
   * (an undo that died mid-way does not block the entry for ever). @throws StoreError when the write fails.
   */
  claimUndo(entryId: string, undoAuditId: string): Promise<boolean>;
  /** Give a claim back after an undo that certainly changed nothing. @throws StoreError */
  releaseUndo(entryId: string): Promise<void>;
}

export interface PolicyStore {
  /** The stored policy, or the default (no Links, nothing protected) when none was saved. @throws StoreError */
  get(): Promise<Policy>;
  /** @throws StoreError when the write fails. */
  put(policy: Policy): Promise<void>;
}

/** Where a resumable scan stands (product.md §4 "Scan"). */
export interface ScanCursor {
  readonly scanId: string;
  readonly startedAt: number;
  /** The source being listed (e.g. `desk:10`, `group:<id>`) and where to continue it. */
  readonly source: string;
  readonly cursor: string | null;
  readonly sourcesDone: number;
  readonly sourcesTotal: number;
  readonly finishedAt: number | null;
  /** Every step source of this scan, in order (`sources[sourcesDone]` is `source` until finished). */
  readonly sources: readonly string[];
  /** Items read so far from the current source (becomes the watch's watermark when the source ends). */
  readonly sourceItems: number;
  /** Distinct accounts merged into the working set. */
  readonly accountsSeen: number;
  readonly personsEvaluated: number;
  /** REST points this scan has booked so far. */
  readonly pointsUsed: number;
  readonly updatedAt: number;
}

export interface ScanCursorStore {
  /** @throws StoreError when the read fails. */
  get(): Promise<ScanCursor | null>;
  /** Save progress only if the stored cursor is still `expected` (compare-and-set). @throws StoreError */
  save(next: ScanCursor, expected: ScanCursor | null): Promise<boolean>;
}
