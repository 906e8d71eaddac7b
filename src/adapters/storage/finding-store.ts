/**
 * FindingStore on the Custom Entity Store: one `finding` row per open finding, one `finding-scope` row per
 * desk or space it touches, and a KVS record per subject naming its findings (so replacing a subject's
 * findings knows what to delete).
 *
 * Listing pages inside the store, in finding-id order: every index it reads is ranged by `findingId`, the
 * query's main filter picks the index partitions (by-scope[-code|-severity] for a desk or space, else
 * by-code-severity, by-code, by-severity, by-id), each partition is read from the cursor's position with a
 * `findingId > after` range and a small `limit`, and the partitions are merged by id. Conditions the index
 * cannot express are checked on the rows read; at most `MAX_SCANNED` index rows are read per call, and a page
 * cut short by that cap still returns a cursor (the caller follows it). The cursor is the last finding id
 * considered, opaque (versioned base64url JSON, zod-checked on the way back in); a cursor that does not
 * decode yields an empty page.
 */
import { z } from 'zod';
import { IdSchema } from '../../contracts';
import type { Finding, FindingCode } from '../../core/model';
import {
  subjectKeyOf,
  type Clock,
  type FindingQuery,
  type FindingStore,
  type FindingSummary,
  type Page,
  type PageRequest,
} from '../../core/ports';
import {
  FINDING_ENTITY,
  FINDING_SCOPE_ENTITY,
  FindingRecordSchema,
  FindingScopeRecordSchema,
  FindingSubjectRecordSchema,
  type FindingRecord,
  type FindingScopeRecord,
} from './finding.schema';
import { ENTITY_KEYS, KEYS } from './keys';
import {
  deleteEntity,
  deleteValue,
  getEntities,
  listByPrefix,
  queryEntityPage,
  readEntity,
  readValue,
  WhereConditions,
  writeEntity,
  writeValue,
} from './kvs-io';
import { keyPage, sortByKey } from './paging';

type Scope = { readonly scopeType: 'desk' | 'space'; readonly scopeId: string };

const scopesOf = (finding: Finding): Scope[] => [
  ...finding.scope.deskIds.map((scopeId) => ({ scopeType: 'desk' as const, scopeId })),
  ...finding.scope.spaceKeys.map((scopeId) => ({ scopeType: 'space' as const, scopeId })),
];

const scopeKey = (scope: Scope, findingId: string): string =>
  ENTITY_KEYS.findingScope(scope.scopeType, scope.scopeId, findingId);

const matches = (f: Finding, q: FindingQuery): boolean =>
  (q.codes === undefined || q.codes.includes(f.code)) &&
  (q.severities === undefined || q.severities.includes(f.severity)) &&
  (q.deskId === undefined || f.scope.deskIds.includes(q.deskId)) &&
  (q.spaceKey === undefined || f.scope.spaceKeys.includes(q.spaceKey)) &&
  (q.anyDeskIds === undefined || f.scope.deskIds.some((d) => q.anyDeskIds?.includes(d))) &&
  (q.anySpaceKeys === undefined || f.scope.spaceKeys.some((s) => q.anySpaceKeys?.includes(s))) &&
  (q.subjectKeys === undefined || q.subjectKeys.includes(subjectKeyOf(f)));

/** When each stored finding was first detected and last re-evaluated (the panels show both). */
export interface FindingTimes {
  timesOf(
    ids: readonly string[],
  ): Promise<ReadonlyMap<string, { readonly detectedAt: number; readonly updatedAt: number }>>;
}

/** Index rows read per list call at most (over-read for conditions the index cannot express). */
export const MAX_SCANNED = 500;
/** Rows asked of all partitions together per merge round (each partition gets its share, ≥ 1). */
const ROUND_BUDGET = 200;
/** Partitions of a combined index (e.g. scopes × codes) read at most; beyond, a coarser index is used. */
const MAX_COMBINED_PARTITIONS = 12;
/** Custom Entity Store queries return at most 100 rows. */
const QUERY_MAX = 100;

const CursorSchema = z.object({ v: z.literal(1), after: IdSchema });
const encodeCursor = (after: string): string =>
  Buffer.from(JSON.stringify({ v: 1, after }), 'utf8').toString('base64url');
/** The position a cursor names; undefined when it is not one this store minted. */
const decodeCursor = (cursor: string): string | undefined => {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data.after : undefined;
  } catch {
    return undefined;
  }
};

/** One index partition read in finding-id order; `take` says whether a row passes what the row can show. */
interface Source<Row> {
  readonly entity: string;
  readonly index: string;
  readonly partition?: readonly string[];
  readonly schema: z.ZodType<Row>;
}

interface Scan<Row> {
  /** Rows that passed `accept`, in id order, at most `want`. */
  readonly rows: Row[];
  /** The last finding id considered; null when nothing was read. */
  readonly position: string | null;
  /** No row after `position` in any partition. */
  readonly exhausted: boolean;
  readonly scanned: number;
}

/**
 * Merge the partitions by finding id after `after`, keeping rows `accept` takes, until `want` are kept, the
 * partitions are exhausted or `MAX_SCANNED` rows were read. A row seen in two partitions (a finding in two
 * desks) is considered once.
 */
const mergeScan = async <Row extends { readonly findingId: string }>(
  sources: readonly Source<Row>[],
  after: string | null,
  want: number,
  accept: (row: Row) => boolean,
): Promise<Scan<Row>> => {
  const rows: Row[] = [];
  let position = after;
  let scanned = 0;
  let active = sources;
  for (let round = 0; ; round += 1) {
    // The first round asks about one page; later rounds (a residual condition rejected rows) read fuller pages.
    const batch = Math.max(
      1,
      Math.min(round === 0 ? want + 1 : QUERY_MAX, QUERY_MAX, Math.floor(ROUND_BUDGET / active.length)),
    );
    const pages = await Promise.all(
      active.map(async (s) =>
        (
          await queryEntityPage(
            {
              entity: s.entity,
              index: s.index,
              ...(s.partition === undefined ? {} : { partition: s.partition }),
              ...(position === null ? {} : { where: WhereConditions.greaterThan(position) }),
              limit: batch,
            },
            s.schema,
          )
        ).map((r) => r.value),
      ),
    );
    scanned += pages.reduce((n, page) => n + page.length, 0);
    // Rows up to the smallest last id of a full page are complete across partitions; beyond it, not yet.
    let boundary: string | null = null;
    for (const page of pages) {
      const last = page[page.length - 1];
      if (page.length === batch && last !== undefined && (boundary === null || last.findingId < boundary))
        boundary = last.findingId;
    }
    const within = (id: string): boolean => boundary === null || id <= boundary;
    const merged = pages
      .flat()
      .filter((r) => within(r.findingId))
      .sort((a, b) => (a.findingId < b.findingId ? -1 : a.findingId > b.findingId ? 1 : 0));
    for (const [i, row] of merged.entries()) {
      if (row.findingId === position) continue; // the same finding through a second partition
      position = row.findingId;
      if (accept(row)) rows.push(row);
      if (rows.length >= want) {
        const more = boundary !== null || merged.slice(i + 1).some((r) => r.findingId !== position);
        return { rows, position, exhausted: !more, scanned };
      }
    }
    if (boundary === null) return { rows, position, exhausted: true, scanned };
    position = boundary;
    if (scanned >= MAX_SCANNED) return { rows, position, exhausted: false, scanned };
    // A partition that came back short, with nothing past the boundary, has no rows left: stop asking it.
    active = active.filter((_, i) => {
      const page = pages[i] ?? [];
      const last = page[page.length - 1];
      return page.length === batch || (last !== undefined && !within(last.findingId));
    });
  }
};

const cross = <A, B>(as: readonly A[], bs: readonly B[]): [A, B][] =>
  as.flatMap((a) => bs.map((b): [A, B] => [a, b]));

/** Does the stored subject record already say exactly this (so rewriting it can be skipped)? */
const sameRecord = (
  stored: { readonly findingIds: readonly string[]; readonly scopes: readonly Scope[] } | null,
  next: { readonly findingIds: readonly string[]; readonly scopes: readonly Scope[] },
): boolean =>
  stored !== null &&
  stored.findingIds.length === next.findingIds.length &&
  stored.findingIds.every((id, i) => id === next.findingIds[i]) &&
  stored.scopes.length === next.scopes.length &&
  stored.scopes.every(
    (s, i) => s.scopeType === next.scopes[i]?.scopeType && s.scopeId === next.scopes[i]?.scopeId,
  );

export const createFindingStore = (clock: Clock): FindingStore & FindingTimes => {
  const readRecord = (id: string): Promise<FindingRecord | null> =>
    readEntity(FINDING_ENTITY, ENTITY_KEYS.finding(id), FindingRecordSchema);

  const readRecords = async (ids: Iterable<string>): Promise<FindingRecord[]> => {
    const unique = [...new Set(ids)];
    const found = await getEntities(FINDING_ENTITY, unique.map(ENTITY_KEYS.finding), FindingRecordSchema);
    return unique.flatMap((id) => {
      const record = found.get(ENTITY_KEYS.finding(id));
      return record === undefined ? [] : [record];
    });
  };

  /** The findings of a few subjects (their subject records name them), in id order after `after`. */
  const subjectPage = async (
    q: FindingQuery,
    after: string | null,
    limit: number,
  ): Promise<Page<Finding>> => {
    const ids: string[] = [];
    for (const subjectKey of new Set(q.subjectKeys)) {
      const subject = await readValue(KEYS.findingSubject(subjectKey), FindingSubjectRecordSchema);
      if (subject !== null) ids.push(...subject.findingIds.filter((id) => after === null || id > after));
    }
    const rows = sortByKey(
      (await readRecords(ids)).filter((r) => matches(r.finding, q)),
      (r) => r.findingId,
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => r.finding),
      nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last.findingId) : null,
    };
  };

  /** Pages through finding-scope partitions: the desks (or spaces) the query names, narrowed by code or severity. */
  const scopePage = async (
    q: FindingQuery,
    scopes: readonly Scope[],
    after: string | null,
    limit: number,
  ): Promise<Page<Finding>> => {
    const at = (scope: Scope): string[] => [scope.scopeType, scope.scopeId];
    const codes = q.codes === undefined ? undefined : [...new Set(q.codes)];
    const severities = q.severities === undefined ? undefined : [...new Set(q.severities)];
    let sources: Source<FindingScopeRecord>[];
    if (codes !== undefined && scopes.length * codes.length <= MAX_COMBINED_PARTITIONS)
      sources = cross(scopes, codes).map(([s, c]) => ({
        entity: FINDING_SCOPE_ENTITY,
        index: 'by-scope-code',
        partition: [...at(s), c],
        schema: FindingScopeRecordSchema,
      }));
    else if (severities !== undefined && scopes.length * severities.length <= MAX_COMBINED_PARTITIONS)
      sources = cross(scopes, severities).map(([s, v]) => ({
        entity: FINDING_SCOPE_ENTITY,
        index: 'by-scope-severity',
        partition: [...at(s), v],
        schema: FindingScopeRecordSchema,
      }));
    else
      sources = scopes.map((s) => ({
        entity: FINDING_SCOPE_ENTITY,
        index: 'by-scope',
        partition: at(s),
        schema: FindingScopeRecordSchema,
      }));
    const scan = await mergeScan(
      sources,
      after,
      limit,
      (row) =>
        (codes === undefined || codes.includes(row.code)) &&
        (severities === undefined || severities.includes(row.severity)),
    );
    // The scope row cannot show the other dimension (a space when listing desks) nor a body rewritten since:
    // the finding itself is checked against the whole query.
    const records = await readRecords(scan.rows.map((r) => r.findingId));
    return {
      items: records.filter((r) => matches(r.finding, q)).map((r) => r.finding),
      nextCursor: scan.exhausted || scan.position === null ? null : encodeCursor(scan.position),
    };
  };

  /** Pages through finding partitions: by code and severity, by code, by severity, or all by id. */
  const findingPage = async (
    q: FindingQuery,
    after: string | null,
    limit: number,
  ): Promise<Page<Finding>> => {
    const codes = q.codes === undefined ? undefined : [...new Set(q.codes)];
    const severities = q.severities === undefined ? undefined : [...new Set(q.severities)];
    const source = (index: string, partition?: string[]): Source<FindingRecord> => ({
      entity: FINDING_ENTITY,
      index,
      ...(partition === undefined ? {} : { partition }),
      schema: FindingRecordSchema,
    });
    let sources: Source<FindingRecord>[];
    if (
      codes !== undefined &&
      severities !== undefined &&
      codes.length * severities.length <= MAX_COMBINED_PARTITIONS
    )
      sources = cross(codes, severities).map(([c, v]) => source('by-code-severity', [c, v]));
    else if (codes !== undefined) sources = codes.map((c) => source('by-code', [c]));
    else if (severities !== undefined) sources = severities.map((v) => source('by-severity', [v]));
    else sources = [source('by-id')];
    const scan = await mergeScan(sources, after, limit, (row) => matches(row.finding, q));
    return {
      items: scan.rows.map((r) => r.finding),
      nextCursor: scan.exhausted || scan.position === null ? null : encodeCursor(scan.position),
    };
  };

  const listPage = async (q: FindingQuery, after: string | null, limit: number): Promise<Page<Finding>> => {
    const empty: Page<Finding> = { items: [], nextCursor: null };
    if (q.subjectKeys !== undefined) return q.subjectKeys.length === 0 ? empty : subjectPage(q, after, limit);
    if ((q.codes?.length ?? 1) === 0 || (q.severities?.length ?? 1) === 0) return empty;
    const deskIds = q.deskId !== undefined ? [q.deskId] : q.anyDeskIds;
    const spaceKeys = q.spaceKey !== undefined ? [q.spaceKey] : q.anySpaceKeys;
    if (deskIds !== undefined) {
      const desks = [...new Set(deskIds)].map((scopeId): Scope => ({ scopeType: 'desk', scopeId }));
      return desks.length === 0 ? empty : scopePage(q, desks, after, limit);
    }
    if (spaceKeys !== undefined) {
      const spaces = [...new Set(spaceKeys)].map((scopeId): Scope => ({ scopeType: 'space', scopeId }));
      return spaces.length === 0 ? empty : scopePage(q, spaces, after, limit);
    }
    return findingPage(q, after, limit);
  };

  /** Every matching finding, page after page through the same indexes (a full read). */
  const matching = async (q: FindingQuery): Promise<Finding[]> => {
    const out: Finding[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await listPage(q, after, QUERY_MAX);
      out.push(...page.items);
      if (page.nextCursor === null) return out;
      after = decodeCursor(page.nextCursor) ?? null;
    }
  };

  return {
    async replaceForSubject(subjectKey, findings) {
      const subjectStorageKey = KEYS.findingSubject(subjectKey);
      const previous = await readValue(subjectStorageKey, FindingSubjectRecordSchema);
      const now = clock.now();
      const keptIds = new Set(findings.map((f) => f.id));
      const scopes: Scope[] = [];
      const scopeRows = new Set<string>();
      for (const finding of findings) {
        const before =
          previous?.findingIds.includes(finding.id) === true ? await readRecord(finding.id) : null;
        const detectedAt = before?.detectedAt ?? now;
        const emailKey = finding.subject.type === 'person' ? finding.subject.emailKey : '';
        const record: FindingRecord = {
          schemaVersion: 1,
          findingId: finding.id,
          code: finding.code,
          severity: finding.severity,
          subjectType: finding.subject.type,
          emailKey,
          detectedAt,
          updatedAt: Math.max(now, detectedAt),
          finding: structuredClone(finding) as FindingRecord['finding'],
        };
        await writeEntity(FINDING_ENTITY, ENTITY_KEYS.finding(finding.id), FindingRecordSchema.parse(record));
        for (const scope of scopesOf(finding)) {
          const row: FindingScopeRecord = {
            schemaVersion: 1,
            findingId: finding.id,
            scopeType: scope.scopeType,
            scopeId: scope.scopeId,
            code: finding.code,
            severity: finding.severity,
            emailKey,
            updatedAt: record.updatedAt,
          };
          await writeEntity(FINDING_SCOPE_ENTITY, scopeKey(scope, finding.id), row);
          scopeRows.add(scopeKey(scope, finding.id));
          if (!scopes.some((s) => s.scopeType === scope.scopeType && s.scopeId === scope.scopeId))
            scopes.push(scope);
        }
      }
      const finalRecord = { schemaVersion: 1 as const, subjectKey, findingIds: [...keptIds], scopes };
      const staleScopeKeys: string[] = [];
      const staleIds: string[] = [];
      for (const id of previous?.findingIds ?? []) {
        for (const scope of previous?.scopes ?? []) {
          const key = scopeKey(scope, id);
          if (!scopeRows.has(key)) staleScopeKeys.push(key);
        }
        if (!keptIds.has(id)) staleIds.push(id);
      }
      const droppedScopes = (previous?.scopes ?? []).filter(
        (p) => !scopes.some((s) => s.scopeType === p.scopeType && s.scopeId === p.scopeId),
      );
      // Stale rows go last, and until they are gone the subject record keeps naming them: an invocation
      // that dies mid-way leaves rows the next replace of this subject still knows to delete (crash.test.ts).
      const tracking = staleIds.length > 0 || droppedScopes.length > 0;
      if (tracking) {
        await writeValue(subjectStorageKey, {
          ...finalRecord,
          findingIds: [...keptIds, ...staleIds],
          scopes: [...scopes, ...droppedScopes],
        });
      }
      for (const key of staleScopeKeys) await deleteEntity(FINDING_SCOPE_ENTITY, key);
      for (const id of staleIds) await deleteEntity(FINDING_ENTITY, ENTITY_KEYS.finding(id));
      if (findings.length > 0 && (tracking || !sameRecord(previous, finalRecord)))
        await writeValue(subjectStorageKey, finalRecord);
      else if (findings.length === 0 && previous !== null) await deleteValue(subjectStorageKey);
    },

    async list(query, page): Promise<Page<Finding>> {
      const after = page.cursor === null ? null : decodeCursor(page.cursor);
      if (after === undefined) return { items: [], nextCursor: null };
      return listPage(query, after, Math.min(Math.max(1, page.limit), QUERY_MAX));
    },

    async byIds(ids) {
      return sortByKey(await readRecords(ids), (r) => r.findingId).map((r) => r.finding);
    },

    async summarize(query): Promise<FindingSummary> {
      const rows = await matching(query);
      const byCode: Partial<Record<FindingCode, number>> = {};
      const bySeverity: Partial<Record<Finding['severity'], number>> = {};
      const subjects = new Set<string>();
      for (const finding of rows) {
        byCode[finding.code] = (byCode[finding.code] ?? 0) + 1;
        bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
        subjects.add(subjectKeyOf(finding));
      }
      return { total: rows.length, byCode, bySeverity, subjects: subjects.size };
    },

    async timesOf(ids) {
      const records = await readRecords(ids);
      return new Map(records.map((r) => [r.findingId, { detectedAt: r.detectedAt, updatedAt: r.updatedAt }]));
    },

    async subjectKeys(page: PageRequest): Promise<Page<string>> {
      const subjects = await listByPrefix(KEYS.findingSubjectPrefix, FindingSubjectRecordSchema);
      return keyPage(
        sortByKey(
          subjects.map((s) => s.value.subjectKey),
          (k) => k,
        ),
        (k) => k,
        page,
      );
    },
  };
};
