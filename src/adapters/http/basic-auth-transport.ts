/**
 * A {@link Transport} for the command-line audit (src/cli): the same request layer and adapters as the Forge
 * app, sent with `fetch` to the site URL as an Atlassian account (email + API token, HTTP Basic auth:
 * developer.atlassian.com "Basic auth for REST APIs"). The site answers as it would in the browser for that
 * user: what the user cannot see, the token cannot see either.
 *
 * Strictly read-only: any method other than GET is refused before it is sent, except the read-only POST
 * lookups named in {@link READ_ONLY_POSTS}. The token is held in a closure and never logged or echoed.
 */
import { TransportRefusedError, type Transport, type TransportCall } from './request';

/** POST operations that only read (the request body carries the ids to look up). */
export const READ_ONLY_POSTS: ReadonlySet<string> = new Set([
  /** POST /wiki/api/v2/users-bulk (confluence.v2.json operationId createBulkUserLookup). */
  'createBulkUserLookup',
]);

/** Thrown (never sent) when an adapter asks the audit transport for a write. */
export class WriteRefusedError extends TransportRefusedError {
  override name = 'WriteRefusedError';
  constructor(readonly call: Pick<TransportCall, 'operation'> & { readonly method: string }) {
    super(`the audit is read-only: ${call.method} ${call.operation} was not sent`);
  }
}

export interface BasicAuthTransportOptions {
  /** `https://<site>.atlassian.net` (no trailing slash needed). */
  readonly siteUrl: string;
  readonly email: string;
  readonly apiToken: string;
  /** Injectable for tests; default the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Per-request timeout (ms). */
  readonly timeoutMs?: number;
  /** Called after every answered request (progress, tests). */
  readonly onResponse?: (call: TransportCall, status: number) => void;
}

export const isReadOnlyCall = (
  call: Pick<TransportCall, 'operation'> & { readonly method: string },
): boolean => call.method === 'GET' || (call.method === 'POST' && READ_ONLY_POSTS.has(call.operation));

export function createBasicAuthTransport(options: BasicAuthTransportOptions): Transport {
  const base = options.siteUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`, 'utf8').toString('base64')}`;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return async (call) => {
    if (!isReadOnlyCall({ operation: call.operation, method: call.init.method }))
      throw new WriteRefusedError({ operation: call.operation, method: call.init.method });
    const response = await doFetch(`${base}${call.route.value}`, {
      method: call.init.method,
      headers: { ...call.init.headers, Authorization: authorization },
      ...(call.init.body !== undefined ? { body: call.init.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    options.onResponse?.(call, response.status);
    return response;
  };
}
