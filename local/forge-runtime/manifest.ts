/**
 * manifest.yml is the only list of what the app contains: functions, product-event triggers, scheduled
 * triggers, queue consumers, UI modules with resolvers, and Custom Entity Store entities. The runtime reads
 * it here (yaml + zod) and nowhere else, the way Forge's deployment pipeline does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const moduleKey = z.string().regex(/^[a-zA-Z0-9_-]+$/, 'module keys match ^[a-zA-Z0-9_-]+$');

const functionSchema = z.object({
  key: moduleKey,
  handler: z
    .string()
    .max(1024)
    .regex(/^[^.\s]+(\.[^.\s]+)*\.[A-Za-z_$][\w$]*$/, 'handler is "<file>.<export>"'),
  timeoutSeconds: z.number().int().min(1).max(900).optional(),
  runtime: z.object({ memoryMB: z.number().int().min(128).max(4096).optional() }).optional(),
});

const eventsFilterSchema = z.object({
  ignoreSelf: z.boolean().optional(),
  expression: z.string().optional(),
  onError: z.enum(['IGNORE_AND_LOG', 'IGNORE', 'RECEIVE', 'RECEIVE_AND_LOG']).optional(),
  appIsLicensed: z.boolean().optional(),
});
export type EventsFilter = z.infer<typeof eventsFilterSchema>;

const triggerSchema = z.object({
  key: moduleKey,
  function: moduleKey,
  events: z
    .array(
      z.union([
        z.string().min(1),
        z.object({ eventType: z.string().min(1), filter: eventsFilterSchema.optional() }),
      ]),
    )
    .min(1),
  filter: eventsFilterSchema.optional(),
});

export const SCHEDULE_INTERVALS = {
  fiveMinute: 5 * 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
} as const;
export type ScheduleInterval = keyof typeof SCHEDULE_INTERVALS;

const scheduledTriggerSchema = z.object({
  key: moduleKey,
  function: moduleKey,
  interval: z.enum(['fiveMinute', 'hour', 'day', 'week']),
});

const consumerSchema = z
  .object({
    key: moduleKey,
    queue: z
      .string()
      .max(36)
      .regex(/^[a-zA-Z0-9-_]+$/),
    function: moduleKey.optional(),
    resolver: z.object({ function: moduleKey, method: z.string().min(1) }).optional(),
  })
  .refine((c) => (c.function === undefined) !== (c.resolver === undefined), {
    message: 'a consumer names exactly one of function or resolver {function, method}',
  });

const attributeSchema = z.object({ type: z.enum(['string', 'integer', 'float', 'boolean', 'any']) });
const entitySchema = z.object({
  name: z
    .string()
    .min(3)
    .max(60)
    .regex(/^(?![_.-])(?!.*\.{2})[a-z0-9:\-_.]*(?<![.])$/),
  attributes: z.record(
    z
      .string()
      .regex(/^[_A-Za-z][_0-9A-Za-z]*$/)
      .max(64),
    attributeSchema,
  ),
  indexes: z
    .array(
      z.union([
        z.string(),
        z.object({
          name: z.string().min(1),
          partition: z.array(z.string()).min(1).optional(),
          range: z.array(z.string()).length(1).optional(),
        }),
      ]),
    )
    .max(7)
    .default([]),
});

/** Any module entry with `resolver.function` (UI modules such as jira:projectSettingsPage). */
const uiModuleSchema = z.looseObject({
  key: moduleKey,
  resolver: z.object({ function: moduleKey }).optional(),
});

const manifestSchema = z.object({
  modules: z.looseObject({
    function: z.array(functionSchema).default([]),
    trigger: z.array(triggerSchema).default([]),
    scheduledTrigger: z.array(scheduledTriggerSchema).max(5).default([]),
    consumer: z.array(consumerSchema).default([]),
  }),
  app: z.looseObject({
    id: z.string().regex(/^ari:cloud:ecosystem::app\/[^\s]+$/),
    runtime: z.looseObject({ name: z.string().optional(), memoryMB: z.number().int().optional() }).optional(),
    storage: z.object({ entities: z.array(entitySchema).max(20).default([]) }).optional(),
    // Forge "App compatibility": absent = single-app (installs in one Atlassian app only); present = one
    // `required: true` app plus optional ones (@forge/manifest 13.7.0 AppSchema.compatibility).
    compatibility: z
      .partialRecord(
        z.enum(['jira', 'confluence', 'compass', 'bitbucket']),
        z.object({ required: z.boolean().optional() }),
      )
      .optional(),
  }),
  // Forge manifest "Permissions", "Scopes": a list, or a map whose entries may say `allowImpersonation: true`
  // ("If your app needs to use offline user impersonation … specify the scopes as a map").
  permissions: z
    .looseObject({
      scopes: z
        .union([
          z.array(z.string()),
          z.record(z.string(), z.object({ allowImpersonation: z.boolean().optional() }).nullable()),
        ])
        .default([]),
    })
    .optional(),
});

export interface FunctionDef {
  key: string;
  /** Path of the handler file relative to `src/`, without extension (`index`, `handlers/run`). */
  file: string;
  exportName: string;
  handler: string;
  /** The time limit Forge applies: the lowest limit among every module that references the function. */
  timeLimitMs: number;
  memoryMB: number;
}

export interface TriggerDef {
  key: string;
  functionKey: string;
  events: { eventType: string; filter: EventsFilter }[];
}
export interface ScheduledTriggerDef {
  key: string;
  functionKey: string;
  interval: ScheduleInterval;
}
export interface ConsumerDef {
  key: string;
  queue: string;
  functionKey: string;
  /** Set for the 1.x `resolver: {function, method}` form: the event is dispatched to resolver.define(method). */
  resolverMethod?: string;
}
export interface ResolverModuleDef {
  moduleKey: string;
  moduleType: string;
  functionKey: string;
}
export interface EntityIndexDef {
  name: string;
  partition: string[];
  range?: string;
}
export interface EntityDef {
  name: string;
  attributes: Record<string, 'string' | 'integer' | 'float' | 'boolean' | 'any'>;
  indexes: Map<string, EntityIndexDef>;
}

export interface LoadedManifest {
  path: string;
  appAri: string;
  functions: Map<string, FunctionDef>;
  triggers: TriggerDef[];
  scheduledTriggers: ScheduledTriggerDef[];
  consumers: ConsumerDef[];
  resolverModules: Map<string, ResolverModuleDef>;
  /** Every module (any type) by key, with its type, for invocation contexts. */
  moduleTypes: Map<string, string>;
  entities: Map<string, EntityDef>;
  scopes: string[];
  /** Scopes declared with `allowImpersonation: true`: the only ones an `asUser(accountId)` token carries. */
  impersonationScopes: string[];
  /** `app.compatibility`'s Atlassian apps; undefined = single-app compatibility (Forge "App compatibility"). */
  compatibleProducts?: string[];
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

const UI_OR_GENERIC_LIMIT_MS = 25_000;
const ASYNC_DEFAULT_LIMIT_S = 55;

export function loadManifest(manifestPath: string): LoadedManifest {
  const raw: unknown = parseYaml(readFileSync(manifestPath, 'utf8'));
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ManifestError(
      `${manifestPath} is not a manifest the local runtime understands:\n${z.prettifyError(parsed.error)}`,
    );
  }
  const m = parsed.data;
  const modules = m.modules;

  const moduleTypes = new Map<string, string>();
  const resolverModules = new Map<string, ResolverModuleDef>();
  // Which module types reference each function: Forge applies the lowest limit among them.
  const referencedBy = new Map<string, Set<string>>();
  const reference = (functionKey: string, moduleType: string): void => {
    const set = referencedBy.get(functionKey) ?? new Set<string>();
    set.add(moduleType);
    referencedBy.set(functionKey, set);
  };

  for (const [moduleType, entries] of Object.entries(modules)) {
    if (moduleType === 'function' || !Array.isArray(entries)) continue;
    for (const entry of entries) {
      const ui = uiModuleSchema.safeParse(entry);
      if (!ui.success) continue;
      if (moduleTypes.has(ui.data.key)) throw new ManifestError(`duplicate module key '${ui.data.key}'`);
      moduleTypes.set(ui.data.key, moduleType);
      if (ui.data.resolver && !['consumer'].includes(moduleType)) {
        resolverModules.set(ui.data.key, {
          moduleKey: ui.data.key,
          moduleType,
          functionKey: ui.data.resolver.function,
        });
        reference(ui.data.resolver.function, moduleType);
      }
      const fn = (entry as { function?: unknown }).function;
      if (typeof fn === 'string') reference(fn, moduleType);
    }
  }
  for (const c of modules.consumer) if (c.resolver) reference(c.resolver.function, 'consumer');

  const functions = new Map<string, FunctionDef>();
  for (const f of modules.function) {
    if (functions.has(f.key)) throw new ManifestError(`duplicate function key '${f.key}'`);
    const dot = f.handler.lastIndexOf('.');
    const users = referencedBy.get(f.key) ?? new Set<string>();
    const limits = [...users].map((type) =>
      type === 'consumer' || type === 'scheduledTrigger'
        ? (f.timeoutSeconds ?? ASYNC_DEFAULT_LIMIT_S) * 1000
        : type === 'webtrigger'
          ? 55_000
          : UI_OR_GENERIC_LIMIT_MS,
    );
    functions.set(f.key, {
      key: f.key,
      file: f.handler.slice(0, dot),
      exportName: f.handler.slice(dot + 1),
      handler: f.handler,
      timeLimitMs: limits.length > 0 ? Math.min(...limits) : UI_OR_GENERIC_LIMIT_MS,
      memoryMB: f.runtime?.memoryMB ?? m.app.runtime?.memoryMB ?? 512,
    });
  }

  const requireFunction = (key: string, by: string): string => {
    if (!functions.has(key))
      throw new ManifestError(`${by} references undefined function module with key '${key}'`);
    return key;
  };
  for (const r of resolverModules.values()) requireFunction(r.functionKey, r.moduleKey);

  const triggers: TriggerDef[] = modules.trigger.map((t) => ({
    key: t.key,
    functionKey: requireFunction(t.function, t.key),
    events: t.events.map((e) =>
      typeof e === 'string'
        ? { eventType: e, filter: t.filter ?? {} }
        : { eventType: e.eventType, filter: { ...t.filter, ...e.filter } },
    ),
  }));
  const scheduledTriggers: ScheduledTriggerDef[] = modules.scheduledTrigger.map((s) => ({
    key: s.key,
    functionKey: requireFunction(s.function, s.key),
    interval: s.interval,
  }));
  if (scheduledTriggers.filter((s) => s.interval === 'fiveMinute').length > 1) {
    throw new ManifestError('only one scheduledTrigger may use interval fiveMinute');
  }
  const consumers: ConsumerDef[] = modules.consumer.map((c) =>
    c.resolver
      ? {
          key: c.key,
          queue: c.queue,
          functionKey: requireFunction(c.resolver.function, c.key),
          resolverMethod: c.resolver.method,
        }
      : { key: c.key, queue: c.queue, functionKey: requireFunction(c.function ?? '', c.key) },
  );

  const entities = new Map<string, EntityDef>();
  for (const e of m.app.storage?.entities ?? []) {
    if (entities.has(e.name)) throw new ManifestError(`duplicate entity '${e.name}'`);
    const indexes = new Map<string, EntityIndexDef>();
    for (const index of e.indexes) {
      const def: EntityIndexDef =
        typeof index === 'string'
          ? { name: index, partition: [], range: index }
          : {
              name: index.name,
              partition: index.partition ?? [],
              ...(index.range?.[0] ? { range: index.range[0] } : {}),
            };
      for (const attribute of [...def.partition, ...(def.range ? [def.range] : [])]) {
        if (!(attribute in e.attributes)) {
          throw new ManifestError(
            `entity '${e.name}' index '${def.name}' uses undeclared attribute '${attribute}'`,
          );
        }
      }
      if (indexes.has(def.name))
        throw new ManifestError(`entity '${e.name}' declares index '${def.name}' twice`);
      indexes.set(def.name, def);
    }
    entities.set(e.name, {
      name: e.name,
      attributes: Object.fromEntries(Object.entries(e.attributes).map(([k, v]) => [k, v.type])),
      indexes,
    });
  }

  return {
    path: path.resolve(manifestPath),
    appAri: m.app.id,
    functions,
    triggers,
    scheduledTriggers,
    consumers,
    resolverModules,
    moduleTypes,
    entities,
    ...scopesOf(m.permissions?.scopes ?? []),
    ...(m.app.compatibility ? { compatibleProducts: Object.keys(m.app.compatibility) } : {}),
  };
}

function scopesOf(declared: string[] | Record<string, { allowImpersonation?: boolean | undefined } | null>): {
  scopes: string[];
  impersonationScopes: string[];
} {
  if (Array.isArray(declared)) return { scopes: declared, impersonationScopes: [] };
  const entries = Object.entries(declared);
  return {
    scopes: entries.map(([scope]) => scope),
    impersonationScopes: entries.filter(([, v]) => v?.allowImpersonation === true).map(([scope]) => scope),
  };
}
