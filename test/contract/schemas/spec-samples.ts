/**
 * Samples built from the official OpenAPI specs in ../shared/specs (the oracle, style.md rule 34): a response
 * schema is walked to produce one object holding every documented property (only required ones past a
 * depth limit or a $ref cycle), and the spec's own `example` is judged by Ajv against the spec's schema.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

export const SPECS_DIR = path.resolve(__dirname, '../../../..', 'shared', 'specs');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: unknown };
interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, Schema> }> }>>;
  components: { schemas: Record<string, Schema> };
}

const specs = new Map<string, Spec>();
export const loadSpec = (file: string): Spec => {
  let spec = specs.get(file);
  if (!spec) {
    spec = JSON.parse(fs.readFileSync(path.join(SPECS_DIR, file), 'utf8')) as Spec;
    specs.set(file, spec);
  }
  return spec;
};

export interface OperationRef {
  readonly spec: string;
  readonly path: string;
  readonly method: 'get' | 'post';
  readonly status?: string;
}

const mediaOf = (op: OperationRef): Schema => {
  const operation = loadSpec(op.spec).paths[op.path]?.[op.method];
  if (!operation) throw new Error(`${op.spec}: no ${op.method.toUpperCase()} ${op.path}`);
  const media = operation.responses[op.status ?? '200']?.content?.['application/json'];
  if (!media)
    throw new Error(`${op.spec}: ${op.method.toUpperCase()} ${op.path} has no JSON ${op.status ?? '200'}`);
  return media;
};

export const responseSchemaOf = (op: OperationRef): Schema => mediaOf(op).schema as Schema;

/** The documented example, parsed when it is a JSON string; undefined when the spec has none. */
export const exampleOf = (op: OperationRef): unknown => {
  const example = mediaOf(op).example;
  if (typeof example !== 'string') return example;
  try {
    return JSON.parse(example) as unknown;
  } catch {
    return example;
  }
};

const refName = (ref: string): string => ref.replace('#/components/schemas/', '');

const MAX_FULL_DEPTH = 6;

const stringFor = (name: string, schema: Schema): string => {
  if (schema.format === 'date-time') return '2026-01-02T03:04:05.000Z';
  if (schema.format === 'date') return '2026-01-02';
  if (schema.format === 'uri' || /(url|self|next|prev|base|link)$/i.test(name))
    return 'https://your-domain.atlassian.net/x';
  if (/email/i.test(name)) return 'ann@example.com';
  return `sample-${name || 'value'}`.replace(/[^A-Za-z0-9:_-]/g, '-');
};

/** A value valid for `schema` with every property present down to MAX_FULL_DEPTH. */
export const sampleOf = (
  spec: Spec,
  schema: Schema,
  name = '',
  depth = 0,
  seen: readonly string[] = [],
): Json => {
  if (typeof schema.$ref === 'string') {
    const target = refName(schema.$ref);
    const resolved = spec.components.schemas[target];
    if (!resolved) throw new Error(`unresolved $ref ${schema.$ref}`);
    const cyclic = seen.includes(target);
    return sampleOf(spec, resolved, name, cyclic ? MAX_FULL_DEPTH + 1 : depth, [...seen, target]);
  }
  if (Array.isArray(schema.allOf)) {
    return Object.assign(
      {},
      ...(schema.allOf as Schema[]).map((part) => sampleOf(spec, part, name, depth, seen)),
    ) as Json;
  }
  const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (alternatives?.[0]) return sampleOf(spec, alternatives[0], name, depth, seen);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as Json;
  switch (schema.type) {
    case 'string':
      return stringFor(name, schema);
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'array':
      return depth > MAX_FULL_DEPTH ? [] : [sampleOf(spec, schema.items as Schema, name, depth + 1, seen)];
    default: {
      const out: { [key: string]: Json } = {};
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      for (const [key, child] of Object.entries(properties)) {
        if (depth <= MAX_FULL_DEPTH || required.has(key))
          out[key] = sampleOf(spec, child, key, depth + 1, seen);
      }
      const extra = schema.additionalProperties;
      if (
        Object.keys(properties).length === 0 &&
        extra &&
        typeof extra === 'object' &&
        depth <= MAX_FULL_DEPTH
      ) {
        out.SAMPLE_KEY = sampleOf(spec, extra as Schema, 'value', depth + 1, seen);
      }
      return out;
    }
  }
};

export const sampleResponse = (op: OperationRef): Json => sampleOf(loadSpec(op.spec), responseSchemaOf(op));

/**
 * Ajv validator for an operation's response schema, as the spec defines it, except that
 * `additionalProperties: false` is dropped (Atlassian adds fields; the examples themselves carry extras).
 */
const ajvs = new Map<string, Ajv>();
const relax = (node: unknown, specId: string): unknown => {
  if (Array.isArray(node)) return node.map((n) => relax(n, specId));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === false) continue;
    if (key === '$ref' && typeof value === 'string') out[key] = `${specId}${value}`;
    else out[key] = relax(value, specId);
  }
  return out;
};
export const specValidator = (op: OperationRef): ValidateFunction => {
  const specId = `${op.spec}`;
  let ajv = ajvs.get(specId);
  if (!ajv) {
    ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema({ $id: specId, components: relax(loadSpec(op.spec).components, specId) });
    ajvs.set(specId, ajv);
  }
  return ajv.compile(relax(responseSchemaOf(op), specId) as object);
};
