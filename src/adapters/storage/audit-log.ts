/**
 * AuditLog on the Custom Entity Store `audit`: append-only (FAIL_IF_EXISTS on the entry id) except that a
 * `started` entry is settled once to its final outcome; listed newest
 * first through `by-time` or `by-plan`. An undo first claims its entry with a create-if-absent KVS key
 * (`undo-claim:<id>`, FAIL_IF_EXISTS) that lapses after {@link UNDO_CLAIM_TTL}. The cursor is the last entry id returned; a page resumes from that
 * entry's time with a range condition, so no query cursor is kept across calls.
 */
import { kvs } from '@forge/kvs';
import type { AuditEntry } from '../../core/model';
import type { AuditLog, Page } from '../../core/ports';
import { AUDIT_ENTITY, AuditRecordSchema, type AuditRecord } from './audit.schema';
import { toSeconds, toStoredEntity } from './entity-time';
import { ENTITY_KEYS, KEYS } from './keys';
import {
  createIfAbsent,
  deleteValue,
  isConditionFailed,
  queryEntityCollect,
  readEntity,
  WhereConditions,
  writeEntity,
  type Keyed,
  type Ttl,
} from './kvs-io';
import { StoreError } from './store-error';

/**
 * An undo runs in a resolver (25 s); the claim outlives the longest Forge invocation (900 s, "Invocation
 * limits" page, "Additional invocation limits") so no claim lapses while its undo can still be running.
 */
const UNDO_CLAIM_TTL: Ttl = { value: 16, unit: 'MINUTES' };

const toRecord = (entry: AuditEntry): AuditRecord =>
  AuditRecordSchema.parse({
    schemaVersion: 1,
    auditId: entry.id,
    at: entry.at,
    actorType: entry.actor.type,
    actorAccountId:
      entry.actor.type === 'user'
        ? entry.actor.accountId
        : entry.actor.type === 'auto'
          ? entry.actor.onBehalfOf
          : '',
    planId: entry.planId ?? '',
    targetAccountId: entry.action.accountId ?? '',
    outcome: entry.outcome,
    entry: structuredClone(entry),
  });

export const createAuditLog = (): AuditLog => {
  const read = (id: string): Promise<AuditRecord | null> =>
    readEntity(AUDIT_ENTITY, ENTITY_KEYS.audit(id), AuditRecordSchema);

  return {
    async append(entry) {
      const key = ENTITY_KEYS.audit(entry.id);
      try {
        await kvs
          .entity<AuditRecord>(AUDIT_ENTITY)
          .set(key, toStoredEntity(AUDIT_ENTITY, toRecord(entry)), { keyPolicy: 'FAIL_IF_EXISTS' });
      } catch (cause) {
        throw new StoreError('STORE.WRITE_FAILED', `${AUDIT_ENTITY}/${key}`, {
          cause: isConditionFailed(cause) ? new Error(`duplicate audit id`) : cause,
        });
      }
    },

    async settle(entry) {
      const key = ENTITY_KEYS.audit(entry.id);
      const before = await read(entry.id);
      if (before === null || before.outcome !== 'started' || entry.outcome === 'started') {
        throw new StoreError('STORE.WRITE_FAILED', `${AUDIT_ENTITY}/${key}`, {
          cause: new Error(before === null ? 'no started entry to settle' : 'entry is already settled'),
        });
      }
      await writeEntity(AUDIT_ENTITY, key, toRecord({ ...entry, at: before.at }));
    },

    async list(page, planId): Promise<Page<AuditEntry>> {
      const limit = Math.max(1, Math.min(100, page.limit));
      const after = page.cursor === null ? null : await read(page.cursor);
      if (page.cursor !== null && after === null) return { items: [], nextCursor: null };
      const afterKey = after === null ? null : ENTITY_KEYS.audit(after.auditId);
      // Index order is (stored seconds, key) descending: keep the rows strictly after the cursor's row.
      const afterSeconds = after === null ? 0 : toSeconds(after.at);
      const isAfterCursor = (row: Keyed<AuditRecord>): boolean =>
        after === null ||
        afterKey === null ||
        toSeconds(row.value.at) < afterSeconds ||
        (toSeconds(row.value.at) === afterSeconds && row.key < afterKey);
      const rows = await queryEntityCollect(
        {
          entity: AUDIT_ENTITY,
          index: planId === undefined ? 'by-time' : 'by-plan',
          ...(planId === undefined ? {} : { partition: [planId] }),
          ...(after === null ? {} : { where: WhereConditions.lessThanEqualTo(afterSeconds) }),
          sort: 'DESC',
        },
        AuditRecordSchema,
        isAfterCursor,
        limit + 1,
      );
      const items = rows.slice(0, limit).map((r) => r.value.entry);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last !== undefined ? last.id : null };
    },

    async get(entryId) {
      return (await read(entryId))?.entry ?? null;
    },

    async findUndo(entryId) {
      const original = await read(entryId);
      if (original === null) return null;
      const rows = await queryEntityCollect(
        {
          entity: AUDIT_ENTITY,
          index: 'by-target',
          partition: [original.targetAccountId],
          where: WhereConditions.greaterThanEqualTo(toSeconds(original.at)),
          sort: 'ASC',
        },
        AuditRecordSchema,
        (row) =>
          row.value.entry.undoOf === entryId &&
          (row.value.outcome === 'undone' || row.value.outcome === 'already-in-place'),
        1,
      );
      return rows[0]?.value.entry ?? null;
    },

    claimUndo(entryId, undoAuditId) {
      return createIfAbsent(KEYS.undoClaim(entryId), { undoAuditId }, UNDO_CLAIM_TTL);
    },

    releaseUndo(entryId) {
      return deleteValue(KEYS.undoClaim(entryId));
    },
  };
};
