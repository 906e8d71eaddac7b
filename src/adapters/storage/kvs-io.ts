/**
 * The only code that calls @forge/kvs: typed reads (every value parsed with its storage schema, rule 15),
 * writes, create-if-absent markers, prefix listings and entity index listings. Failures become StoreError.
 */
import { ForgeKvsAPIError, kvs, Sort, WhereConditions } from '@forge/kvs';
import type { z } from 'zod';
import { fromStoredEntity, toStoredEntity } from './entity-time';
import { StoreError } from './store-error';

/** KVS and entity queries return at most 100 results per page. */
const QUERY_PAGE = 100;

/** A range condition of an index query (what `WhereConditions` builds). */
export type EntityWhereClauses = ReturnType<(typeof WhereConditions)[keyof typeof WhereConditions]>;
/** Batch writes take at most 25 items. */
const BATCH = 25;

export type Ttl = { readonly value: number; readonly unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' };

const isCode = (error: unknown, code: string): boolean =>
  error instanceof ForgeKvsAPIError && error.code === code;

export const isConditionFailed = (error: unknown): boolean =>
  isCode(error, 'CONDITIONAL_CHECK_FAILED') || isCode(error, 'KEY_CONFLICT');

const parseStored = <S extends z.ZodType>(schema: S, key: string, value: unknown): z.output<S> => {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoreError('STORE.CORRUPT_VALUE', key, { cause: parsed.error });
  return parsed.data;
};

const reading = async <T>(key: string, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    throw new StoreError('STORE.READ_FAILED', key, { cause });
  }
};

const writing = async <T>(key: string, run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (cause) {
    throw new StoreError('STORE.WRITE_FAILED', key, { cause });
  }
};

export const readValue = <S extends z.ZodType>(key: string, schema: S): Promise<z.output<S> | null> =>
  reading(key, async () => {
    const value = await kvs.get<unknown>(key);
    return value === undefined ? null : parseStored(schema, key, value);
  });

export const writeValue = <T>(key: string, value: T, ttl?: Ttl): Promise<void> =>
  writing(key, () => (ttl === undefined ? kvs.set(key, value) : kvs.set(key, value, { ttl: { ...ttl } })));

export const deleteValue = (key: string): Promise<void> => writing(key, () => kvs.delete(key));

/** Create the key only if absent (FAIL_IF_EXISTS); false when it already existed. */
export const createIfAbsent = async <T>(key: string, value: T, ttl?: Ttl): Promise<boolean> => {
  try {
    await kvs.set(key, value, {
      keyPolicy: 'FAIL_IF_EXISTS',
      ...(ttl === undefined ? {} : { ttl: { ...ttl } }),
    });
    return true;
  } catch (cause) {
    if (isConditionFailed(cause)) return false;
    throw new StoreError('STORE.WRITE_FAILED', key, { cause });
  }
};

export interface Keyed<T> {
  readonly key: string;
  readonly value: T;
}

/** Every value whose key begins with the prefix, in key order, each parsed. */
export const listByPrefix = <S extends z.ZodType>(prefix: string, schema: S): Promise<Keyed<z.output<S>>[]> =>
  reading(prefix, async () => {
    const out: Keyed<z.output<S>>[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(QUERY_PAGE);
      if (cursor !== undefined) query = query.cursor(cursor);
      const page = await query.getMany<unknown>();
      for (const r of page.results) out.push({ key: r.key, value: parseStored(schema, r.key, r.value) });
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return out;
  });

export const setMany = async (items: readonly Keyed<unknown>[]): Promise<void> => {
  for (let i = 0; i < items.length; i += BATCH) {
    const chunk = items.slice(i, i + BATCH);
    const result = await writing(chunk[0]?.key ?? '', () =>
      kvs.batchSet(chunk.map((item) => ({ key: item.key, value: item.value }))),
    );
    const failed = result.failedKeys[0];
    if (failed !== undefined) throw new StoreError('STORE.WRITE_FAILED', failed.key);
  }
};

export const deleteMany = async (keys: readonly string[]): Promise<void> => {
  for (let i = 0; i < keys.length; i += BATCH) {
    const chunk = keys.slice(i, i + BATCH);
    const result = await writing(chunk[0] ?? '', () => kvs.batchDelete(chunk.map((key) => ({ key }))));
    const failed = result.failedKeys[0];
    if (failed !== undefined) throw new StoreError('STORE.WRITE_FAILED', failed.key);
  }
};

// ---------- Custom Entity Store ----------

export const readEntity = <S extends z.ZodType>(
  entity: string,
  key: string,
  schema: S,
): Promise<z.output<S> | null> =>
  reading(`${entity}/${key}`, async () => {
    const value = await kvs.entity<unknown>(entity).get(key);
    return value === undefined
      ? null
      : parseStored(schema, `${entity}/${key}`, fromStoredEntity(entity, value));
  });

export const writeEntity = <T>(entity: string, key: string, value: T): Promise<void> =>
  writing(`${entity}/${key}`, () => kvs.entity<T>(entity).set(key, toStoredEntity(entity, value)));

export const deleteEntity = (entity: string, key: string): Promise<void> =>
  writing(`${entity}/${key}`, () => kvs.entity<unknown>(entity).delete(key));

export interface IndexQuery {
  readonly entity: string;
  readonly index: string;
  readonly partition?: readonly (string | number)[];
  readonly where?: EntityWhereClauses;
  readonly sort?: 'ASC' | 'DESC';
  readonly limit?: number;
}

/** One page of an index query (no cursor kept across calls: callers resume with a `where` on the range). */
export const queryEntityPage = <S extends z.ZodType>(
  query: IndexQuery,
  schema: S,
): Promise<Keyed<z.output<S>>[]> =>
  reading(`${query.entity}#${query.index}`, async () => {
    const page = await buildQuery(query)
      .limit(query.limit ?? QUERY_PAGE)
      .getMany();
    return page.results.map((r) => ({
      key: r.key,
      value: parseStored(schema, r.key, fromStoredEntity(query.entity, r.value)),
    }));
  });

/**
 * Rows of an index query in index order, skipping rows until `accept` says yes for the first time is the
 * caller's business: this reads pages within this call until `want` accepted rows are collected or the
 * index is exhausted.
 */
export const queryEntityCollect = <S extends z.ZodType>(
  query: IndexQuery,
  schema: S,
  accept: (row: Keyed<z.output<S>>) => boolean,
  want: number,
): Promise<Keyed<z.output<S>>[]> =>
  reading(`${query.entity}#${query.index}`, async () => {
    const out: Keyed<z.output<S>>[] = [];
    let cursor: string | undefined;
    do {
      let builder = buildQuery(query).limit(QUERY_PAGE);
      if (cursor !== undefined) builder = builder.cursor(cursor);
      const page = await builder.getMany();
      for (const r of page.results) {
        const row = {
          key: r.key,
          value: parseStored(schema, r.key, fromStoredEntity(query.entity, r.value)),
        };
        if (accept(row)) out.push(row);
        if (out.length >= want) return out;
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return out;
  });

/** Values of the given keys (absent ones left out), read in batches of 25, each parsed. */
export const getMany = async <S extends z.ZodType>(
  keys: readonly string[],
  schema: S,
): Promise<Map<string, z.output<S>>> => {
  const out = new Map<string, z.output<S>>();
  for (let i = 0; i < keys.length; i += BATCH) {
    const chunk = keys.slice(i, i + BATCH);
    const result = await reading(chunk[0] ?? '', () => kvs.batchGet<unknown>(chunk.map((key) => ({ key }))));
    for (const item of result.successfulKeys) out.set(item.key, parseStored(schema, item.key, item.value));
    const failed = result.failedKeys.find((f) => f.error.code !== 'KEY_NOT_FOUND');
    if (failed !== undefined) throw new StoreError('STORE.READ_FAILED', failed.key);
  }
  return out;
};

/** Entity rows of the given keys (absent ones left out), read in batches of 25, each parsed. */
export const getEntities = async <S extends z.ZodType>(
  entity: string,
  keys: readonly string[],
  schema: S,
): Promise<Map<string, z.output<S>>> => {
  const out = new Map<string, z.output<S>>();
  for (let i = 0; i < keys.length; i += BATCH) {
    const chunk = keys.slice(i, i + BATCH);
    const result = await reading(`${entity}/${chunk[0] ?? ''}`, () =>
      kvs.batchGet<unknown>(chunk.map((key) => ({ entityName: entity, key }))),
    );
    for (const item of result.successfulKeys)
      out.set(item.key, parseStored(schema, `${entity}/${item.key}`, fromStoredEntity(entity, item.value)));
    const failed = result.failedKeys.find((f) => f.error.code !== 'KEY_NOT_FOUND');
    if (failed !== undefined) throw new StoreError('STORE.READ_FAILED', `${entity}/${failed.key}`);
  }
  return out;
};

const buildQuery = (query: IndexQuery) => {
  let builder = kvs
    .entity<unknown>(query.entity)
    .query()
    .index(query.index, query.partition === undefined ? undefined : { partition: [...query.partition] });
  if (query.where !== undefined) builder = builder.where(query.where);
  return builder.sort(query.sort === 'DESC' ? Sort.DESC : Sort.ASC);
};

export { kvs, WhereConditions };
