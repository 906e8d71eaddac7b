/**
 * manifest.yml, checked offline with the validator the Forge CLI uses (@forge/manifest `validate`) plus our own
 * rules: triggers subscribe exactly product.md §4's events, every handler is a real export of src/index.ts,
 * names follow "one name, three casings", timeouts only on the consumer, each scope has a reason, and the
 * Custom Entity Store entities match the stored value schemas.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ProcessorBuilder, ValidationTypes, validate, validateTriggerScopes } from '@forge/manifest';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AuditRecordSchema } from '../../src/adapters/storage/audit.schema';
import { FindingRecordSchema, FindingScopeRecordSchema } from '../../src/adapters/storage/finding.schema';
import { PersonRecordSchema, PersonWordRecordSchema } from '../../src/adapters/storage/person.schema';
import { PlanRecordSchema } from '../../src/adapters/storage/plan.schema';
import { PANEL_MODULES } from '../../src/handlers/resolver-context.schema';
import { RECONCILE_QUEUE_KEY } from '../../src/wiring';
import { loadSpec, oauthScopeSets, type SpecName } from '../../local/atlassian-site/spec-documents';
import * as entry from '../../src/index';

const ROOT = path.resolve(__dirname, '../..');
const MANIFEST = path.join(ROOT, 'manifest.yml');
const PRODUCT_SPEC = path.resolve(ROOT, '..', 'shared', 'docs', 'product.md');

interface Fn {
  key: string;
  handler: string;
  timeoutSeconds?: number;
}
interface Entity {
  name: string;
  attributes: Record<string, { type: string }>;
  indexes?: (string | { name: string; partition?: string[]; range: string[] })[];
}
type ModuleList = { key: string; function?: string; [k: string]: unknown }[];
interface Manifest {
  app: {
    id: string;
    runtime: { name: string; memoryMB?: number; architecture?: string };
    storage: { entities: Entity[] };
    compatibility: Record<string, { required: boolean }>;
  };
  modules: Record<string, ModuleList> & { function: Fn[] };
  resources: { key: string; path: string }[];
  permissions: { scopes: Record<string, { allowImpersonation?: boolean }> };
}

const raw = fs.readFileSync(MANIFEST, 'utf8');
const manifest = parseYaml(raw) as Manifest;
const functions = manifest.modules.function;
const triggers = manifest.modules.trigger ?? [];
const camel = (key: string): string => key.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

describe('manifest.yml', () => {
  it('passes @forge/manifest full validation (the CLI validator chain)', async () => {
    const result = await validate(false, MANIFEST);
    expect(result.errors ?? []).toEqual([]);
    expect(result.success).toBe(true);
  }, 30_000);

  it('passes the product-trigger scope validation', async () => {
    const result = await ProcessorBuilder.instance()
      .withValidation(ValidationTypes.PRODUCT_TRIGGER)
      .build()
      .process(MANIFEST);
    expect(result.errors ?? []).toEqual([]);
  }, 30_000);

  it('subscribes exactly the product events listed in product.md §4', () => {
    const spec = fs.readFileSync(PRODUCT_SPEC, 'utf8');
    const flows = spec.slice(spec.indexOf('## 4. Flows'), spec.indexOf('## 5.'));
    const eventLine = flows.split('\n- **').find((block) => block.startsWith('Event**')) ?? '';
    const documented = [...new Set(eventLine.match(/avi:[A-Za-z0-9_:]+/g) ?? [])].sort();
    expect(documented).toHaveLength(5);
    const subscribed = triggers.flatMap((t) => t.events as string[]).sort();
    expect(subscribed).toEqual(documented);
  });

  it('grants every scope each event needs (bundled mapping, plus the documented one missing from it)', async () => {
    const scopes = Object.keys(manifest.permissions.scopes);
    // Missing from @forge/manifest 13.7.0's mapping; required per the Confluence events page (forge-platform.md §1.2).
    const documentedOnly: Record<string, string[]> = {
      'avi:confluence:permissions_updated:space:V2': [
        'read:confluence-space.summary',
        'write:confluence-space',
      ],
    };
    for (const event of triggers.flatMap((t) => t.events as string[])) {
      const needed = documentedOnly[event];
      if (needed) {
        expect(scopes).toEqual(expect.arrayContaining(needed));
        continue;
      }
      const check = await validateTriggerScopes(event, scopes);
      expect({ checked: event, ...check }).toMatchObject({ checked: event, valid: true, missingScopes: [] });
    }
  });

  it('filters self-generated events on every Jira trigger (Forge allows ignoreSelf on Jira events only)', () => {
    for (const trigger of triggers) {
      const events = trigger.events as string[];
      if (events.every((e) => e.startsWith('avi:jira:')))
        expect(trigger.filter).toEqual({ ignoreSelf: true });
    }
  });

  it('uses one function per trigger module, and no function for two kinds of module (timeouts differ)', () => {
    const users = new Map<string, string[]>();
    const modules: Record<string, ModuleList> = { ...manifest.modules, function: [] };
    for (const [moduleType, list] of Object.entries(modules)) {
      if (moduleType === 'function') continue;
      // The three panels share one resolver: same kind (UI resolver, 25 s).
      const kind = moduleType.includes(':') ? 'ui-resolver' : moduleType;
      for (const module of list) {
        const fn = module.function ?? (module.resolver as { function?: string } | undefined)?.function;
        if (fn) users.set(fn, [...(users.get(fn) ?? []), kind]);
      }
    }
    for (const [fn, kinds] of users) {
      const distinct = [...new Set(kinds)];
      expect({ fn, kinds: distinct }).toEqual({ fn, kinds: [distinct[0]] });
      if (distinct[0] === 'trigger') expect({ fn, modules: kinds.length }).toEqual({ fn, modules: 1 });
    }
    expect([...users.keys()].sort()).toEqual(functions.map((f) => f.key).sort());
  });

  it('names every function once in three casings: key ↔ src/handlers/<key>.ts ↔ index.<camelKey>', () => {
    const indexSource = fs.readFileSync(path.join(ROOT, 'src/index.ts'), 'utf8');
    for (const fn of functions) {
      expect(fn.handler).toBe(`index.${camel(fn.key)}`);
      expect(fs.existsSync(path.join(ROOT, 'src/handlers', `${fn.key}.ts`))).toBe(true);
      expect(indexSource).toContain(`export { ${camel(fn.key)} } from './handlers/${fn.key}';`);
    }
  });

  it('points every handler at a function really exported by src/index.ts, and exports nothing else', () => {
    const exported = entry as unknown as Record<string, unknown>;
    for (const fn of functions)
      expect({ [fn.handler]: typeof exported[fn.handler.replace('index.', '')] }).toEqual({
        [fn.handler]: 'function',
      });
    expect(Object.keys(exported).sort()).toEqual(
      functions.map((f) => f.handler.replace('index.', '')).sort(),
    );
  });

  it('sets timeoutSeconds only on the queue consumer function, within 900 s', () => {
    const consumers = (manifest.modules.consumer ?? []).map((c) => c.function);
    for (const fn of functions) {
      if (consumers.includes(fn.key)) expect(fn.timeoutSeconds).toBeLessThanOrEqual(900);
      else
        expect({ key: fn.key, timeoutSeconds: fn.timeoutSeconds }).toEqual({
          key: fn.key,
          timeoutSeconds: undefined,
        });
    }
  });

  it('consumes the queue the code pushes to', () => {
    expect((manifest.modules.consumer ?? []).map((c) => c.queue)).toEqual([RECONCILE_QUEUE_KEY]);
  });

  it('has one scheduledTrigger per interval it needs, and at most one fiveMinute', () => {
    const schedules = (manifest.modules.scheduledTrigger ?? []).map((s) => [s.function, s.interval]);
    expect(schedules).toEqual([
      ['watch', 'fiveMinute'],
      ['scan', 'hour'],
    ]);
  });

  it('declares the three panels as UI Kit modules on the shared resolver, keyed as the resolver expects', () => {
    const panels = ['jira:projectSettingsPage', 'confluence:spaceSettings', 'jira:adminPage'].flatMap(
      (kind) => manifest.modules[kind] ?? [],
    );
    expect(panels).toHaveLength(3);
    for (const panel of panels) {
      expect(panel).toMatchObject({
        render: 'native',
        resource: 'panel',
        resolver: { function: 'resolver' },
      });
    }
    expect(panels.map((p) => p.key).sort()).toEqual(Object.keys(PANEL_MODULES).sort());
  });

  it('declares Jira required and Confluence optional (Forge "App compatibility": Jira modules call Confluence)', () => {
    expect(manifest.app.compatibility).toEqual({ jira: { required: true }, confluence: { required: false } });
    const products = Object.keys(manifest.modules)
      .filter((m) => m.includes(':'))
      .map((m) => m.split(':')[0]);
    expect([...new Set(products)].sort()).toEqual(Object.keys(manifest.app.compatibility).sort());
  });

  it('pins the runtime and carries the fake, clearly marked app id', () => {
    expect(manifest.app.runtime).toEqual({ name: 'nodejs22.x', memoryMB: 512, architecture: 'arm64' });
    expect(manifest.app.id).toBe('ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000');
    expect(raw).toMatch(/FAKE placeholder id[\s\S]*forge register/);
  });

  it('gives every scope a trailing comment saying which call or event needs it', () => {
    const block = raw.slice(raw.indexOf('\n  scopes:\n'));
    const lines = block.split('\n').filter((line) => /^ {4}[a-z][a-z:.-]+: /.test(line));
    expect(lines).toHaveLength(Object.keys(manifest.permissions.scopes).length);
    for (const line of lines)
      expect(line).toMatch(/^ {4}[a-z:.-]+: (\{\}|\{ allowImpersonation: true \}) # \S.{10,}$/);
  });

  it('allows impersonation on every scope the asUser(accountId) operations need, and on no other', () => {
    // What runs as asUser(accountId) outside the actor's own invocation: Impersonation.writerFor
    // (src/adapters/jira/index.ts) — group and customer writes, plus the directory's fallback reads.
    const impersonated: [SpecName, string][] = [
      ['jira', 'addUserToGroup'],
      ['jira', 'removeUserFromGroup'],
      ['jira', 'getUserGroups'],
      ['jira', 'bulkGetGroups'],
      ['jsm', 'addCustomers'],
      ['jsm', 'removeCustomers'],
    ];
    const allowed = Object.entries(manifest.permissions.scopes)
      .filter(([, v]) => v.allowImpersonation === true)
      .map(([scope]) => scope);
    const used = new Set<string>();
    for (const [spec, operationId] of impersonated) {
      const operation = Object.values(loadSpec(spec).paths as Record<string, Record<string, unknown>>)
        .flatMap((item) => Object.values(item))
        .find((op) => (op as { operationId?: string }).operationId === operationId) as Record<
        string,
        unknown
      >;
      const sets = oauthScopeSets(operation);
      // No set = the spec allows the call without an OAuth scope (an anonymous `{}` alternative).
      const fitting =
        sets.length === 0 ? [] : sets.find((set) => set.every((scope) => allowed.includes(scope)));
      expect({ operationId, fitting: fitting !== undefined }).toEqual({ operationId, fitting: true });
      for (const scope of fitting ?? []) used.add(scope);
    }
    expect([...used].sort()).toEqual([...allowed].sort());
  });

  it('references only static assets that exist', () => {
    const resources = new Map(manifest.resources.map((r) => [r.key, r.path]));
    const icons = [...raw.matchAll(/resource:([a-z-]+);([\w.-]+)/g)];
    expect(icons.length).toBeGreaterThan(0);
    for (const [, key, file] of icons) {
      expect(fs.existsSync(path.join(ROOT, resources.get(key!) ?? '<missing>', file!))).toBe(true);
    }
    expect(fs.existsSync(path.join(ROOT, resources.get('panel') ?? '<missing>'))).toBe(true);
  });
});

describe('Custom Entity Store entities', () => {
  const schemas: Record<string, z.ZodObject> = {
    person: PersonRecordSchema,
    'person-word': PersonWordRecordSchema,
    finding: FindingRecordSchema,
    'finding-scope': FindingScopeRecordSchema,
    plan: PlanRecordSchema,
    audit: AuditRecordSchema,
  };
  const entities = manifest.app.storage.entities;

  it('are exactly the stored record schemas', () => {
    expect(entities.map((e) => e.name).sort()).toEqual(Object.keys(schemas).sort());
  });

  it.each(entities.map((e) => [e.name, e] as const))(
    '%s: attributes equal the schema keys',
    (name, entity) => {
      expect(Object.keys(entity.attributes).sort()).toEqual(Object.keys(schemas[name]!.shape).sort());
    },
  );

  it.each(entities.map((e) => [e.name, e] as const))(
    '%s: ≤ 7 indexes, one range attribute each, on indexable string/integer attributes',
    (_name, entity) => {
      const indexes = entity.indexes ?? [];
      expect(indexes.length).toBeLessThanOrEqual(7);
      for (const index of indexes) {
        const { range, partition = [] } =
          typeof index === 'string' ? { range: [index], partition: [] } : index;
        expect(range).toHaveLength(1);
        for (const attribute of [...range, ...partition]) {
          expect(['string', 'integer']).toContain(entity.attributes[attribute]?.type);
        }
      }
    },
  );
});
