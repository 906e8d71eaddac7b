/**
 * The one request layer every Jira, JSM and Confluence adapter call goes through (style.md rules 12, 13, 25,
 * 30; forge-platform.md §3.8). Per call it:
 *
 * 1. refuses at once while the installation's quota wall is up (a `*-quota-*` 429 was seen: no call may go
 *    until the hourly reset);
 * 2. books on the installation's {@link PointsSink} what each answer cost by the core's points model
 *    (base 1 + 2 per identity object / 1 per core object; writes 1; a 429 or a dropped connection 0; any
 *    other error 1), exactly what the emulated site meters. The core reserves before its port calls
 *    (admission, the fairness cap and the shared pool): this layer only measures;
 * 3. waits for the endpoint's burst spacing and a concurrency slot ({@link InstallationLimits});
 * 4. sends through its {@link Transport}: by default the real `@forge/api` as the caller the factory was given
 *    (app, current user, or an explicit account id); the command-line audit passes a Basic-auth `fetch`;
 * 5. retries burst 429s (after `Retry-After`, else `X-RateLimit-Reset`), 5xx and network failures with
 *    jittered exponential back-off, at most {@link DEFAULT_MAX_RETRIES} times;
 * 6. translates the outcome ONCE into {@link UpstreamError} (401/403 forbidden, 404 not found, 429 rate
 *    limited, 5xx/network unavailable, other 4xx and schema mismatches unexpected response), keeping an
 *    {@link HttpFailure} as the cause so adapters can tell a 400 from a 404 — except the invoking user's
 *    missing consent: that `NeedsAuthenticationError` is rethrown as is, so that it reaches the platform,
 *    which then asks the user to allow access (Forge "Product fetch API", `api.asUser()`);
 * 7. parses the body with zod (`safeParse`; the flattened issues go into the error message).
 */
import { asApp, asUser, NeedsAuthenticationError, ProxyRequestError, type Route } from '@forge/api';
import { z } from 'zod';
import { BASE_POINTS, CORE_POINTS, IDENTITY_POINTS } from '../../core/use-cases/shared/points';
import { UpstreamError, type UpstreamFailure } from '../../core/ports/errors';
import { isQuotaReason, observeRateLimit, rateLimitReason, rateLimitResetAt, retryAfterMs } from './headers';
import { type HttpTime, type InstallationLimits } from './limits';

/** Who the call runs as: the app, the invoking user (UI resolvers), or an explicit account (impersonation). */
export type Caller = 'app' | 'current-user' | { readonly user: string };

export type Product = 'jira' | 'confluence';
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Identity objects (users, groups, permissions) and core objects (spaces, desks…): the core's points model. */
export type ObjectClass = 'identity' | 'core';

const POINTS_PER_OBJECT: Readonly<Record<ObjectClass, number>> = {
  identity: IDENTITY_POINTS,
  core: CORE_POINTS,
};

/**
 * Where the layer books what each answer cost (the installation budget in production): the points model
 * applied to the response, exactly what Atlassian meters. Admission (may this work spend?) is the core's.
 */
export interface PointsSink {
  record(points: number): void;
}

export const DEFAULT_MAX_RETRIES = 4;
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;
/** Longest single wait the layer accepts inside one invocation (resolvers have 25 s in all). */
export const DEFAULT_MAX_WAIT_MS = 20_000;

/** Why a request failed, as HTTP saw it: the `cause` of every {@link UpstreamError} this layer throws. */
export class HttpFailure extends Error {
  constructor(
    readonly operation: string,
    readonly status: number | null,
    readonly detail: string,
  ) {
    super(`${operation}: ${status === null ? 'no response' : `HTTP ${status}`}: ${detail}`);
    this.name = 'HttpFailure';
  }
}

/**
 * True for the SDK's "this user has not allowed the app access yet" error, which the resolver must let reach
 * the platform (only the invoking user's own calls throw it; see step 6 above).
 */
export const needsUserConsent = (error: unknown): boolean => error instanceof NeedsAuthenticationError;

/** The HTTP status behind an {@link UpstreamError} from this layer; null for anything else. */
export const httpStatusOf = (error: unknown): number | null =>
  error instanceof UpstreamError && error.cause instanceof HttpFailure ? error.cause.status : null;

export interface ReadCost<T> {
  readonly kind: 'read';
  readonly objects: ObjectClass;
  /** Objects in the parsed response (what the site charges for). */
  readonly count: (value: T) => number;
  /** When the class depends on the answer (a space with its permissions is identity data). */
  readonly classOf?: (value: T) => ObjectClass;
}

export interface RestRequest<S extends z.ZodType | null> {
  readonly product: Product;
  /** The REST operationId (errors, logs, burst keys). */
  readonly operation: string;
  readonly method: Method;
  readonly route: Route;
  /** Response body schema; null for operations answered without a body we read. */
  readonly schema: S;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Reads are charged per object returned; writes cost the base point only. */
  readonly cost: S extends z.ZodType ? ReadCost<z.infer<S>> | 'write' : 'write';
  /** Key of a low burst bucket ({@link BURST_SPACING_MS}). */
  readonly burstKey?: string;
}

export interface RestResponse<T> {
  readonly value: T;
  readonly status: number;
  /** The `Link: <…>; rel="next"` target, when present (Confluence v2 cursors). */
  readonly nextLink: string | null;
}

export interface RestClientOptions {
  readonly as: Caller;
  /** Books each answer's cost (base 1 + objects; writes 1; 429s and dropped connections 0; errors 1). */
  readonly points: PointsSink;
  /** The installation's shared limits (installationLimits(cloudId)); its clock is the layer's clock. */
  readonly limits: InstallationLimits;
  /** Jitter source in [0, 1) (deterministic in tests). */
  readonly random?: () => number;
  readonly maxRetries?: number;
  readonly maxWaitMs?: number;
  /** Default: `@forge/api` as `as` ({@link Transport}). */
  readonly transport?: Transport;
}

export interface RestClient {
  readonly caller: Caller;
  /**
   * Sends one request with the policy above.
   * @throws UpstreamError for every failure (rate limited, forbidden, not found, unavailable, unexpected).
   */
  send<S extends z.ZodType | null>(
    request: RestRequest<S>,
  ): Promise<RestResponse<S extends z.ZodType ? z.infer<S> : undefined>>;
}

interface ForgeResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** One request as the layer hands it to its transport (after budget, limits and headers; before retries). */
export interface TransportCall {
  readonly product: Product;
  readonly operation: string;
  readonly route: Route;
  readonly init: {
    readonly method: Method;
    readonly headers: Record<string, string>;
    readonly body?: string;
  };
}
export type TransportResponse = ForgeResponse;
/**
 * How a request reaches the product. Default: the real `@forge/api` as the client's caller. The command-line
 * audit (src/cli) drives the same adapters over a Basic-auth `fetch` transport (http/basic-auth-transport.ts).
 */
export type Transport = (call: TransportCall) => Promise<TransportResponse>;

/** A transport's refusal to send a request at all (e.g. a write on the read-only audit): final, not retried. */
export class TransportRefusedError extends Error {
  override name = 'TransportRefusedError';
}

const requesterFor = (caller: Caller) =>
  caller === 'app' ? asApp() : caller === 'current-user' ? asUser() : asUser(caller.user);

const forgeTransport = (caller: Caller): Transport => {
  const requester = requesterFor(caller);
  return ({ product, route, init }) =>
    product === 'jira' ? requester.requestJira(route, init) : requester.requestConfluence(route, init);
};

const nextLinkOf = (headers: { get(name: string): string | null }): string | null => {
  const link = headers.get('link');
  if (link === null) return null;
  const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link);
  return match?.[1] ?? null;
};

const upstream = (failure: UpstreamFailure, cause: HttpFailure): UpstreamError =>
  new UpstreamError(failure, { cause });

/** Error body text, short and free of personal data (bodies may echo display names: keep the status only). */
const describe = (status: number): string => `the product answered ${status}`;

export function createRestClient(options: RestClientOptions): RestClient {
  const { points, limits } = options;
  const time: HttpTime = limits.time;
  const random = options.random ?? Math.random;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const transport = options.transport ?? forgeTransport(options.as);

  /** Exponential back-off with additive jitter, never shorter than what the server asked for. */
  const backoff = (attempt: number, serverMs: number | null): number => {
    const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
    const jitter = Math.floor(random() * exponential * 0.5);
    return Math.max(serverMs ?? 0, exponential) + jitter;
  };

  const rateLimited = (
    operation: string,
    retryMs: number,
    quotaWall: boolean,
    status: number | null,
    detail: string,
  ): UpstreamError =>
    upstream(
      {
        code: 'UPSTREAM.RATE_LIMITED',
        message: `${operation}: ${quotaWall ? 'points quota spent until the hourly reset' : 'rate limited'}`,
        retryAfterMs: Math.max(0, Math.ceil(retryMs)),
        quotaWall,
      },
      new HttpFailure(operation, status, detail),
    );

  const fetchOnce = (request: RestRequest<z.ZodType | null>): Promise<ForgeResponse> => {
    const headers: Record<string, string> = { Accept: 'application/json', ...(request.headers ?? {}) };
    const init: { method: Method; headers: Record<string, string>; body?: string } = {
      method: request.method,
      headers,
    };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(request.body);
    }
    return transport({ product: request.product, operation: request.operation, route: request.route, init });
  };

  const send = async (request: RestRequest<z.ZodType | null>): Promise<RestResponse<unknown>> => {
    const { operation } = request;
    for (let attempt = 0; ; attempt += 1) {
      const walled = limits.wallRemaining(time.now());
      if (walled > 0) throw rateLimited(operation, walled, true, null, 'quota wall up; call not sent');
      let response: ForgeResponse;
      try {
        response = await limits.run(request.burstKey, () => fetchOnce(request));
      } catch (e) {
        // No HTTP answer: a dropped connection costs nothing; a proxy refusal is final. The SDK's classes, not
        // names: @forge/api 8 names them PROXY_ERR and NEEDS_AUTHENTICATION_ERR (out/api/errors.js).
        points.record(0);
        if (e instanceof TransportRefusedError) throw e;
        if (e instanceof NeedsAuthenticationError && options.as === 'current-user') throw e; // consent prompt
        if (e instanceof ProxyRequestError || e instanceof NeedsAuthenticationError) {
          const reason = e instanceof ProxyRequestError ? e.errorCode : e.name;
          throw upstream(
            {
              code: 'UPSTREAM.FORBIDDEN',
              message: `${operation}: the caller cannot act here (${reason})`,
              operation,
            },
            new HttpFailure(operation, e.status ?? 401, reason),
          );
        }
        if (attempt < maxRetries) {
          await time.sleep(backoff(attempt, null));
          continue;
        }
        throw new UpstreamError(
          { code: 'UPSTREAM.UNAVAILABLE', message: `${operation}: no response`, operation },
          { cause: e },
        );
      }

      const now = time.now();
      const observation = observeRateLimit(response.headers, now);
      if (observation !== null) limits.observe(observation);
      const status = response.status;

      if (status === 429) {
        points.record(0);
        const reason = rateLimitReason(response.headers);
        const resetAt = rateLimitResetAt(response.headers);
        const serverMs = retryAfterMs(response.headers, now) ?? (resetAt !== null ? resetAt - now : null);
        if (isQuotaReason(reason)) {
          const until = now + (serverMs ?? BACKOFF_CAP_MS);
          limits.wall(until);
          throw rateLimited(operation, until - now, true, status, reason ?? 'quota');
        }
        const wait = backoff(attempt, serverMs);
        if (attempt < maxRetries && wait <= maxWaitMs) {
          await time.sleep(wait);
          continue;
        }
        throw rateLimited(operation, serverMs ?? wait, false, status, reason ?? 'burst');
      }
      if (status >= 500) {
        points.record(BASE_POINTS);
        if (attempt < maxRetries) {
          await time.sleep(backoff(attempt, retryAfterMs(response.headers, now)));
          continue;
        }
        throw upstream(
          { code: 'UPSTREAM.UNAVAILABLE', message: `${operation}: ${describe(status)}`, operation },
          new HttpFailure(operation, status, describe(status)),
        );
      }
      if (status >= 400) {
        points.record(BASE_POINTS);
        const cause = new HttpFailure(operation, status, describe(status));
        if (status === 401 || status === 403)
          throw upstream(
            { code: 'UPSTREAM.FORBIDDEN', message: `${operation}: ${describe(status)}`, operation },
            cause,
          );
        if (status === 404)
          throw upstream(
            { code: 'UPSTREAM.NOT_FOUND', message: `${operation}: ${describe(status)}`, operation },
            cause,
          );
        throw upstream(
          { code: 'UPSTREAM.UNEXPECTED_RESPONSE', message: `${operation}: ${describe(status)}`, operation },
          cause,
        );
      }

      const text = await response.text();
      if (request.schema === null || request.cost === 'write') {
        points.record(BASE_POINTS);
        if (request.schema === null)
          return { value: undefined, status, nextLink: nextLinkOf(response.headers) };
      }
      let raw: unknown;
      try {
        raw = text.length === 0 ? undefined : (JSON.parse(text) as unknown);
      } catch {
        if (request.cost !== 'write') points.record(BASE_POINTS);
        throw upstream(
          { code: 'UPSTREAM.UNEXPECTED_RESPONSE', message: `${operation}: the body is not JSON`, operation },
          new HttpFailure(operation, status, 'body is not JSON'),
        );
      }
      const parsed = request.schema.safeParse(raw);
      if (!parsed.success) {
        if (request.cost !== 'write') points.record(BASE_POINTS);
        const flat = JSON.stringify(z.flattenError(parsed.error));
        throw upstream(
          {
            code: 'UPSTREAM.UNEXPECTED_RESPONSE',
            message: `${operation}: the response does not match the expected shape: ${flat}`,
            operation,
          },
          new HttpFailure(operation, status, flat),
        );
      }
      if (request.cost !== 'write') {
        const cost = request.cost;
        const objects = cost.classOf?.(parsed.data) ?? cost.objects;
        points.record(BASE_POINTS + POINTS_PER_OBJECT[objects] * cost.count(parsed.data));
      }
      return { value: parsed.data, status, nextLink: nextLinkOf(response.headers) };
    }
  };

  return {
    caller: options.as,
    send: send as RestClient['send'],
  };
}
