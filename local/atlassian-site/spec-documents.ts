/**
 * Loads the official OpenAPI documents (../shared/specs) once per process and derives, per product, the
 * slimmed document the router uses: every spec path and method stays routable (so an unimplemented spec
 * operation answers 501, not 404), but only implemented operations keep their parameters and request bodies,
 * and only the components those reach are kept. That keeps openapi-backend's dereference and validator
 * compilation proportional to what we serve, not to the 2.3 MB Jira document.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Product } from './governor/types';

export type SpecName = 'jira' | 'jsm' | 'confluence-v1' | 'confluence-v2';

export interface SpecInfo {
  name: SpecName;
  product: Product;
  file: string;
  /** Where the spec's paths are mounted on the site (openapi-backend apiRoot). */
  apiRoot: string;
}

export const SPECS: Record<SpecName, SpecInfo> = {
  jira: { name: 'jira', product: 'jira', file: 'jira-platform.v3.json', apiRoot: '/' },
  jsm: { name: 'jsm', product: 'jsm', file: 'jsm.v3.json', apiRoot: '/' },
  'confluence-v1': { name: 'confluence-v1', product: 'confluence', file: 'confluence.v1.json', apiRoot: '/' },
  'confluence-v2': {
    name: 'confluence-v2',
    product: 'confluence',
    file: 'confluence.v2.json',
    apiRoot: '/wiki/api/v2',
  },
};

/** Default location of the shared specs, relative to the repository root (…/main/../shared/specs). */
export const DEFAULT_SPEC_DIR = resolve(__dirname, '..', '..', '..', 'shared', 'specs');

export type JsonObject = Record<string, unknown>;

const cache = new Map<string, JsonObject>();

/** The full official document (parsed once per process and directory; treat as read-only). */
export function loadSpec(name: SpecName, specDir: string = DEFAULT_SPEC_DIR): JsonObject {
  const file = resolve(specDir, SPECS[name].file);
  const hit = cache.get(file);
  if (hit) return hit;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
  cache.set(file, parsed);
  return parsed;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every `#/components/<kind>/<name>` reference reachable from `root`, transitively. */
function reachableComponents(spec: JsonObject, roots: unknown[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...(node as unknown[]));
      continue;
    }
    if (!isObject(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')) {
        if (seen.has(value)) continue;
        seen.add(value);
        const [, , kind, name] = value.split('/');
        const components = spec.components as JsonObject | undefined;
        const group = kind ? (components?.[kind] as JsonObject | undefined) : undefined;
        const target = name
          ? group?.[decodeURIComponent(name.replace(/~1/g, '/').replace(/~0/g, '~'))]
          : undefined;
        if (target !== undefined) stack.push(target);
      } else if (typeof value === 'object' && value !== null) {
        stack.push(value);
      }
    }
  }
  return seen;
}

/**
 * The id the router registers an operation under: the official operationId, except that a spec which reuses
 * one id on two paths (JSM `getOrganizations`) gets `<id>:<METHOD> <path>` for the later one, so each
 * operation keeps its own parameter validation. The official id still goes to the governor.
 */
export function routingOperationId(
  officialId: string,
  method: string,
  path: string,
  used: ReadonlySet<string>,
): string {
  return used.has(officialId) ? `${officialId}:${method.toUpperCase()} ${path}` : officialId;
}

/**
 * The OAuth 2.0 scope sets that authorise an operation, from the official spec: each `security` alternative
 * other than basic auth (`OAuth2` in Jira/JSM, `oAuthDefinitions` in Confluence), plus each entry of
 * `x-atlassian-oauth2-scopes` (current and granular scopes). A token holding every scope of one set may
 * call the operation. Empty = no scope needed (no OAuth security, or an anonymous `{}` alternative).
 */
export function oauthScopeSets(operation: JsonObject): string[][] {
  const security = Array.isArray(operation.security) ? (operation.security as unknown[]) : [];
  if (security.length === 0 || security.some((alt) => isObject(alt) && Object.keys(alt).length === 0))
    return [];
  const sets: string[][] = [];
  for (const alt of security) {
    if (!isObject(alt)) continue;
    for (const [scheme, scopes] of Object.entries(alt))
      if (scheme !== 'basicAuth' && Array.isArray(scopes) && scopes.length > 0)
        sets.push(scopes.filter((x): x is string => typeof x === 'string'));
  }
  const marked = operation['x-atlassian-oauth2-scopes'];
  for (const entry of Array.isArray(marked) ? (marked as unknown[]) : [])
    if (isObject(entry) && Array.isArray(entry.scopes) && entry.scopes.length > 0)
      sets.push((entry.scopes as unknown[]).filter((x): x is string => typeof x === 'string'));
  return sets;
}

/**
 * The routing document for one product: all paths and methods, full detail (minus responses and
 * security, which the router does not need) only for `implemented` operation ids.
 */
export function routingDocument(
  name: SpecName,
  implemented: ReadonlySet<string>,
  specDir?: string,
): JsonObject {
  const spec = loadSpec(name, specDir);
  const paths: JsonObject = {};
  const roots: unknown[] = [];
  const usedIds = new Set<string>();
  for (const [path, item] of Object.entries(spec.paths as JsonObject)) {
    if (!isObject(item)) continue;
    const slimItem: JsonObject = {};
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const officialId =
        typeof operation.operationId === 'string' ? operation.operationId : `${method} ${path}`;
      const operationId = routingOperationId(officialId, method, path, usedIds);
      usedIds.add(operationId);
      const marks: JsonObject = {
        'x-official-operation-id': officialId,
        'x-experimental': operation['x-experimental'] === true,
        // The spec's own words decide who may call without credentials (jira-platform.v3.json, e.g. getServerInfo).
        'x-anonymous':
          typeof operation.description === 'string' &&
          operation.description.includes('This operation can be accessed anonymously.'),
        'x-oauth-scope-sets': oauthScopeSets(operation),
      };
      if (implemented.has(operationId)) {
        const parameters = [
          ...((item.parameters as unknown[]) ?? []),
          ...((operation.parameters as unknown[]) ?? []),
        ];
        const full: JsonObject = {
          operationId,
          ...marks,
          parameters,
          responses: { default: { description: 'see spec' } },
        };
        if (operation.requestBody !== undefined) full.requestBody = operation.requestBody;
        roots.push(full);
        slimItem[method] = full;
      } else {
        slimItem[method] = {
          operationId,
          ...marks,
          responses: { default: { description: 'not implemented locally' } },
        };
      }
    }
    paths[path] = slimItem;
  }
  const keep = reachableComponents(spec, roots);
  const components: Record<string, JsonObject> = {};
  for (const ref of keep) {
    const [, , kind, rawName] = ref.split('/');
    if (!kind || !rawName) continue;
    const componentName = decodeURIComponent(rawName.replace(/~1/g, '/').replace(/~0/g, '~'));
    const group = (spec.components as JsonObject)[kind] as JsonObject;
    components[kind] ??= {};
    components[kind][componentName] = group[componentName];
  }
  return { openapi: spec.openapi, info: spec.info, paths, components };
}
