/**
 * The emulated Atlassian site: one node:http server on 127.0.0.1 serving Jira platform, JSM and Confluence
 * REST as the official specs define them (router.ts), the `/__local/` control API (control.ts) and the change
 * feed (feed.ts). docs/emulated-site.md describes what it does and every guess it makes (verify.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VirtualClock } from '../clock/virtual-clock';
import { controlRoutes, type ControlHandler } from './control';
import { isMutatingMethod, RequestLog } from './request-log';
import { ChangeFeed } from './feed';
import { createGovernor, type GovernorOptions, type SiteGovernor } from './governor';
import type { Governor } from './governor/types';
import { SiteMutations } from './mutations';
import { errorBody, type OpResult, type SiteCore } from './operation-types';
import { confluenceV1Operations, confluenceV2Operations } from './operations/confluence';
import { jiraOperations } from './operations/jira';
import { jsmOperations } from './operations/jsm';
import { REMOVED_CONFLUENCE_V1, removedHandlers } from './operations/removed';
import { SiteRouter } from './router';
import type { SiteSeed } from './seed';
import type { SpecName } from './spec-documents';
import { SiteState } from './state';

export { ChangeFeed, type FeedEntry, type ProductEvent } from './feed';
export { SiteState } from './state';
export { PassThroughGovernor } from './pass-through-governor';

export interface CreateSiteOptions {
  clock: VirtualClock;
  seed: SiteSeed;
  /**
   * Rate limits, metering, faults. Default: the real governor (governor/) built from `governorOptions`, with
   * its `/__local/meter` and `/__local/faults` routes. Pass `new PassThroughGovernor()` to switch limits off.
   */
  governor?: Governor;
  /** Options for the default governor (points per hour, enforcement, seed, initial faults). */
  governorOptions?: Omit<GovernorOptions, 'clock'>;
  /** When set, `X-Local-Caller: app:<other id>` is rejected with 401. */
  appId?: string;
  /** 0 (default) = an ephemeral port. */
  port?: number;
  /** Where the official specs live (default ../shared/specs from the repository root). */
  specDir?: string;
  /** Extra `/__local/` routes, keyed `METHOD /__local/path` (e.g. the governor's metering and fault controls). */
  controlRoutes?: Record<string, ControlHandler>;
}

export interface SiteHandle {
  url: string;
  close(): Promise<void>;
  state: SiteState;
  feed: ChangeFeed;
  clock: VirtualClock;
  /** The governor in use; `meter`/`faults`/`quota` are present when it is the real one. */
  governor: Governor & Partial<Pick<SiteGovernor, 'meter' | 'faults' | 'quota' | 'resetAll'>>;
  /** Start-up cost of the spec routers, per spec, in milliseconds. */
  startupMs: Partial<Record<SpecName, number>>;
  /** Every mutating REST request with its outcome (request-log.ts; `GET /__local/writes`). */
  requests: RequestLog;
}

/** The operations this site implements, per spec, keyed by the (routing) operationId. */
export const IMPLEMENTED_OPERATIONS = {
  jira: jiraOperations,
  jsm: jsmOperations,
  'confluence-v1': confluenceV1Operations,
  'confluence-v2': confluenceV2Operations,
} as const;

/** Operations Atlassian has removed, answered 410 Gone (operations/removed.ts, docs/emulated-site.md). */
const REMOVED_OPERATIONS: Partial<Record<SpecName, ReadonlySet<string>>> = {
  'confluence-v1': new Set(Object.keys(REMOVED_CONFLUENCE_V1)),
};

const MAX_BODY_BYTES = 5 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Uint8Array;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, result: OpResult): void {
  const headers: Record<string, string> = { ...(result.headers ?? {}) };
  if (result.body !== undefined) {
    const text = JSON.stringify(result.body);
    headers['content-type'] = 'application/json;charset=UTF-8';
    res.writeHead(result.status, headers);
    res.end(text);
  } else {
    res.writeHead(result.status, headers);
    res.end();
  }
}

/** `/__local/meter` and `/__local/faults` for a governor that has them (docs/rate-limits.md). */
function governorRoutes(governor: SiteHandle['governor']): Record<string, ControlHandler> {
  const routes: Record<string, ControlHandler> = {};
  const { meter, faults, resetAll } = governor;
  if (meter) {
    routes['GET /__local/meter'] = () => ({ status: 200, body: meter.report() });
    routes['POST /__local/meter/reset'] = () => {
      meter.reset();
      return { status: 200, body: meter.report() };
    };
  }
  if (faults) {
    routes['GET /__local/faults'] = () => ({ status: 200, body: faults.config() });
    routes['PUT /__local/faults'] = ({ body }) => {
      const result = faults.tryConfigure(body);
      return result.ok
        ? { status: 200, body: result.config }
        : { status: 400, body: { issues: result.issues } };
    };
  }
  if (resetAll) {
    routes['POST /__local/limits/reset'] = () => {
      resetAll.call(governor);
      return { status: 200, body: { reset: true } };
    };
  }
  return routes;
}

export async function createSite(options: CreateSiteOptions): Promise<SiteHandle> {
  const { clock, seed } = options;
  const state = new SiteState(seed);
  const feed = new ChangeFeed(clock);
  let baseUrl = '';
  const mutations = new SiteMutations(state, feed, clock, () => baseUrl);
  const core: SiteCore = { state, feed, clock, mutations, baseUrl: () => baseUrl };
  const governor: SiteHandle['governor'] =
    options.governor ??
    createGovernor({
      clock,
      ...(options.appId ? { userCallsAppId: options.appId } : {}),
      ...options.governorOptions,
    });
  const router = new SiteRouter({
    site: core,
    governor,
    appId: options.appId,
    specDir: options.specDir,
    handlers: {
      ...IMPLEMENTED_OPERATIONS,
      'confluence-v1': { ...removedHandlers(REMOVED_CONFLUENCE_V1), ...confluenceV1Operations },
    },
    removed: REMOVED_OPERATIONS,
  });
  await router.init();
  const requests = new RequestLog();
  const control = controlRoutes(core, {
    ...governorRoutes(governor),
    'GET /__local/writes': ({ query }) => {
      const after = Math.max(0, Math.floor(Number(query.get('after') ?? '0')) || 0);
      return { status: 200, body: { writes: requests.since(after), lastSeq: requests.entries.length } };
    },
    ...options.controlRoutes,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // One clock everywhere: `Date` is the origin's clock (RFC 9110 §6.6.1 "Date"), the same virtual clock as
    // `serverTime`, `Retry-After` and `X-RateLimit-Reset`. Node would otherwise stamp wall time (res.sendDate).
    res.setHeader('Date', clock.date().toUTCString());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const text = await readBody(req);
    let body: unknown;
    let badJson = false;
    if (text.length > 0) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        badJson = true;
      }
    }
    if (url.pathname === '/__local' || url.pathname.startsWith('/__local/')) {
      const route = control.get(`${method} ${url.pathname}`);
      if (!route)
        return send(res, { status: 404, body: { error: `no control route ${method} ${url.pathname}` } });
      if (badJson) return send(res, { status: 400, body: { error: 'body is not valid JSON' } });
      const result = await route({ query: url.searchParams, body });
      return send(res, result);
    }
    const spec = SiteRouter.specFor(url.pathname);
    if (!spec)
      return send(res, { status: 404, body: { message: `Not an Atlassian REST path: ${url.pathname}` } });
    const settle = isMutatingMethod(method)
      ? requests.begin({
          at: clock.date().toISOString(),
          method,
          path: `${url.pathname}${url.search}`,
          body: text,
          caller:
            typeof req.headers['x-local-caller'] === 'string'
              ? req.headers['x-local-caller']
              : req.headers.authorization?.startsWith('Basic ') === true
                ? 'basic-auth'
                : undefined,
        })
      : undefined;
    if (badJson) {
      settle?.(400);
      return send(res, { status: 400, body: errorBody(spec, 400, 'The request body is not valid JSON.') });
    }
    const result = await router.dispatch(spec, {
      method,
      path: url.pathname,
      rawQuery: url.search.replace(/^\?/, ''),
      headers: req.headers,
      body,
    });
    if (result.status === 'drop') {
      settle?.('dropped');
      req.socket.destroy();
      return;
    }
    settle?.(result.status);
    send(res, result);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) send(res, { status: 500, body: { message: `local site error: ${message}` } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${address.port}`;

  return {
    url: baseUrl,
    state,
    feed,
    clock,
    governor,
    startupMs: router.startupMs,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
