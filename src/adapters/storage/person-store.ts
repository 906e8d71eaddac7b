/**
 * PersonStore on the Custom Entity Store `person` (one row per person key) plus a KVS pointer per account
 * (`person-of:<accountId>`) that joins events to persons. Keys are listed through the `emailKey` index, so a
 * page resumes from the last key with a range condition (no query cursor is kept across calls).
 */
import { type Person, type PersonKey, searchWordsOf, type Severity } from '../../core/model';
import type { Clock, Page, PersonStore } from '../../core/ports';
import { ENTITY_KEYS, KEYS } from './keys';
import {
  deleteEntity,
  deleteMany,
  getEntities,
  getMany,
  queryEntityCollect,
  queryEntityPage,
  readEntity,
  readValue,
  setMany,
  WhereConditions,
  writeEntity,
} from './kvs-io';
import {
  AccountPersonRecordSchema,
  PERSON_ENTITY,
  PERSON_WORD_ENTITY,
  PersonRecordSchema,
  PersonWordRecordSchema,
  type PersonRecord,
} from './person.schema';

const unique = (values: readonly string[]): string[] => [...new Set(values)].sort();

const toRecord = (person: Person, now: number): PersonRecord => ({
  schemaVersion: 1,
  emailKey: person.emailKey,
  accounts: structuredClone(person.accounts) as PersonRecord['accounts'],
  deskIds: unique(person.accounts.flatMap((a) => [...a.customerOfDeskIds, ...a.reporterOnDeskIds])),
  spaceKeys: unique(person.accounts.flatMap((a) => a.guestSpaceKeys)),
  // Findings live in their own entity; the person row carries no copy of them.
  findingIds: [],
  worstSeverity: 'none' satisfies Severity | 'none',
  evaluatedAt: now,
  searchWords: searchWordsOf(person),
});

/** When a person was last evaluated (stored by the reconcile or scan that wrote it); the card shows it. */
export interface PersonTimes {
  evaluatedAtOf(key: PersonKey): Promise<number | null>;
}

export const createPersonStore = (clock: Clock): PersonStore & PersonTimes => {
  const read = (key: string): Promise<PersonRecord | null> =>
    readEntity(PERSON_ENTITY, ENTITY_KEYS.person(key), PersonRecordSchema);

  /** Drop the account pointers that still name this person, except for the accounts it keeps. */
  const dropPointers = async (key: string, accountIds: readonly string[], keep: ReadonlySet<string>) => {
    const candidates = accountIds.filter((id) => !keep.has(id)).map((id) => KEYS.accountPerson(id));
    const pointers = await getMany(candidates, AccountPersonRecordSchema);
    const stale = [...pointers].filter(([, p]) => p.personKey === key).map(([k]) => k);
    await deleteMany(stale);
  };

  /**
   * Rewrite a person's `person-word` rows: position i holds word i; positions past the new list are deleted.
   * Written before the person row. An invocation that dies in between can leave a row past the stored
   * list; it still names this person, so search may find them by a stale word (never another person's
   * findings: the findings are then read by person) until a later put rewrites that position.
   */
  const writeWords = async (key: string, before: readonly string[], after: readonly string[]) => {
    for (const [i, word] of after.entries()) {
      if (before[i] === word) continue;
      await writeEntity(PERSON_WORD_ENTITY, ENTITY_KEYS.personWord(key, i), {
        schemaVersion: 1,
        word,
        personKey: key,
      });
    }
    for (let i = after.length; i < before.length; i += 1)
      await deleteEntity(PERSON_WORD_ENTITY, ENTITY_KEYS.personWord(key, i));
  };

  return {
    async get(key) {
      const record = await read(key);
      return record === null ? null : { emailKey: record.emailKey as PersonKey, accounts: record.accounts };
    },

    async getMany(keys) {
      const unique = [...new Set(keys)];
      const found = await getEntities(PERSON_ENTITY, unique.map(ENTITY_KEYS.person), PersonRecordSchema);
      const out = new Map<PersonKey, Person>();
      for (const key of unique) {
        const record = found.get(ENTITY_KEYS.person(key));
        if (record !== undefined) out.set(key, { emailKey: key, accounts: record.accounts });
      }
      return out;
    },

    async evaluatedAtOf(key) {
      return (await read(key))?.evaluatedAt ?? null;
    },

    async keyOfAccount(accountId) {
      const pointer = await readValue(KEYS.accountPerson(accountId), AccountPersonRecordSchema);
      return pointer === null ? null : (pointer.personKey as PersonKey);
    },

    async put(person) {
      const previous = await read(person.emailKey);
      const record = PersonRecordSchema.parse(toRecord(person, clock.now()));
      await writeWords(person.emailKey, previous?.searchWords ?? [], record.searchWords);
      await writeEntity(PERSON_ENTITY, ENTITY_KEYS.person(person.emailKey), record);
      const ids = new Set(person.accounts.map((a) => a.accountId));
      await setMany(
        [...ids].map((accountId) => ({
          key: KEYS.accountPerson(accountId),
          value: { schemaVersion: 1, accountId, personKey: person.emailKey },
        })),
      );
      if (previous !== null) {
        await dropPointers(
          person.emailKey,
          previous.accounts.map((a) => a.accountId),
          ids,
        );
      }
    },

    async remove(key) {
      const previous = await read(key);
      if (previous === null) return;
      await dropPointers(
        key,
        previous.accounts.map((a) => a.accountId),
        new Set(),
      );
      await writeWords(key, previous.searchWords, []);
      await deleteEntity(PERSON_ENTITY, ENTITY_KEYS.person(key));
    },

    async findByWordPrefix(prefix, max) {
      const seen = new Set<string>();
      const rows = await queryEntityCollect(
        { entity: PERSON_WORD_ENTITY, index: 'by-word', where: WhereConditions.beginsWith(prefix) },
        PersonWordRecordSchema,
        (row) => {
          if (seen.has(row.value.personKey)) return false;
          seen.add(row.value.personKey);
          return true;
        },
        max + 1,
      );
      const keys = rows.slice(0, max).map((r) => r.value.personKey as PersonKey);
      return { keys, more: rows.length > max };
    },

    async keys(page): Promise<Page<PersonKey>> {
      const limit = Math.max(1, Math.min(99, page.limit));
      const rows = await queryEntityPage(
        {
          entity: PERSON_ENTITY,
          index: 'emailKey',
          ...(page.cursor === null ? {} : { where: WhereConditions.greaterThan(page.cursor) }),
          sort: 'ASC',
          limit: limit + 1,
        },
        PersonRecordSchema,
      );
      const items = rows.slice(0, limit).map((r) => r.value.emailKey as PersonKey);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > limit && last !== undefined ? last : null };
    },
  };
};
