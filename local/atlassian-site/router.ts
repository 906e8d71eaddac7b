/**
 * Routing and request validation by the official OpenAPI documents (openapi-backend; no hand-written path
 * parsing). One OpenAPIBackend per spec, built from the slimmed routing document (spec-documents.ts). For an
 * implemented operation the pipeline is: governor.admit → caller check (401; anonymous callers pass only where
 * the spec says "This operation can be accessed anonymously") → removed operation (410,
 * operations/removed.ts) → experimental opt-in (JSM) → request validation against the spec (400 in the product's
 * error shape) → handler → governor.settle.
 */
import type { IncomingHttpHeaders } from 'node:http';
import addFormats from 'ajv-formats';
import OpenAPIBackend, { type Context, type Operation } from 'openapi-backend';
import { basicAuthCaller } from './api-tokens';
import type { Caller, Governor, RequestInfo } from './governor/types';
import { SiteError } from './mutations';
import {
  errorBody,
  type OperationHandler,
  type OpResult,
  type QueryReader,
  type ResolvedCaller,
  type SiteCore,
} from './operation-types';
import { GONE_MESSAGE } from './operations/removed';
import { routingDocument, SPECS, type SpecName } from './spec-documents';
import {
  JSM_EXPERIMENTAL_MISSING_MESSAGE,
  JSM_EXPERIMENTAL_MISSING_STATUS,
  SCOPE_MISMATCH_MESSAGE,
} from './verify';

export interface IncomingCall {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined. */
  body: unknown;
}

export type RoutedResult = OpResult | { status: 'drop' };

type Handlers = Record<string, OperationHandler>;

interface Extra {
  call: IncomingCall;
}

export const CALLER_HEADER = 'x-local-caller';
/** Space-separated scopes of an impersonation token (local/forge-runtime sets it for asUser(accountId)). */
export const TOKEN_SCOPES_HEADER = 'x-local-token-scopes';

/** Parse `X-Local-Caller: app:<appId>|user:<accountId>` (docs/architecture.md). */
export function parseCaller(headers: IncomingHttpHeaders): Caller {
  const raw = headers[CALLER_HEADER];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  if (value.startsWith('app:') && value.length > 4) return { type: 'app', appId: value.slice(4) };
  if (value.startsWith('user:') && value.length > 5) return { type: 'user', accountId: value.slice(5) };
  return { type: 'anonymous' };
}

export function queryReader(rawQuery: string): QueryReader {
  const params = new URLSearchParams(rawQuery);
  return {
    raw: rawQuery,
    str: (name) => params.get(name) ?? undefined,
    list: (name, splitCommas = false) =>
      params
        .getAll(name)
        .flatMap((value) => (splitCommas ? value.split(',') : [value]))
        .map((value) => value.trim())
        .filter((value) => value.length > 0),
    int: (name, fallback) => {
      const value = params.get(name);
      if (value === null || value.trim() === '') return fallback;
      const parsed = Number(value);
      return Number.isFinite(parsed) ? Math.trunc(parsed) : fallback;
    },
    bool: (name, fallback) => {
      const value = params.get(name);
      if (value === null) return fallback;
      return value.toLowerCase() === 'true';
    },
  };
}

const headerValue = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const raw = headers[name.toLowerCase()];
  return Array.isArray(raw) ? raw[0] : raw;
};

export interface SiteRouterOptions {
  site: SiteCore;
  governor: Governor;
  appId?: string;
  specDir?: string;
  handlers: Record<SpecName, Handlers>;
  /** Operations Atlassian has removed (operations/removed.ts): answered 410 after the caller check. */
  removed?: Partial<Record<SpecName, ReadonlySet<string>>>;
}

export class SiteRouter {
  private readonly backends = new Map<SpecName, OpenAPIBackend>();
  /** Milliseconds spent building the routing documents and initialising openapi-backend, per spec. */
  readonly startupMs: Partial<Record<SpecName, number>> = {};

  constructor(private readonly options: SiteRouterOptions) {}

  async init(): Promise<void> {
    for (const spec of Object.keys(SPECS) as SpecName[]) {
      const started = performance.now();
      const handlers = this.options.handlers[spec];
      const definition = routingDocument(spec, new Set(Object.keys(handlers)), this.options.specDir);
      const api = new OpenAPIBackend({
        definition: definition as never,
        apiRoot: SPECS[spec].apiRoot,
        quick: true,
        ajvOpts: { strict: false, logger: false },
        customizeAjv: (ajv) => addFormats(ajv),
        // The validator is built, but we call it ourselves (after the governor and the caller check).
        validate: () => false,
        handlers: {
          notFound: () =>
            this.plain(spec, 404, 'No such Atlassian REST path on this site (not in the official spec).'),
          methodNotAllowed: () => this.plain(spec, 405, 'Method not allowed for this path (official spec).'),
          notImplemented: (c: Context) =>
            this.plain(
              spec,
              501,
              `Local emulated site: operation ${officialId(c.operation)} exists in the official spec but is not implemented here.`,
            ),
        },
      });
      for (const [operationId, handler] of Object.entries(handlers))
        api.register(operationId, (c: Context, extra: Extra) => this.run(spec, c, extra, handler));
      await api.init();
      this.backends.set(spec, api);
      this.startupMs[spec] = Math.round(performance.now() - started);
    }
  }

  /** Which spec serves a path, by its documented mount point; undefined = not an Atlassian REST path. */
  static specFor(path: string): SpecName | undefined {
    if (path.startsWith('/rest/servicedeskapi/')) return 'jsm';
    if (path.startsWith('/rest/api/3/') || path === '/rest/api/3') return 'jira';
    if (path.startsWith('/wiki/api/v2/')) return 'confluence-v2';
    if (path.startsWith('/wiki/rest/api/')) return 'confluence-v1';
    return undefined;
  }

  async dispatch(spec: SpecName, call: IncomingCall): Promise<RoutedResult> {
    const api = this.backends.get(spec);
    if (!api) throw new Error(`router not initialised for ${spec}`);
    const request = {
      method: call.method,
      path: call.rawQuery ? `${call.path}?${call.rawQuery}` : call.path,
      query: queryObject(new URLSearchParams(call.rawQuery)),
      headers: flatHeaders(call.headers),
      body: call.body,
    };
    return (await api.handleRequest(request, { call } satisfies Extra)) as RoutedResult;
  }

  private plain(spec: SpecName, status: number, message: string, details: string[] = []): OpResult {
    return { status, body: errorBody(spec, status, message, details), objectCount: 0 };
  }

  private resolveCaller(caller: Caller, anonymousAllowed: boolean): ResolvedCaller | undefined {
    const { state } = this.options.site;
    if (caller.type === 'anonymous')
      return anonymousAllowed ? { type: 'anonymous', accountId: '' } : undefined;
    if (caller.type === 'app') {
      if (this.options.appId !== undefined && caller.appId !== this.options.appId) return undefined;
      return { type: 'app', appId: caller.appId, accountId: state.appAccountId };
    }
    const account = state.accounts.get(caller.accountId);
    if (!account || account.status !== 'active' || account.accountType === 'app') return undefined;
    return { type: 'user', accountId: account.accountId };
  }

  private async run(
    spec: SpecName,
    c: Context,
    extra: Extra,
    handler: OperationHandler,
  ): Promise<RoutedResult> {
    const { call } = extra;
    const operation = c.operation;
    // Basic auth (email:API token) runs as that user; without it, X-Local-Caller as before (api-tokens.ts).
    const basic = basicAuthCaller(call.headers, this.options.site.state);
    const caller = basic.kind === 'user' ? basic.caller : parseCaller(call.headers);
    const info: RequestInfo = {
      method: call.method.toUpperCase(),
      path: call.path,
      operationId: officialId(operation),
      product: SPECS[spec].product,
      caller,
    };
    const admission = this.options.governor.admit(info);
    if (admission.kind === 'drop') return { status: 'drop' };
    if (admission.kind === 'reject')
      return { status: admission.status, body: admission.body, headers: admission.headers, objectCount: 0 };
    if (admission.delayMs !== undefined && admission.delayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, admission.delayMs));

    const result =
      basic.kind === 'rejected'
        ? this.plain(spec, 401, basic.message)
        : this.execute(spec, c, call, caller, handler);
    const headers = this.options.governor.settle(info, {
      status: result.status,
      objectCount: result.status < 400 ? (result.objectCount ?? 0) : 0,
      objectClass: result.objectClass ?? 'identity',
    });
    return { ...result, headers: { ...(result.headers ?? {}), ...headers } };
  }

  private execute(
    spec: SpecName,
    c: Context,
    call: IncomingCall,
    caller: Caller,
    handler: OperationHandler,
  ): OpResult {
    const anonymousAllowed =
      (c.operation as { 'x-anonymous'?: boolean } | undefined)?.['x-anonymous'] === true;
    const resolved = this.resolveCaller(caller, anonymousAllowed);
    if (!resolved)
      return this.plain(
        spec,
        401,
        caller.type === 'anonymous'
          ? 'Client must be authenticated to access this resource.'
          : 'The caller is not a known, active account of this site.',
      );
    if (this.options.removed?.[spec]?.has(officialId(c.operation)) === true)
      return this.plain(spec, 410, GONE_MESSAGE);
    const operation = c.operation as Operation & {
      'x-experimental'?: boolean;
      'x-oauth-scope-sets'?: string[][];
    };
    // An offline-impersonation token (asUser(accountId)) carries only the scopes the app declared with
    // `allowImpersonation: true` (the runtime names them in X-Local-Token-Scopes). The operation needs every
    // scope of one of its spec's OAuth scope sets (spec-documents.ts oauthScopeSets); otherwise Atlassian's
    // OAuth 2.0 answer for a token without the scope: 401 "Unauthorized; scope does not match" (VERIFY the
    // exact answer to a Forge impersonation token: docs/assumptions.md F5).
    const tokenScopes = headerValue(call.headers, TOKEN_SCOPES_HEADER);
    if (tokenScopes !== undefined && resolved.type === 'user') {
      const granted = new Set(tokenScopes.split(/\s+/).filter((scope) => scope.length > 0));
      const sets = operation['x-oauth-scope-sets'] ?? [];
      if (sets.length > 0 && !sets.some((set) => set.every((scope) => granted.has(scope))))
        return { status: 401, body: { code: 401, message: SCOPE_MISMATCH_MESSAGE }, objectCount: 0 };
    }
    if (spec === 'jsm' && operation['x-experimental'] === true) {
      if (headerValue(call.headers, 'x-experimentalapi')?.toLowerCase() !== 'opt-in')
        return {
          status: JSM_EXPERIMENTAL_MISSING_STATUS,
          body: {
            errorMessage: JSM_EXPERIMENTAL_MISSING_MESSAGE,
            i18nErrorMessage: { i18nKey: 'sd.api.experimental.optin.required', parameters: [] },
          },
          objectCount: 0,
        };
    }
    const problems = this.validate(c, call);
    if (problems.length > 0)
      return this.plain(spec, 400, 'The request is invalid (official spec validation).', problems);
    try {
      return handler({
        site: this.options.site,
        spec,
        operationId: officialId(operation),
        caller: resolved,
        query: queryReader(call.rawQuery),
        params: Object.fromEntries(
          Object.entries(c.request.params ?? {}).map(([key, value]) => [
            key,
            Array.isArray(value) ? String(value[0]) : String(value),
          ]),
        ),
        body: call.body,
        headers: call.headers,
        path: call.path,
      });
    } catch (error) {
      if (error instanceof SiteError) return this.plain(spec, error.status, error.message);
      throw error;
    }
  }

  /** Validate against the spec operation. Undeclared query parameters are ignored, as Atlassian ignores them. */
  private validate(c: Context, call: IncomingCall): string[] {
    const operation = c.operation;
    const declared = new Set(
      (operation.parameters ?? [])
        .filter((parameter) => 'in' in parameter && parameter.in === 'query')
        .map((parameter) => ('name' in parameter ? parameter.name : '')),
    );
    const params = new URLSearchParams(call.rawQuery);
    const kept = new URLSearchParams();
    for (const [key, value] of params) if (declared.has(key)) kept.append(key, value);
    const rawQuery = kept.toString();
    const result = c.api.validator.validateRequest(
      {
        method: call.method,
        path: rawQuery ? `${call.path}?${rawQuery}` : call.path,
        query: queryObject(kept),
        headers: flatHeaders(call.headers),
        body: call.body,
      },
      operation,
    );
    return (result.errors ?? []).map((error) => {
      const where = error.instancePath.replace(/^\/(query|path|header|requestBody)\/?/, '$1 ').trim();
      const param = 'missingProperty' in error.params ? ` '${String(error.params.missingProperty)}'` : '';
      return `${where || 'request'}: ${error.message ?? 'invalid'}${param}`;
    });
  }
}

function officialId(operation: Operation | undefined): string {
  const marked = (operation as unknown as Record<string, unknown> | undefined)?.['x-official-operation-id'];
  return typeof marked === 'string' ? marked : (operation?.operationId ?? 'unknown');
}

/**
 * Query parameters as openapi-backend's pre-parsed query object: a repeated key becomes an array. Handing it a
 * string instead makes it run `qs.parse`, whose default arrayLimit (20) turns a 21st repeated accountId into an
 * object and fails validation — Atlassian has no such limit (bulk endpoints take 100+ repeated accountIds).
 */
function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers))
    if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}
