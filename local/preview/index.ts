/**
 * The panel preview host: a node:http server on 127.0.0.1 that shows the app's UI Kit panels in a browser.
 *
 * GET /                 host page: "viewing as" switch, module switch, demo control strip, event log, flags
 * GET /panel?…          one panel (iframe): the bridge shim + ADS renderer (assets/panel.js), then the app's
 *                       own UI Kit resource bundle (app/<resource>.js), built from the path manifest.yml names
 * POST /api/invoke      bridge `invoke` → runtime.invokeResolver(module, key, payload, {accountId, extension})
 * POST /api/consent     the panel's "Allow access" → runtime.consent.grant(viewing-as account)
 * POST /api/fetch-product  bridge `requestJira` / `requestConfluence` → the site, as the viewing-as user
 * POST /api/bridge      other bridge commands the panel reports (showFlag, navigate, …) → the event log
 * POST /api/action      → the site's /__local/actions/<name>, then the runtime reads the change feed and drains
 * POST /api/clock       → runtime.tick(ms) (advances the shared virtual clock, firing what falls due)
 * GET /api/state        virtual time + event log (the host page polls it)
 * GET /api/user         a User component's display name, read from the site as the app
 * docs/preview.md explains the design and its limits.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { VirtualClock } from '../clock/virtual-clock';
import { NEEDS_AUTHENTICATION_ERR, type ForgeRuntime } from '../forge-runtime';
import {
  buildClientAssets,
  createAppBundler,
  formatBuildError,
  type AppBundler,
  type ClientAssets,
} from './build';
import { discoverDirectory } from './directory';
import { forgeContextFor, readUiManifest, type UiManifest } from './modules';
import {
  PREVIEW_ROLES,
  type ActionPreset,
  type HostBootstrap,
  type HostState,
  type InvokeAnswer,
  type LogEntry,
  type LogKind,
  type PanelBootstrap,
  type PanelSelection,
  type PreviewDirectory,
  type PreviewRole,
} from './protocol';

export type { ActionPreset, LogEntry, PanelSelection, PreviewDirectory, PreviewIdentity } from './protocol';
export { discoverDirectory } from './directory';

export interface PreviewHostOptions {
  runtime: ForgeRuntime;
  /** The emulated site (local/atlassian-site) base URL. */
  siteUrl: string;
  clock: VirtualClock;
  /** Default `<appRoot>/manifest.yml`. */
  manifestPath?: string;
  appRoot: string;
  /** 0 (default) = an ephemeral port. */
  port?: number;
  /** Default: the site's `GET /__local/health` cloudId. */
  cloudId?: string;
  /** Who the "viewing as" switch offers. Default: discovered from the site's REST API as the app. */
  directory?: PreviewDirectory | (() => Promise<PreviewDirectory>);
  /** Control-strip presets. `{n}` in a string is replaced by a counter on each send. Default: DEFAULT_ACTIONS(). */
  actions?: ActionPreset[];
  /** Presets shown before `actions` (e.g. a scenario's replays of the reported cases). */
  extraActions?: ActionPreset[];
  /** Mirror each event-log entry (e.g. to the console for `npm start`). */
  onLog?: (entry: LogEntry) => void;
}

export interface PreviewHost {
  url: string;
  /** The resolved directory (identities, desks, spaces) the switch offers. */
  readonly directory: PreviewDirectory;
  readonly log: readonly LogEntry[];
  /** Re-read identities from the site (after demo actions that change admins). */
  refreshDirectory(): Promise<PreviewDirectory>;
  /** The iframe URL of one panel (what the host page loads; tests may open it directly). */
  panelUrl(selection: PanelSelection): string;
  close(): Promise<void>;
}

/** Presets for the control strip, filled from the directory (the first desk, a non-admin). */
export function defaultActions(directory: PreviewDirectory, siteName: string): ActionPreset[] {
  const desk = directory.desks[0]?.id ?? '1';
  const space = directory.spaces[0]?.id ?? '1';
  const someone =
    directory.identities.find((i) => i.role === 'non-admin')?.accountId ??
    directory.identities[0]?.accountId ??
    'unknown';
  return [
    {
      label: 'A customer signs up through a KB link',
      action: 'kb-signup',
      body: { email: 'kb.signup{n}@example.com', displayName: 'KB Signup {n}', deskId: desk },
    },
    {
      label: 'An admin invites a Confluence guest',
      action: 'invite-guest',
      body: { email: 'guest{n}@example.com', displayName: 'Guest {n}' },
    },
    {
      label: 'A portal-only customer is created',
      action: 'create-portal-customer',
      body: { email: 'portal{n}@example.com', displayName: 'Portal Customer {n}', deskId: desk },
    },
    {
      label: 'Someone raises a portal request',
      action: 'raise-request',
      body: { deskId: desk, reporter: someone, summary: 'Cannot log in ({n})' },
    },
    {
      label: 'Someone is added to the customers group',
      action: 'add-to-group',
      body: { accountId: someone, groupName: `jira-servicemanagement-customers-${siteName}` },
    },
    {
      label: 'A guest is assigned a space',
      action: 'assign-guest-space',
      body: { accountId: someone, spaceId: space },
    },
  ];
}

const MAX_BODY = 5 * 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Uint8Array;
    size += b.length;
    if (size > MAX_BODY) throw new HttpError(413, 'request body too large');
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length === 0) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not JSON');
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Safe inline JSON for a <script> element. */
const inlineJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function parseSelection(input: unknown, manifest: UiManifest): PanelSelection {
  if (!isRecord(input)) throw new HttpError(400, 'selection missing');
  const module = typeof input.module === 'string' ? input.module : '';
  if (!manifest.modules.some((m) => m.key === module))
    throw new HttpError(404, `no UI Kit module '${module}'`);
  const role = input.role as PreviewRole;
  if (!PREVIEW_ROLES.includes(role)) throw new HttpError(400, `unknown role '${String(input.role)}'`);
  return {
    module,
    role,
    ...(typeof input.desk === 'string' && input.desk !== '' ? { desk: input.desk } : {}),
    ...(typeof input.space === 'string' && input.space !== '' ? { space: input.space } : {}),
  };
}

const fillCounter = (value: unknown, n: number): unknown => {
  if (typeof value === 'string') return value.replace(/\{n\}/g, String(n));
  if (Array.isArray(value)) return value.map((v) => fillCounter(v, n));
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillCounter(v, n)]));
  return value;
};

export async function createPreviewHost(options: PreviewHostOptions): Promise<PreviewHost> {
  const appRoot = path.resolve(options.appRoot);
  const manifest = readUiManifest(options.manifestPath ?? path.join(appRoot, 'manifest.yml'));
  if (manifest.modules.length === 0)
    throw new Error('the manifest has no UI Kit module (resource + render: native)');
  const siteUrl = options.siteUrl.replace(/\/+$/, '');
  const { runtime, clock } = options;

  const health = await fetch(`${siteUrl}/__local/health`)
    .then(async (r): Promise<{ cloudId?: string; site?: string }> =>
      r.ok ? ((await r.json()) as { cloudId?: string; site?: string }) : {},
    )
    .catch((): { cloudId?: string; site?: string } => ({}));
  const cloudId = options.cloudId ?? health.cloudId ?? 'local-cloud';
  const siteName = health.site ?? 'local';

  const loadDirectory = async (): Promise<PreviewDirectory> => {
    if (typeof options.directory === 'function') return options.directory();
    if (options.directory) return options.directory;
    return discoverDirectory({ siteUrl, appId: runtime.appId });
  };
  let directory = await loadDirectory();
  const actions = [
    ...(options.extraActions ?? []),
    ...(options.actions ?? defaultActions(directory, siteName)),
  ];

  const [assets, bundlers] = await Promise.all([
    buildClientAssets(),
    (async () => {
      const map = new Map<string, AppBundler>();
      for (const key of new Set(manifest.modules.map((m) => m.resource))) {
        const entry = manifest.resources.get(key);
        if (entry) map.set(key, await createAppBundler(entry));
      }
      return map;
    })(),
  ]);

  // ---------- event log ----------
  const log: LogEntry[] = [];
  let lastSeq = 0; // not log.length: the log keeps only the newest 2000 entries
  const addLog = (kind: LogKind, ok: boolean, summary: string, detail?: unknown): LogEntry => {
    lastSeq += 1;
    const entry: LogEntry = {
      seq: lastSeq,
      at: clock.date().toISOString(),
      kind,
      ok,
      summary,
      ...(detail !== undefined ? { detail } : {}),
    };
    log.push(entry);
    if (log.length > 2000) log.splice(0, log.length - 2000);
    options.onLog?.(entry);
    return entry;
  };
  let seenInvocations = runtime.invocations.length;
  const syncBackgroundInvocations = (): void => {
    for (const r of runtime.invocations.slice(seenInvocations)) {
      if (r.kind === 'resolver') continue; // logged with their resolver key by /api/invoke
      addLog(
        'invoke',
        r.outcome === 'success',
        `${r.kind} ${r.moduleKey} → ${r.functionKey}: ${r.outcome}${r.error ? ` (${r.error.message})` : ''}`,
        { durationMs: Math.round(r.durationMs), attempt: r.attempt },
      );
    }
    seenInvocations = runtime.invocations.length;
  };

  const moduleOf = (key: string) => {
    const m = manifest.modules.find((x) => x.key === key);
    if (!m) throw new HttpError(404, `no UI Kit module '${key}'`);
    return m;
  };
  const contextOf = (selection: PanelSelection) =>
    forgeContextFor({
      module: moduleOf(selection.module),
      directory,
      selection,
      appId: manifest.appId,
      cloudId,
      siteUrl,
    });

  let actionCounter = 0;
  const userNames = new Map<string, string>();

  // ---------- routes ----------
  const hostPage = (): string => {
    const boot: HostBootstrap = { modules: manifest.modules, directory, actions, siteUrl };
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Identity Reconciler · panel preview</title>
<link rel="stylesheet" href="/assets/host.css"></head><body><div id="root"></div>
<script>window.__PREVIEW_HOST__=${inlineJson(boot)};</script><script src="/assets/host.js"></script></body></html>`;
  };
  const panelPage = (selection: PanelSelection): string => {
    const module = moduleOf(selection.module);
    const { context, identity, notices } = contextOf(selection);
    const boot: PanelBootstrap = {
      selection,
      context,
      identity,
      notices,
      appScript: `/app/${encodeURIComponent(module.resource)}.js`,
      appName: module.title,
      consentErrorName: NEEDS_AUTHENTICATION_ERR,
    };
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(module.title)}</title>
<link rel="stylesheet" href="/assets/panel.css"></head><body><div id="root"></div>
<script>window.__PREVIEW_PANEL__=${inlineJson(boot)};</script><script src="/assets/panel.js"></script>
<script src="${boot.appScript}"></script></body></html>`;
  };

  const send = (res: ServerResponse, status: number, body: string, type: string): void => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body: unknown): void =>
    send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = `${(req.method ?? 'GET').toUpperCase()} ${url.pathname}`;
    if (route === 'GET /') return send(res, 200, hostPage(), 'text/html; charset=utf-8');
    if (route === 'GET /panel') {
      const selection = parseSelection(Object.fromEntries(url.searchParams), manifest);
      return send(res, 200, panelPage(selection), 'text/html; charset=utf-8');
    }
    if (req.method === 'GET' && url.pathname.startsWith('/assets/')) {
      const name = url.pathname.slice('/assets/'.length) as keyof ClientAssets;
      if (!(name in assets)) throw new HttpError(404, `no asset ${name}`);
      const type = name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
      return send(res, 200, assets[name], type);
    }
    if (req.method === 'GET' && url.pathname.startsWith('/app/') && url.pathname.endsWith('.js')) {
      const key = decodeURIComponent(url.pathname.slice('/app/'.length, -'.js'.length));
      const bundler = bundlers.get(key);
      if (!bundler) throw new HttpError(404, `no UI Kit resource '${key}'`);
      try {
        return send(res, 200, await bundler.get(), 'text/javascript; charset=utf-8');
      } catch (error) {
        const message = formatBuildError(error);
        addLog('error', false, `building resource '${key}' failed`, message);
        // A script that fails loudly in the panel, so the build error is visible where the panel would be.
        return send(
          res,
          200,
          `throw new Error(${JSON.stringify(`Build failed:\n${message}`)});`,
          'text/javascript',
        );
      }
    }
    if (route === 'GET /api/state') {
      syncBackgroundInvocations();
      const after = Number(url.searchParams.get('after') ?? '0');
      const state: HostState = {
        now: clock.date().toISOString(),
        log: log.filter((e) => e.seq > after),
        lastSeq,
      };
      return json(res, 200, state);
    }
    if (route === 'GET /api/directory') return json(res, 200, directory);
    if (route === 'GET /api/user') {
      const accountId = url.searchParams.get('accountId') ?? '';
      let name = userNames.get(accountId);
      if (name === undefined) {
        const r = await fetch(`${siteUrl}/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`, {
          headers: { 'X-Local-Caller': `app:${runtime.appId}`, Accept: 'application/json' },
        });
        if (!r.ok) return json(res, r.status, { accountId, error: `site answered ${r.status}` });
        name = ((await r.json()) as { displayName?: string }).displayName ?? accountId;
        userNames.set(accountId, name);
      }
      return json(res, 200, { accountId, displayName: name });
    }
    if (req.method !== 'POST') throw new HttpError(404, `no route ${route}`);
    const body = await readJson(req);
    if (!isRecord(body)) throw new HttpError(400, 'body must be a JSON object');

    if (route === 'POST /api/invoke') {
      const selection = parseSelection(body.selection, manifest);
      const functionKey = typeof body.functionKey === 'string' ? body.functionKey : '';
      const { context, identity } = contextOf(selection);
      if (!identity) throw new HttpError(409, 'no identity for this role and desk/space');
      const started = performance.now(); // a wall duration for the log (Date.now may follow the virtual clock)
      const result = await runtime.invokeResolver(selection.module, functionKey, body.payload ?? {}, {
        accountId: identity.accountId,
        extension: context.extension as Record<string, unknown>,
      });
      const ms = Math.round(performance.now() - started);
      const who = `${identity.displayName} (${identity.accountId})`;
      if (result.ok) {
        addLog('invoke', true, `invoke ${functionKey} as ${who} on ${selection.module}: ok in ${ms} ms`, {
          payload: body.payload,
        });
        const answer: InvokeAnswer = { ok: true, value: result.value };
        return json(res, 200, answer);
      }
      const needsConsent = result.error.name === NEEDS_AUTHENTICATION_ERR;
      addLog(
        needsConsent ? 'consent' : 'invoke',
        false,
        needsConsent
          ? `invoke ${functionKey} as ${who}: ${NEEDS_AUTHENTICATION_ERR}, asking them to allow access`
          : `invoke ${functionKey} as ${who}: ${result.error.message}`,
        { payload: body.payload },
      );
      const answer: InvokeAnswer = {
        ok: false,
        error: { name: result.error.name, message: result.error.message },
      };
      return json(res, 200, answer);
    }
    if (route === 'POST /api/consent') {
      const selection = parseSelection(body.selection, manifest);
      const { identity } = contextOf(selection);
      if (!identity) throw new HttpError(409, 'no identity for this role and desk/space');
      runtime.consent.grant(identity.accountId);
      addLog('consent', true, `${identity.displayName} (${identity.accountId}) allowed access`);
      return json(res, 200, { ok: true });
    }
    if (route === 'POST /api/fetch-product') {
      const selection = parseSelection(body.selection, manifest);
      const { identity } = contextOf(selection);
      if (!identity) throw new HttpError(409, 'no identity for this role and desk/space');
      const restPath = typeof body.restPath === 'string' ? body.restPath : '';
      if (!restPath.startsWith('/')) throw new HttpError(400, 'restPath must start with /');
      const init = isRecord(body.fetchRequestInit) ? body.fetchRequestInit : {};
      const headers = new Headers(Array.isArray(init.headers) ? (init.headers as [string, string][]) : []);
      headers.set('X-Local-Caller', `user:${identity.accountId}`); // @forge/bridge fetches run as the user
      const method = typeof init.method === 'string' ? init.method.toUpperCase() : 'GET';
      const r = await fetch(siteUrl + restPath, {
        method,
        headers,
        ...(typeof init.body === 'string' && method !== 'GET' && method !== 'HEAD'
          ? { body: init.body }
          : {}),
      });
      const text = await r.text();
      const responseHeaders: Record<string, string> = {};
      r.headers.forEach((value, name) => {
        responseHeaders[name] = value;
      });
      addLog(
        'bridge',
        r.ok,
        `request${String(body.product) === 'confluence' ? 'Confluence' : 'Jira'} ${method} ${restPath} → ${r.status}`,
      );
      return json(res, 200, {
        status: r.status,
        statusText: r.statusText,
        headers: responseHeaders,
        body: text,
      });
    }
    if (route === 'POST /api/bridge') {
      const cmd = typeof body.cmd === 'string' ? body.cmd : 'unknown';
      const kind: LogKind =
        cmd === 'showFlag' ? 'flag' : cmd === 'navigate' || cmd === 'open' ? 'navigate' : 'bridge';
      const data = body.data;
      const title = isRecord(data) && typeof data.title === 'string' ? `: ${data.title}` : '';
      const target = isRecord(data) && typeof data.url === 'string' ? ` → ${data.url}` : '';
      addLog(kind, body.ok !== false, `${cmd}${title}${target}`, data);
      return json(res, 200, { ok: true });
    }
    if (route === 'POST /api/action') {
      const name = typeof body.action === 'string' ? body.action : '';
      if (!/^[a-z][a-z-]*$/.test(name)) throw new HttpError(400, 'action must be a /__local/actions name');
      actionCounter += 1;
      const actionBody = fillCounter(body.body ?? {}, actionCounter);
      const r = await fetch(`${siteUrl}/__local/actions/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(actionBody),
      });
      const answer: unknown = await r.json().catch(() => ({}));
      const error = isRecord(answer) && typeof answer.error === 'string' ? `: ${answer.error}` : '';
      addLog('action', r.ok, `${name} → ${r.status}${error}`, { body: actionBody, answer });
      let delivered = 0;
      if (r.ok) {
        delivered = await runtime.pumpFeed();
        const drained = await runtime.drain({ advanceClock: false });
        syncBackgroundInvocations();
        addLog(
          'feed',
          true,
          `${delivered} product event(s) read from the change feed; ${drained.pending} still pending`,
        );
      }
      return json(res, r.ok ? 200 : r.status, { ok: r.ok, answer, delivered });
    }
    if (route === 'POST /api/clock') {
      const ms = typeof body.ms === 'number' ? body.ms : NaN;
      if (!Number.isInteger(ms) || ms < 0 || ms > 7 * 24 * 3600_000)
        throw new HttpError(400, 'ms must be an integer between 0 and one week');
      await runtime.pumpFeed();
      const report = await runtime.tick(ms);
      syncBackgroundInvocations();
      addLog(
        'clock',
        true,
        `clock +${ms / 60_000} min → ${new Date(report.to).toISOString()} (${report.invocations} invocation(s))`,
      );
      return json(res, 200, {
        ok: true,
        now: new Date(report.to).toISOString(),
        invocations: report.invocations,
      });
    }
    if (route === 'POST /api/directory/refresh') {
      directory = await loadDirectory();
      return json(res, 200, directory);
    }
    throw new HttpError(404, `no route ${route}`);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 500) addLog('error', false, `${req.method ?? ''} ${req.url ?? ''}: ${message}`);
      if (!res.headersSent) json(res, status, { error: message });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    get directory() {
      return directory;
    },
    log,
    async refreshDirectory() {
      directory = await loadDirectory();
      return directory;
    },
    panelUrl(selection) {
      const q = new URLSearchParams({ module: selection.module, role: selection.role });
      if (selection.desk !== undefined) q.set('desk', selection.desk);
      if (selection.space !== undefined) q.set('space', selection.space);
      return `${url}/panel?${q.toString()}`;
    },
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
      await Promise.all([...bundlers.values()].map((b) => b.dispose()));
    },
  };
}
