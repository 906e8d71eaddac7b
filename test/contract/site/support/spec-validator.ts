/**
 * Validates emulated-site responses against the official spec documents with ajv. The specs are OpenAPI 3.0:
 * `nullable: true` is converted to JSON Schema (`type: [T, 'null']`, or `anyOf [..., {type: null}]` where a
 * schema has no type), $refs resolve inside the spec document, and every format the specs use is known.
 * One failing field fails the check.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { loadSpec, type SpecName } from '../../../../local/atlassian-site/spec-documents';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** OpenAPI 3.0 schema → JSON Schema (draft-07): nullable, and local refs re-pointed at the spec document. */
export function toJsonSchema(node: unknown, specId: string): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, specId));
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out.$ref = `${specId}${value}`;
    else if (key === 'example' || key === 'examples' || key === 'xml' || key === 'discriminator') continue;
    else out[key] = toJsonSchema(value, specId);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  if (out.nullable === false) delete out.nullable;
  return out;
}

const ajvCache = new Map<SpecName, Ajv>();
const validatorCache = new Map<string, ValidateFunction>();

function collectFormats(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) node.forEach((item) => collectFormats(item, into));
  else if (isObject(node))
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') into.add(value);
      else collectFormats(value, into);
    }
}

function ajvFor(spec: SpecName): Ajv {
  const hit = ajvCache.get(spec);
  if (hit) return hit;
  const document = loadSpec(spec);
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  const formats = new Set<string>();
  collectFormats(document.components, formats);
  collectFormats(document.paths, formats);
  for (const format of formats) if (!ajv.formats[format]) ajv.addFormat(format, true);
  const specId = `spec-${spec}.json`;
  ajv.addSchema({ $id: specId, components: toJsonSchema(document.components, specId) });
  ajvCache.set(spec, ajv);
  return ajv;
}

export interface ResponseSpec {
  /** The spec's response object for this status, or undefined when the status is not documented. */
  documented: boolean;
  schema?: unknown;
}

/** The spec's response entry for (path template, method, status); components/responses refs resolved. */
export function responseSpec(
  spec: SpecName,
  method: string,
  pathTemplate: string,
  status: number,
): ResponseSpec {
  const document = loadSpec(spec);
  const operation = ((document.paths as Json)[pathTemplate] as Json | undefined)?.[method.toLowerCase()] as
    Json | undefined;
  if (!operation) throw new Error(`${spec}: no operation ${method} ${pathTemplate}`);
  const responses = operation.responses as Json;
  let response = (responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default) as
    Json | undefined;
  if (response && typeof response.$ref === 'string') {
    const name = response.$ref.split('/').pop() ?? '';
    response = ((document.components as Json).responses as Json)[name] as Json;
  }
  if (!response) return { documented: false };
  const schema = ((response.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema;
  return { documented: true, schema };
}

/** ajv errors for `body` against the spec's response schema (empty = valid). Throws if there is no schema. */
export function schemaErrors(
  spec: SpecName,
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): string[] {
  const { schema } = responseSpec(spec, method, pathTemplate, status);
  if (schema === undefined)
    throw new Error(`${spec}: ${method} ${pathTemplate} ${status} has no JSON schema`);
  return errorsAgainst(spec, `${method} ${pathTemplate} ${status}`, schema, body);
}

/** ajv errors for `body` against an arbitrary schema from the spec (e.g. `{$ref: '#/components/schemas/X'}`). */
export function errorsAgainst(spec: SpecName, cacheKey: string, schema: unknown, body: unknown): string[] {
  const key = `${spec} ${cacheKey}`;
  let validate = validatorCache.get(key);
  if (!validate) {
    validate = ajvFor(spec).compile(toJsonSchema(schema, `spec-${spec}.json`) as Json);
    validatorCache.set(key, validate);
  }
  return validate(body)
    ? []
    : (validate.errors ?? []).map(
        (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
      );
}

export const componentSchema = (name: string) => ({ $ref: `#/components/schemas/${name}` });
