/**
 * Error bodies in each product's own shape, so an injected or rate-limit rejection looks like the real thing:
 * - Jira platform: ErrorCollection `{errorMessages: [...], errors: {}}` (jira-platform.v3.json);
 * - JSM: ErrorResponse `{errorMessage, i18nErrorMessage: {i18nKey, parameters: []}}` (jsm.v3.json);
 * - Confluence v1 (/wiki/rest/api): `{statusCode, message, data: {authorized, valid, errors: [], successful}}`;
 * - Confluence v2 (/wiki/api/v2): `{errors: [{status, code, title, detail}]}`.
 * The site author may reuse `errorBody` for the site's own errors.
 */
import { type Product } from './types';

export type ErrorDialect = 'jira' | 'jsm' | 'confluence-v1' | 'confluence-v2';

export function errorDialect(product: Product, path: string): ErrorDialect {
  if (product === 'confluence') return path.startsWith('/wiki/api/v2') ? 'confluence-v2' : 'confluence-v1';
  return product;
}

const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? `HTTP ${status}`;
}

/** Upper-snake code for Confluence v2 (`TOO_MANY_REQUESTS`). */
function statusCode(status: number): string {
  return statusTitle(status)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_');
}

/** VERIFY: JSM i18n keys for errors the spec does not enumerate. */
function jsmI18nKey(status: number): string {
  if (status === 429) return 'sd.rate.limit.exceeded';
  if (status >= 500) return 'sd.internal.server.error';
  return `sd.http.error.${status}`;
}

export function errorBody(product: Product, path: string, status: number, message: string): unknown {
  switch (errorDialect(product, path)) {
    case 'jira':
      return { errorMessages: [message], errors: {} };
    case 'jsm':
      return { errorMessage: message, i18nErrorMessage: { i18nKey: jsmI18nKey(status), parameters: [] } };
    case 'confluence-v1':
      return {
        statusCode: status,
        message,
        data: { authorized: status !== 401 && status !== 403, valid: true, errors: [], successful: false },
      };
    case 'confluence-v2':
      return { errors: [{ status, code: statusCode(status), title: statusTitle(status), detail: message }] };
  }
}
