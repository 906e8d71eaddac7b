/**
 * In-process emulation of Forge hosted storage (KVS, secrets, Custom Entity Store, transactions) behind the
 * exact wire contract @forge/kvs 1.6.5 speaks (`storage-api.js`): POST /api/v1/{get,set,delete,query},
 * /batch/{get,set,delete}, /secret/{get,set,delete}, /entity/{get,set,delete,query}, /transaction, JSON
 * bodies, `{code, message}` errors. Time (TTL, createdAt/updatedAt) comes from the virtual clock. With a
 * file path, every mutation is persisted atomically (temp file + rename) so `npm start` survives a restart.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { VirtualClock } from '../clock/virtual-clock';
import {
  filterList,
  filtersSchema,
  matches,
  matchesFilters,
  rangeSchema,
  type Filters,
} from './kvs-conditions';
import { KvsWireError } from './kvs-errors';
import type { EntityDef, EntityIndexDef } from './manifest';

export const KVS_LIMITS = {
  maxValueBytes: 240 * 1024,
  maxKeyLength: 500,
  maxDepth: 32,
  maxPage: 100,
  defaultPage: 10,
  maxBatch: 25,
  maxTransactionOps: 25,
  maxTransactionBytes: 4 * 1024 * 1024,
  maxTtlMs: 365 * 86_400_000,
} as const;
// The documented key regex, verbatim (without the `u` flag `\s-#` is "\s, '-' or '#'", as in Forge's docs).
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;

interface StoredItem {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expireAt?: number;
}
type Namespace = Map<string, StoredItem>;

const storedItemSchema = z.object({
  value: z.unknown(),
  createdAt: z.number(),
  updatedAt: z.number(),
  expireAt: z.number().optional(),
});
const persistedSchema = z.object({
  version: z.literal(1),
  kv: z.record(z.string(), storedItemSchema),
  secret: z.record(z.string(), storedItemSchema),
  entities: z.record(z.string(), z.record(z.string(), storedItemSchema)),
});

const metadataFields = z.array(z.enum(['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME'])).optional();
const ttlSchema = z.object({
  value: z.number().positive(),
  unit: z.enum(['SECONDS', 'MINUTES', 'HOURS', 'DAYS']),
});
const setOptionsSchema = z
  .object({
    ttl: ttlSchema.optional(),
    keyPolicy: z.enum(['OVERRIDE', 'FAIL_IF_EXISTS']).optional(),
    returnValue: z.enum(['PREVIOUS', 'LATEST']).optional(),
    returnMetadataFields: metadataFields,
  })
  .optional();
const getBody = z.object({ key: z.string(), options: z.object({ metadataFields }).optional() });
const setBody = z.object({ key: z.string(), value: z.unknown(), options: setOptionsSchema });
const deleteBody = z.object({ key: z.string() });
const entityGetBody = getBody.extend({ entityName: z.string() });
const entitySetBody = setBody.extend({ entityName: z.string() });
const entityDeleteBody = deleteBody.extend({ entityName: z.string() });
const queryBody = z.object({
  limit: z.number().int().optional(),
  after: z.string().optional(),
  where: z
    .array(
      z.object({
        property: z.literal('key'),
        condition: z.literal('BEGINS_WITH'),
        values: z.array(z.unknown()).length(1),
      }),
    )
    .max(1)
    .optional(),
  options: z.object({ metadataFields }).optional(),
});
const entityQueryBody = z.object({
  entityName: z.string(),
  indexName: z.string(),
  partition: z.array(z.unknown()).optional(),
  range: rangeSchema.optional(),
  filters: filtersSchema.optional(),
  sort: z.enum(['ASC', 'DESC']).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().optional(),
  options: z.object({ metadataFields }).optional(),
});
const batchSetBody = z.array(
  z.object({
    entityName: z.string().optional(),
    key: z.string(),
    value: z.unknown(),
    options: z.object({ ttl: ttlSchema.optional() }).optional(),
  }),
);
const batchGetBody = z.array(
  z.object({
    entityName: z.string().optional(),
    key: z.string(),
    options: z.object({ metadataFields }).optional(),
  }),
);
const batchDeleteBody = z.array(z.object({ entityName: z.string().optional(), key: z.string() }));
const transactionBody = z.object({
  set: z
    .array(
      z.object({
        key: z.string(),
        value: z.unknown(),
        entityName: z.string().optional(),
        conditions: filtersSchema.optional(),
        options: z.object({ ttl: ttlSchema.optional() }).optional(),
      }),
    )
    .optional(),
  delete: z
    .array(
      z.object({ key: z.string(), entityName: z.string().optional(), conditions: filtersSchema.optional() }),
    )
    .optional(),
  check: z
    .array(z.object({ key: z.string(), entityName: z.string().optional(), conditions: filtersSchema }))
    .optional(),
});

export interface KvsResponse {
  status: number;
  /** JSON body; `undefined` = empty body. */
  body?: unknown;
}

const TTL_UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success)
    throw new KvsWireError(400, 'INVALID_REQUEST', `Invalid request body: ${z.prettifyError(r.error)}`);
  return r.data;
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let max = 0;
  for (const v of Object.values(value)) max = Math.max(max, depthOf(v));
  return max + 1;
}

const encodeCursor = (o: unknown): string => Buffer.from(JSON.stringify(o), 'utf8').toString('base64url');
function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new KvsWireError(400, 'INVALID_CURSOR', 'The cursor is invalid.');
  }
}

/** An index row: its sort value (the range attribute, or the key when the index has none) and its key. */
interface IndexEntry {
  readonly s: string | number;
  readonly k: string;
}
/** One declared index of one entity, kept sorted per partition as Forge's indexes are (built on first query). */
interface SortedIndex {
  readonly def: EntityIndexDef;
  /** Partition values (JSON) → entries sorted by (sort value, key). */
  readonly partitions: Map<string, IndexEntry[]>;
}

/** Numbers before strings, then by value, then by key (the order `indexRows` used to sort into). */
const compareSort = (a: string | number, b: string | number): number => {
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};
const compareEntry = (a: IndexEntry, b: IndexEntry): number =>
  compareSort(a.s, b.s) || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);
/** First position in sorted `rows` where `probe` stops answering "before" (negative). */
const lowerBound = (rows: readonly IndexEntry[], probe: (e: IndexEntry) => number): number => {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (probe(rows[mid] as IndexEntry) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const sortable = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

export interface KvsEmulatorOptions {
  clock: VirtualClock;
  entities: Map<string, EntityDef>;
  file?: string;
}

export class KvsEmulator {
  private readonly kv: Namespace = new Map();
  private readonly secret: Namespace = new Map();
  private readonly entityData = new Map<string, Namespace>();
  /** Entity namespace → its name, so every write and delete keeps that entity's built indexes in step. */
  private readonly entityOf = new WeakMap<Namespace, string>();
  /** Entity name → index name → sorted index (built on the first query of that index, then maintained). */
  private readonly sortedIndexes = new Map<string, Map<string, SortedIndex>>();
  private readonly clock: VirtualClock;
  private readonly entities: Map<string, EntityDef>;
  private readonly file: string | undefined;

  constructor(options: KvsEmulatorOptions) {
    this.clock = options.clock;
    this.entities = options.entities;
    this.file = options.file;
    if (this.file && existsSync(this.file)) this.load(this.file);
  }

  /** Storage calls handled so far, per endpoint path (benchmarks read it through `opStats()`). */
  private readonly opCounts = new Map<string, number>();
  /** Custom Entity Store rows returned so far: index query rows plus entity gets (single and batched). */
  private entityRowsRead = 0;

  /** Handles one storage call as the Forge storage service would. */
  handle(path: string, body: unknown): KvsResponse {
    this.opCounts.set(path, (this.opCounts.get(path) ?? 0) + 1);
    try {
      return this.route(path, body);
    } catch (e) {
      if (e instanceof KvsWireError) return { status: e.status, body: e.toBody() };
      throw e;
    }
  }

  // ---------- inspection (tests, npm start) ----------
  /** Storage calls handled since creation (one per SDK request; a batch or transaction counts once). */
  opStats(): { total: number; byPath: Record<string, number>; entityRowsRead: number } {
    const byPath = Object.fromEntries([...this.opCounts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
    return {
      total: [...this.opCounts.values()].reduce((sum, n) => sum + n, 0),
      byPath,
      entityRowsRead: this.entityRowsRead,
    };
  }

  get(key: string): unknown {
    return this.live(this.kv, key)?.value;
  }
  getSecret(key: string): unknown {
    return this.live(this.secret, key)?.value;
  }
  getEntity(entityName: string, key: string): unknown {
    const ns = this.entityData.get(entityName);
    return ns ? this.live(ns, key)?.value : undefined;
  }
  keys(): string[] {
    return [...this.kv.keys()].filter((k) => this.live(this.kv, k)).sort();
  }
  entityKeys(entityName: string): string[] {
    const ns = this.entityData.get(entityName);
    return ns ? [...ns.keys()].filter((k) => this.live(ns, k)).sort() : [];
  }
  snapshot(): z.infer<typeof persistedSchema> {
    const dump = (ns: Namespace): Record<string, StoredItem> =>
      Object.fromEntries([...ns.entries()].filter(([k]) => this.live(ns, k)));
    return {
      version: 1,
      kv: dump(this.kv),
      secret: dump(this.secret),
      entities: Object.fromEntries([...this.entityData.entries()].map(([name, ns]) => [name, dump(ns)])),
    };
  }

  // ---------- routing ----------
  private route(path: string, body: unknown): KvsResponse {
    switch (path) {
      case '/api/v1/get':
        return this.doGet(this.kv, parse(getBody, body));
      case '/api/v1/set':
        return this.doSet(this.kv, parse(setBody, body), undefined);
      case '/api/v1/delete':
        return this.doDelete(this.kv, parse(deleteBody, body).key);
      case '/api/v1/query':
        return this.doQuery(parse(queryBody, body));
      case '/api/v1/secret/get':
        return this.doGet(this.secret, parse(getBody, body));
      case '/api/v1/secret/set':
        return this.doSet(this.secret, parse(setBody, body), undefined);
      case '/api/v1/secret/delete':
        return this.doDelete(this.secret, parse(deleteBody, body).key);
      case '/api/v1/entity/get': {
        const b = parse(entityGetBody, body);
        const got = this.doGet(this.entityNs(b.entityName), b);
        this.entityRowsRead += 1;
        return got;
      }
      case '/api/v1/entity/set': {
        const b = parse(entitySetBody, body);
        return this.doSet(this.entityNs(b.entityName), b, this.entityDef(b.entityName));
      }
      case '/api/v1/entity/delete': {
        const b = parse(entityDeleteBody, body);
        return this.doDelete(this.entityNs(b.entityName), b.key);
      }
      case '/api/v1/entity/query':
        return this.doEntityQuery(parse(entityQueryBody, body));
      case '/api/v1/batch/set':
        return this.doBatchSet(parse(batchSetBody, body));
      case '/api/v1/batch/get':
        return this.doBatchGet(parse(batchGetBody, body));
      case '/api/v1/batch/delete':
        return this.doBatchDelete(parse(batchDeleteBody, body));
      case '/api/v1/transaction':
        return this.doTransaction(parse(transactionBody, body));
      default:
        throw new KvsWireError(404, 'NOT_FOUND', `The local storage service has no endpoint ${path}`);
    }
  }

  // ---------- primitives ----------
  private live(ns: Namespace, key: string): StoredItem | undefined {
    const item = ns.get(key);
    if (item?.expireAt !== undefined && item.expireAt <= this.clock.now()) {
      this.remove(ns, key);
      return undefined;
    }
    return item;
  }

  private checkKey(key: string): void {
    if (key.length === 0) throw new KvsWireError(400, 'EMPTY_KEY', 'Key cannot be empty.');
    if (key.length > KVS_LIMITS.maxKeyLength)
      throw new KvsWireError(
        400,
        'KEY_TOO_LONG',
        'The provided key has exceeded the maximum 500 characters.',
      );
    if (!KEY_PATTERN.test(key)) {
      throw new KvsWireError(
        400,
        'INVALID_KEY',
        'The provided key does not match the regex: /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/',
      );
    }
  }

  private checkValue(value: unknown): number {
    if (value === undefined) throw new KvsWireError(400, 'INVALID_REQUEST', 'A value is required.');
    const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (bytes > KVS_LIMITS.maxValueBytes)
      throw new KvsWireError(400, 'MAX_SIZE', 'The provided value has exceeded the maximum size limit.');
    if (depthOf(value) > KVS_LIMITS.maxDepth)
      throw new KvsWireError(
        400,
        'MAX_DEPTH',
        'The provided value has exceeded the maximum object depth (32) limit.',
      );
    return bytes;
  }

  private ttlMs(ttl: z.infer<typeof ttlSchema> | undefined): number | undefined {
    if (!ttl) return undefined;
    const ms = ttl.value * TTL_UNIT_MS[ttl.unit];
    if (ms > KVS_LIMITS.maxTtlMs) throw new KvsWireError(400, 'INVALID_TTL', 'The TTL cannot exceed 1 year.');
    return ms;
  }

  private entityDef(entityName: string): EntityDef {
    if (entityName.length < 3)
      throw new KvsWireError(
        400,
        'ENTITY_TYPE_TOO_SHORT',
        'The provided key needs to be more than 3 characters.',
      );
    if (entityName.length > 60)
      throw new KvsWireError(
        400,
        'ENTITY_TYPE_TOO_LARGE',
        'The provided key has exceeded the maximum 60 characters.',
      );
    const def = this.entities.get(entityName);
    if (!def)
      throw new KvsWireError(
        400,
        'INVALID_ENTITY_TYPE',
        `Entity '${entityName}' is not declared in manifest.yml app.storage.entities.`,
      );
    return def;
  }

  private entityNs(entityName: string): Namespace {
    this.entityDef(entityName);
    let ns = this.entityData.get(entityName);
    if (!ns) {
      ns = new Map();
      this.entityData.set(entityName, ns);
      this.entityOf.set(ns, entityName);
    }
    return ns;
  }

  private checkEntityValue(def: EntityDef, value: unknown): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new KvsWireError(
        400,
        'INVALID_ENTITY_VALUE',
        `Entity '${def.name}' values must be objects of declared attributes.`,
      );
    }
    for (const [attribute, v] of Object.entries(value)) {
      const type = def.attributes[attribute];
      if (type === undefined) {
        throw new KvsWireError(
          400,
          'INVALID_ENTITY_VALUE',
          `Attribute '${attribute}' is not declared for entity '${def.name}'.`,
        );
      }
      const ok =
        type === 'any' ||
        (type === 'string' && typeof v === 'string') ||
        (type === 'boolean' && typeof v === 'boolean') ||
        (type === 'integer' &&
          Number.isInteger(v) &&
          (v as number) >= -2_147_483_648 &&
          (v as number) <= 2_147_483_647) ||
        (type === 'float' && typeof v === 'number' && Number.isFinite(v));
      if (!ok) {
        throw new KvsWireError(
          400,
          'INVALID_ENTITY_VALUE',
          `Attribute '${attribute}' of entity '${def.name}' must be of type ${type}.`,
        );
      }
    }
  }

  private itemBody(
    key: string,
    item: StoredItem,
    fields: readonly string[] | undefined,
    always = false,
  ): Record<string, unknown> {
    const body: Record<string, unknown> = { key, value: item.value };
    if (always || fields?.includes('CREATED_AT')) body.createdAt = item.createdAt;
    if (always || fields?.includes('UPDATED_AT')) body.updatedAt = item.updatedAt;
    if ((always || fields?.includes('EXPIRE_TIME')) && item.expireAt !== undefined)
      body.expireTime = new Date(item.expireAt).toISOString();
    return body;
  }

  private write(
    ns: Namespace,
    key: string,
    value: unknown,
    ttlMs: number | undefined,
  ): { previous?: StoredItem; latest: StoredItem } {
    const now = this.clock.now();
    const previous = this.live(ns, key);
    const latest: StoredItem = {
      value: structuredClone(value),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
      ...(ttlMs !== undefined ? { expireAt: now + ttlMs } : {}),
    };
    ns.set(key, latest);
    this.reindex(ns, key, previous, latest);
    return previous ? { previous, latest } : { latest };
  }

  // ---------- operations ----------
  private doGet(ns: Namespace, b: z.infer<typeof getBody>): KvsResponse {
    this.checkKey(b.key);
    const item = this.live(ns, b.key);
    if (!item) throw new KvsWireError(404, 'KEY_NOT_FOUND', `Key '${b.key}' was not found.`);
    return { status: 200, body: this.itemBody(b.key, item, undefined, true) };
  }

  private doSet(ns: Namespace, b: z.infer<typeof setBody>, entity: EntityDef | undefined): KvsResponse {
    this.checkKey(b.key);
    this.checkValue(b.value);
    if (entity) this.checkEntityValue(entity, b.value);
    const ttlMs = this.ttlMs(b.options?.ttl);
    if (b.options?.keyPolicy === 'FAIL_IF_EXISTS' && this.live(ns, b.key)) {
      throw new KvsWireError(409, 'KEY_CONFLICT', `Key '${b.key}' already exists.`);
    }
    const { previous, latest } = this.write(ns, b.key, b.value, ttlMs);
    this.persist();
    if (b.options?.returnValue === 'PREVIOUS')
      return previous
        ? { status: 200, body: this.itemBody(b.key, previous, undefined, true) }
        : { status: 200 };
    if (b.options?.returnValue === 'LATEST')
      return { status: 200, body: this.itemBody(b.key, latest, undefined, true) };
    return { status: 200 };
  }

  private doDelete(ns: Namespace, key: string): KvsResponse {
    this.checkKey(key);
    if (!this.live(ns, key)) throw new KvsWireError(404, 'KEY_NOT_FOUND', `Key '${key}' was not found.`);
    this.remove(ns, key);
    this.persist();
    return { status: 204 };
  }

  private pageLimit(limit: number | undefined, code: string): number {
    const n = limit ?? KVS_LIMITS.defaultPage;
    if (n < 1 || n > KVS_LIMITS.maxPage)
      throw new KvsWireError(400, code, 'The page limit must be set between 1 and 100.');
    return n;
  }

  private doQuery(b: z.infer<typeof queryBody>): KvsResponse {
    const limit = this.pageLimit(b.limit, 'QUERY_PAGE_LIMIT_NOT_IN_RANGE');
    const prefix = b.where?.[0]?.values[0];
    if (prefix !== undefined && typeof prefix !== 'string')
      throw new KvsWireError(400, 'INVALID_REQUEST', 'beginsWith takes a string.');
    const after = b.after === undefined ? undefined : decodeCursor(b.after, z.object({ k: z.string() })).k;
    const keys = [...this.kv.keys()]
      .filter(
        (k) =>
          (prefix === undefined || k.startsWith(prefix)) &&
          (after === undefined || k > after) &&
          this.live(this.kv, k),
      )
      .sort();
    const page = keys.slice(0, limit);
    const data = page.map((k) => this.itemBody(k, this.kv.get(k) as StoredItem, b.options?.metadataFields));
    const last = page.at(-1);
    return {
      status: 200,
      body: {
        data,
        ...(keys.length > limit && last !== undefined ? { cursor: encodeCursor({ k: last }) } : {}),
      },
    };
  }

  private doEntityQuery(b: z.infer<typeof entityQueryBody>): KvsResponse {
    const def = this.entityDef(b.entityName);
    const index = def.indexes.get(b.indexName);
    if (!index)
      throw new KvsWireError(
        400,
        'INVALID_ENTITY_INDEX',
        `Entity '${def.name}' has no index '${b.indexName}'.`,
      );
    const limit = this.pageLimit(b.limit, 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE');
    const partition = b.partition ?? [];
    if (partition.length !== index.partition.length) {
      throw new KvsWireError(
        400,
        'INVALID_PARTITION',
        `Index '${index.name}' is partitioned by [${index.partition.join(', ')}]; the query gave ${partition.length} partition value(s).`,
      );
    }
    if (b.range && !index.range)
      throw new KvsWireError(400, 'INVALID_ENTITY_INDEX', `Index '${index.name}' has no range attribute.`);
    if (b.filters) filterList(b.filters);
    const ns = this.entityNs(def.name);
    const rows = this.indexSlice(ns, index, partition, b.range);
    const desc = b.sort === 'DESC';
    const now = this.clock.now();
    const liveAt = (i: number): StoredItem | undefined => {
      const entry = rows.entries[i] as IndexEntry;
      const item = ns.get(entry.k);
      return item === undefined || (item.expireAt !== undefined && item.expireAt <= now) ? undefined : item;
    };
    // Positions in query order: ASC walks lo → hi, DESC walks hi → lo.
    const at = (n: number): number => (desc ? rows.hi - 1 - n : rows.lo + n);
    const size = rows.hi - rows.lo;
    let start = 0;
    if (b.cursor !== undefined) {
      const c = decodeCursor(b.cursor, z.object({ k: z.string(), i: z.string() }));
      if (c.i !== `${def.name}/${index.name}`)
        throw new KvsWireError(400, 'INVALID_CURSOR', 'The cursor belongs to another index.');
      // Resume after the cursor's row where it stands now; the row was deleted meanwhile (or left this range):
      // cursors are not stable (documented), the listing ends.
      const entry = this.entryOf(ns, index, c.k);
      const pos = entry === undefined ? -1 : lowerBound(rows.entries, (e) => compareEntry(e, entry));
      const found = entry !== undefined && pos >= rows.lo && pos < rows.hi && rows.entries[pos]?.k === c.k;
      start = !found ? size : desc ? rows.hi - pos : pos - rows.lo + 1;
    }
    // Forge applies `limit` to the index read and `filters` afterwards: a page may be short (even empty) while a
    // cursor is still returned. Apps must follow the cursor, never stop on a short page.
    const scanned: { key: string; item: StoredItem }[] = [];
    let n = start;
    for (; n < size && scanned.length < limit; n += 1) {
      const i = at(n);
      const item = liveAt(i);
      const entry = rows.entries[i] as IndexEntry;
      if (item === undefined || (b.range && !matches(entry.s, b.range.condition, b.range.values))) continue;
      scanned.push({ key: entry.k, item });
    }
    let more = false;
    for (; n < size && !more; n += 1) {
      const entry = rows.entries[at(n)] as IndexEntry;
      more = liveAt(at(n)) !== undefined && (!b.range || matches(entry.s, b.range.condition, b.range.values));
    }
    const data = scanned
      .filter((r) => (b.filters ? matchesFilters(r.item.value as Record<string, unknown>, b.filters) : true))
      .map((r) => this.itemBody(r.key, r.item, b.options?.metadataFields));
    this.entityRowsRead += scanned.length;
    const last = scanned.at(-1);
    return {
      status: 200,
      body: {
        data,
        ...(more && last ? { cursor: encodeCursor({ k: last.key, i: `${def.name}/${index.name}` }) } : {}),
      },
    };
  }

  // ---------- sorted indexes ----------
  /** The index entry a stored value has (undefined: the value is not in the index, sparse as on Forge). */
  private static entryFor(
    index: EntityIndexDef,
    key: string,
    value: unknown,
  ): { p: string; e: IndexEntry } | undefined {
    const record = value as Record<string, unknown>;
    const parts: unknown[] = [];
    for (const attribute of index.partition) {
      const v = record[attribute];
      if (v === undefined) return undefined;
      parts.push(v);
    }
    const s = index.range === undefined ? key : record[index.range];
    if (s === undefined || !sortable(s)) return undefined;
    return { p: JSON.stringify(parts), e: { s, k: key } };
  }

  private entryOf(ns: Namespace, index: EntityIndexDef, key: string): IndexEntry | undefined {
    const item = ns.get(key);
    return item === undefined ? undefined : KvsEmulator.entryFor(index, key, item.value)?.e;
  }

  private sortedIndex(ns: Namespace, entity: string, index: EntityIndexDef): SortedIndex {
    let byName = this.sortedIndexes.get(entity);
    if (byName === undefined) {
      byName = new Map();
      this.sortedIndexes.set(entity, byName);
    }
    let built = byName.get(index.name);
    if (built === undefined) {
      built = { def: index, partitions: new Map() };
      for (const [key, item] of ns) {
        const at = KvsEmulator.entryFor(index, key, item.value);
        if (at === undefined) continue;
        const list = built.partitions.get(at.p);
        if (list === undefined) built.partitions.set(at.p, [at.e]);
        else list.push(at.e);
      }
      for (const list of built.partitions.values()) list.sort(compareEntry);
      byName.set(index.name, built);
    }
    return built;
  }

  /** The partition's sorted entries and the [lo, hi) positions the range condition can match. */
  private indexSlice(
    ns: Namespace,
    index: EntityIndexDef,
    partition: unknown[],
    range: z.infer<typeof rangeSchema> | undefined,
  ): { entries: readonly IndexEntry[]; lo: number; hi: number } {
    const entity = this.entityOf.get(ns) as string;
    const entries = this.sortedIndex(ns, entity, index).partitions.get(JSON.stringify(partition)) ?? [];
    if (range === undefined) return { entries, lo: 0, hi: entries.length };
    const [first, second] = range.values;
    if (!sortable(first)) return { entries, lo: 0, hi: entries.length }; // rows are checked one by one
    const atLeast = (v: string | number): number =>
      lowerBound(entries, (e) => (compareSort(e.s, v) < 0 ? -1 : 0));
    const above = (v: string | number): number =>
      lowerBound(entries, (e) => (compareSort(e.s, v) <= 0 ? -1 : 0));
    switch (range.condition) {
      case 'GREATER_THAN':
        return { entries, lo: above(first), hi: entries.length };
      case 'GREATER_THAN_EQUAL_TO':
        return { entries, lo: atLeast(first), hi: entries.length };
      case 'LESS_THAN':
        return { entries, lo: 0, hi: atLeast(first) };
      case 'LESS_THAN_EQUAL_TO':
        return { entries, lo: 0, hi: above(first) };
      case 'EQUAL_TO':
        return { entries, lo: atLeast(first), hi: above(first) };
      case 'BETWEEN':
        return sortable(second)
          ? { entries, lo: atLeast(first), hi: Math.max(atLeast(first), above(second)) }
          : { entries, lo: 0, hi: 0 };
      case 'BEGINS_WITH':
        // Strings with the prefix sort contiguously from the prefix itself; the rows are checked one by one.
        return { entries, lo: typeof first === 'string' ? atLeast(first) : 0, hi: entries.length };
    }
  }

  /** Keep the built indexes of an entity in step with one key's change (`latest` undefined: removed). */
  private reindex(
    ns: Namespace,
    key: string,
    previous: StoredItem | undefined,
    latest: StoredItem | undefined,
  ): void {
    const entity = this.entityOf.get(ns);
    const byName = entity === undefined ? undefined : this.sortedIndexes.get(entity);
    if (byName === undefined) return;
    for (const built of byName.values()) {
      const before =
        previous === undefined ? undefined : KvsEmulator.entryFor(built.def, key, previous.value);
      const after = latest === undefined ? undefined : KvsEmulator.entryFor(built.def, key, latest.value);
      if (before !== undefined) {
        const list = built.partitions.get(before.p);
        if (list !== undefined) {
          const pos = lowerBound(list, (e) => compareEntry(e, before.e));
          if (list[pos]?.k === key) list.splice(pos, 1);
          if (list.length === 0) built.partitions.delete(before.p);
        }
      }
      if (after !== undefined) {
        let list = built.partitions.get(after.p);
        if (list === undefined) {
          list = [];
          built.partitions.set(after.p, list);
        }
        list.splice(
          lowerBound(list, (e) => compareEntry(e, after.e)),
          0,
          after.e,
        );
      }
    }
  }

  private remove(ns: Namespace, key: string): void {
    const previous = ns.get(key);
    if (previous === undefined) return;
    ns.delete(key);
    this.reindex(ns, key, previous, undefined);
  }

  private batchNs(entityName: string | undefined): { ns: Namespace; def?: EntityDef } {
    if (entityName === undefined) return { ns: this.kv };
    return { ns: this.entityNs(entityName), def: this.entityDef(entityName) };
  }

  private checkBatch(n: number): void {
    if (n === 0 || n > KVS_LIMITS.maxBatch)
      throw new KvsWireError(400, 'INVALID_BATCH_SIZE', 'A batch holds between 1 and 25 items.');
  }

  /**
   * Forge's batch semantics: best effort per key. A key that fails with a wire error (bad key, too large, not
   * found…) is reported in `failedKeys` with its error body; the other keys still succeed.
   */
  private batch<T extends { key: string; entityName?: string | undefined }>(
    items: readonly T[],
    perKey: (item: T, id: { key: string; entityName?: string }) => unknown,
  ): { successfulKeys: unknown[]; failedKeys: unknown[] } {
    this.checkBatch(items.length);
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const it of items) {
      const id = { key: it.key, ...(it.entityName !== undefined ? { entityName: it.entityName } : {}) };
      try {
        this.checkKey(it.key);
        successfulKeys.push(perKey(it, id));
      } catch (e) {
        if (!(e instanceof KvsWireError)) throw e;
        failedKeys.push({ ...id, error: e.toBody() });
      }
    }
    return { successfulKeys, failedKeys };
  }

  private doBatchSet(items: z.infer<typeof batchSetBody>): KvsResponse {
    const body = this.batch(items, (it, id) => {
      this.checkValue(it.value);
      const { ns, def } = this.batchNs(it.entityName);
      if (def) this.checkEntityValue(def, it.value);
      this.write(ns, it.key, it.value, this.ttlMs(it.options?.ttl));
      return id;
    });
    this.persist();
    return { status: 200, body };
  }

  private doBatchGet(items: z.infer<typeof batchGetBody>): KvsResponse {
    const body = this.batch(items, (it, id) => {
      const item = this.live(this.batchNs(it.entityName).ns, it.key);
      if (!item) throw new KvsWireError(404, 'KEY_NOT_FOUND', `Key '${it.key}' was not found.`);
      if (it.entityName !== undefined) this.entityRowsRead += 1;
      return { ...this.itemBody(it.key, item, it.options?.metadataFields), ...id };
    });
    return { status: 200, body };
  }

  private doBatchDelete(items: z.infer<typeof batchDeleteBody>): KvsResponse {
    const body = this.batch(items, (it, id) => {
      this.remove(this.batchNs(it.entityName).ns, it.key);
      return id;
    });
    this.persist();
    return { status: 200, body };
  }

  private doTransaction(b: z.infer<typeof transactionBody>): KvsResponse {
    const sets = b.set ?? [];
    const deletes = b.delete ?? [];
    const checks = b.check ?? [];
    const total = sets.length + deletes.length + checks.length;
    if (total === 0 || total > KVS_LIMITS.maxTransactionOps) {
      throw new KvsWireError(400, 'INVALID_TRANSACTION', 'A transaction holds between 1 and 25 operations.');
    }
    if (Buffer.byteLength(JSON.stringify(b), 'utf8') > KVS_LIMITS.maxTransactionBytes) {
      throw new KvsWireError(400, 'MAX_SIZE', 'A transaction cannot exceed 4 MB.');
    }
    const seen = new Set<string>();
    const target = (op: {
      key: string;
      entityName?: string | undefined;
      conditions?: Filters | undefined;
    }): { ns: Namespace; def?: EntityDef } => {
      this.checkKey(op.key);
      const id = `${op.entityName ?? ''}\u0000${op.key}`;
      if (seen.has(id))
        throw new KvsWireError(
          400,
          'DUPLICATE_KEYS',
          `Key '${op.key}' appears more than once in the transaction.`,
        );
      seen.add(id);
      if (op.conditions && op.entityName === undefined) {
        throw new KvsWireError(
          400,
          'INVALID_REQUEST',
          'Transaction conditions are only supported for custom entities.',
        );
      }
      return this.batchNs(op.entityName);
    };
    const conditionHolds = (ns: Namespace, op: { key: string; conditions?: Filters | undefined }): boolean =>
      op.conditions === undefined ||
      matchesFilters(this.live(ns, op.key)?.value as Record<string, unknown> | undefined, op.conditions);

    const plannedSets = sets.map((op) => {
      const t = target(op);
      this.checkValue(op.value);
      if (t.def) this.checkEntityValue(t.def, op.value);
      return { op, ns: t.ns, ttlMs: this.ttlMs(op.options?.ttl) };
    });
    const plannedDeletes = deletes.map((op) => ({ op, ns: target(op).ns }));
    const plannedChecks = checks.map((op) => ({ op, ns: target(op).ns }));
    const failed = [...plannedSets, ...plannedDeletes, ...plannedChecks].filter(
      ({ op, ns }) => !conditionHolds(ns, op),
    );
    if (failed.length > 0) {
      throw new KvsWireError(
        409,
        'CONDITIONAL_CHECK_FAILED',
        `Transaction cancelled: condition failed for key(s) ${failed.map(({ op }) => `'${op.key}'`).join(', ')}.`,
      );
    }
    for (const { op, ns, ttlMs } of plannedSets) this.write(ns, op.key, op.value, ttlMs);
    for (const { op, ns } of plannedDeletes) this.remove(ns, op.key);
    this.persist();
    return { status: 204 };
  }

  // ---------- persistence ----------
  private load(file: string): void {
    const parsed = persistedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new Error(`KVS file ${file} is not a local KVS snapshot: ${z.prettifyError(parsed.error)}`);
    for (const [k, v] of Object.entries(parsed.data.kv)) this.kv.set(k, v);
    for (const [k, v] of Object.entries(parsed.data.secret)) this.secret.set(k, v);
    for (const [name, items] of Object.entries(parsed.data.entities)) {
      const ns: Namespace = new Map(Object.entries(items));
      this.entityData.set(name, ns);
      this.entityOf.set(ns, name);
    }
  }

  private persist(): void {
    if (!this.file) return;
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.snapshot()));
    renameSync(temp, this.file);
  }
}
