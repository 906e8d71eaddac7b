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
}

/** Stored findings, replaced per subject so re-evaluating a person is idempotent. */
export interface FindingStore {
  /**
   * Replace every stored finding of this subject (a person key or `space:<key>`) with the given ones.
   * @throws StoreError when the write fails.
   */
  replaceForSubject(subjectKey: string, findings: readonly Finding[]): Promise<void>;
  /** @throws StoreError when the read fails. */
  list(query: FindingQuery, page: PageRequest): Promise<Page<Finding>>;
  /** @throws StoreError when the read fails. */
  byIds(ids: readonly string[]): Promise<Finding[]>;
}

/** The last known snapshot of each person, and the account → person index that joins events to persons. */
export interface PersonStore {
  /** @throws StoreError when the read fails. */
  get(key: PersonKey): Promise<Person | null>;
  /** The person an account belonged to when last seen. @throws StoreError when the read fails. */
  keyOfAccount(accountId: string): Promise<PersonKey | null>;
  /** Store the person and re-point its accounts to it. @throws StoreError when the write fails. */
  put(person: Person): Promise<void>;
  /** @throws StoreError when the write fails. */
  remove(key: PersonKey): Promise<void>;
}

export interface PlanStore {
  /** @throws StoreError when the write fails. */
  put(plan: Plan): Promise<void>;
  /** @throws StoreError when the read fails. */
  get(planId: string): Promise<Plan | null>;
}

/** Append-only record of applied actions and undos. */
export interface AuditLog {
  /** @throws StoreError when the write fails. */
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. @throws StoreError when the read fails. */
  list(page: PageRequest, planId?: string): Promise<Page<AuditEntry>>;
  /** @throws StoreError when the read fails. */
  get(entryId: string): Promise<AuditEntry | null>;
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
}

export interface ScanCursorStore {
  /** @throws StoreError when the read fails. */
  get(): Promise<ScanCursor | null>;
  /** Save progress only if the stored cursor is still `expected` (compare-and-set). @throws StoreError */
  save(next: ScanCursor, expected: ScanCursor | null): Promise<boolean>;
}
