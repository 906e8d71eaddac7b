/**
 * FindingStore on the Custom Entity Store: one `finding` row per open finding, one `finding-scope` row per
 * desk or space it touches, and a KVS record per subject naming its findings (so replacing a subject's
 * findings knows what to delete). Listing narrows through an index (subject, scope partition or code
 * partition), then checks every row against the whole query and pages by finding id.
 */
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
  listByPrefix,
  queryEntityAll,
  readEntity,
  readValue,
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

export const createFindingStore = (clock: Clock): FindingStore & FindingTimes => {
  const readRecord = (id: string): Promise<FindingRecord | null> =>
    readEntity(FINDING_ENTITY, ENTITY_KEYS.finding(id), FindingRecordSchema);

  const readRecords = async (ids: Iterable<string>): Promise<FindingRecord[]> => {
    const out: FindingRecord[] = [];
    for (const id of new Set(ids)) {
      const record = await readRecord(id);
      if (record !== null) out.push(record);
    }
    return out;
  };

  const idsInScopes = async (scopes: readonly Scope[]): Promise<Set<string>> => {
    const ids = new Set<string>();
    for (const scope of scopes) {
      const rows = await queryEntityAll(
        { entity: FINDING_SCOPE_ENTITY, index: 'by-scope', partition: [scope.scopeType, scope.scopeId] },
        FindingScopeRecordSchema,
      );
      for (const row of rows) ids.add(row.value.findingId);
    }
    return ids;
  };

  /** Candidate rows through the narrowest index the query allows; every row is checked again by `matches`. */
  const candidates = async (q: FindingQuery): Promise<FindingRecord[]> => {
    if (q.subjectKeys !== undefined) {
      const ids: string[] = [];
      for (const subjectKey of new Set(q.subjectKeys)) {
        const subject = await readValue(KEYS.findingSubject(subjectKey), FindingSubjectRecordSchema);
        if (subject !== null) ids.push(...subject.findingIds);
      }
      return readRecords(ids);
    }
    const deskIds = q.deskId !== undefined ? [q.deskId] : q.anyDeskIds;
    const spaceKeys = q.spaceKey !== undefined ? [q.spaceKey] : q.anySpaceKeys;
    if (deskIds !== undefined || spaceKeys !== undefined) {
      const scopes: Scope[] =
        deskIds !== undefined
          ? deskIds.map((scopeId) => ({ scopeType: 'desk', scopeId }))
          : (spaceKeys ?? []).map((scopeId) => ({ scopeType: 'space', scopeId }));
      return readRecords(await idsInScopes(scopes));
    }
    if (q.codes !== undefined) {
      const rows: FindingRecord[] = [];
      for (const code of new Set<FindingCode>(q.codes)) {
        const page = await queryEntityAll(
          { entity: FINDING_ENTITY, index: 'by-code', partition: [code] },
          FindingRecordSchema,
        );
        rows.push(...page.map((r) => r.value));
      }
      return rows;
    }
    return (await queryEntityAll({ entity: FINDING_ENTITY, index: 'by-updated' }, FindingRecordSchema)).map(
      (r) => r.value,
    );
  };

  const matching = async (q: FindingQuery): Promise<FindingRecord[]> =>
    sortByKey(
      (await candidates(q)).filter((r) => matches(r.finding, q)),
      (r) => r.findingId,
    );

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
      if (findings.length > 0) {
        await writeValue(subjectStorageKey, {
          schemaVersion: 1,
          subjectKey,
          findingIds: [...keptIds],
          scopes,
        });
      }
      // Stale rows go last: a crash before this point leaves extra rows the next replace removes.
      for (const id of previous?.findingIds ?? []) {
        for (const scope of previous?.scopes ?? []) {
          const key = scopeKey(scope, id);
          if (!scopeRows.has(key)) await deleteEntity(FINDING_SCOPE_ENTITY, key);
        }
        if (!keptIds.has(id)) await deleteEntity(FINDING_ENTITY, ENTITY_KEYS.finding(id));
      }
      if (findings.length === 0 && previous !== null) await deleteValue(subjectStorageKey);
    },

    async list(query, page): Promise<Page<Finding>> {
      const rows = await matching(query);
      const p = keyPage(rows, (r) => r.findingId, page);
      return { items: p.items.map((r) => r.finding), nextCursor: p.nextCursor };
    },

    async byIds(ids) {
      return sortByKey(await readRecords(ids), (r) => r.findingId).map((r) => r.finding);
    },

    async summarize(query): Promise<FindingSummary> {
      const rows = await matching(query);
      const byCode: Partial<Record<FindingCode, number>> = {};
      const bySeverity: Partial<Record<Finding['severity'], number>> = {};
      const subjects = new Set<string>();
      for (const { finding } of rows) {
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
