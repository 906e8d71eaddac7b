/**
 * What an operation handler sees and returns. Handlers are keyed by the official spec's operationId; the router
 * (router.ts) has already matched the spec path, checked the caller and validated the request against the spec.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { VirtualClock } from '../clock/virtual-clock';
import type { ChangeFeed } from './feed';
import type { SpecName } from './spec-documents';
import type { SiteMutations } from './mutations';
import type { SiteState } from './state';

/** The authenticated caller, resolved to the account it acts as (the app's own account for asApp). */
/**
 * `anonymous` reaches only operations whose spec description says "This operation can be accessed anonymously"
 * (router.ts); its accountId is empty, so it holds no account's permissions.
 */
export type ResolvedCaller =
  | { type: 'app'; appId: string; accountId: string }
  | { type: 'user'; accountId: string }
  | { type: 'anonymous'; accountId: '' };

export interface SiteCore {
  state: SiteState;
  feed: ChangeFeed;
  clock: VirtualClock;
  mutations: SiteMutations;
  /** The site's own base URL (http://127.0.0.1:<port>), for `self` links. */
  baseUrl(): string;
}

export interface QueryReader {
  /** First value of a query parameter, or undefined. */
  str(name: string): string | undefined;
  /** All values (repeated parameters, and comma-separated values when `splitCommas`). */
  list(name: string, splitCommas?: boolean): string[];
  int(name: string, fallback: number): number;
  bool(name: string, fallback: boolean): boolean;
  /** The raw query string without `?` (for building next links). */
  raw: string;
}

export interface OpContext {
  site: SiteCore;
  spec: SpecName;
  operationId: string;
  caller: ResolvedCaller;
  query: QueryReader;
  params: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** Request path without the query string, as sent. */
  path: string;
}

export interface OpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** For the governor's points charge: objects returned (0 for writes and errors). */
  objectCount?: number;
  objectClass?: 'identity' | 'core';
}

export type OperationHandler = (ctx: OpContext) => OpResult;

/** The documented error body of each product (see the specs' error schemas). */
export function errorBody(spec: SpecName, status: number, message: string, details: string[] = []): unknown {
  switch (spec) {
    case 'jira':
      return { errorMessages: [message, ...details], errors: {} };
    case 'jsm':
      return {
        errorMessage: [message, ...details].join(' '),
        i18nErrorMessage: { i18nKey: i18nKeyFor(status), parameters: [] },
      };
    case 'confluence-v1':
      return {
        statusCode: status,
        data: {
          authorized: status !== 401 && status !== 403,
          valid: status !== 400,
          errors: details.map((detail) => ({ message: { translation: detail, args: [] } })),
          successful: false,
        },
        message: message,
      };
    case 'confluence-v2':
      return {
        errors: [
          {
            status,
            code: v2CodeFor(status),
            title: message,
            detail: details.length > 0 ? details.join('; ') : null,
          },
        ],
      };
  }
}

function i18nKeyFor(status: number): string {
  if (status === 401) return 'sd.api.error.unauthorized';
  if (status === 403) return 'sd.api.error.forbidden';
  if (status === 404) return 'sd.api.error.notfound';
  return 'sd.api.error.invalid.request';
}

function v2CodeFor(status: number): string {
  if (status === 400) return 'INVALID_REQUEST_PARAMETER';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 501) return 'NOT_IMPLEMENTED';
  return 'ERROR';
}

export function fail(
  ctx: Pick<OpContext, 'spec'>,
  status: number,
  message: string,
  details: string[] = [],
): OpResult {
  return { status, body: errorBody(ctx.spec, status, message, details), objectCount: 0 };
}
