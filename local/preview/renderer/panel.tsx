/**
 * The panel iframe: installs `window.__bridge` (this script runs BEFORE the app's UI Kit bundle), then
 * renders every forgeDoc the app reconciles with real ADS components. Bridge commands:
 * reconcile → render; invoke → POST /api/invoke (the host calls the local Forge runtime); getContext → the
 * Forge context of this module and person; fetchProduct → POST /api/fetch-product (as the user); showFlag,
 * closeFlag, navigate, open → the host page (flags, event log); the rest is answered or refused loudly.
 * An invoke refused with NEEDS_AUTHENTICATION_ERR shows Forge's "Allow access" step instead (consent.tsx).
 */
import React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { setGlobalTheme } from '@atlaskit/tokens';
import type { InvokeAnswer, PanelBootstrap, PanelMessage } from '../protocol';
import { MAPPED_TYPES, renderNode, type RenderEnv } from './components';
import { showConsentStep } from './consent';
import { FunctionTable, sanitizeArgs, snapshotDoc, type DocNode } from './serialize';
import { BASE_CSS, injectCss } from './styles';

declare global {
  interface Window {
    __PREVIEW_PANEL__: PanelBootstrap;
    __bridge: { callBridge: (cmd: string, data?: unknown) => Promise<unknown> };
    /** For tests: every bridge command the app sent, in order. */
    __previewBridgeLog: string[];
    /** For tests: the latest forgeDoc snapshot rendered. */
    __previewDoc: DocNode | undefined;
    /** For tests and docs: the forgeDoc types this renderer maps to ADS. */
    __previewMappedTypes: readonly string[];
  }
}

const boot = window.__PREVIEW_PANEL__;
injectCss(BASE_CSS);

const post = async <T,>(path: string, body: unknown): Promise<T> => {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as T & { error?: string };
  if (!res.ok)
    throw new Error(typeof answer.error === 'string' ? answer.error : `${path} answered ${res.status}`);
  return answer;
};

const toParent = (cmd: string, data: unknown): void => {
  const message: PanelMessage = { source: 'forge-preview-panel', cmd, data };
  if (window.parent !== window) window.parent.postMessage(message, window.location.origin);
};

const report = (cmd: string, data: unknown, ok = true): void => {
  toParent(cmd, data);
  post('/api/bridge', { selection: boot.selection, cmd, data, ok }).catch(() => undefined);
};

const table = new FunctionTable();
const userNames = new Map<string, Promise<string>>();
const env: RenderEnv = {
  call(id, args) {
    try {
      const result = table.call(id, sanitizeArgs(args));
      if (result instanceof Promise)
        result.catch((e: unknown) =>
          report('onError', { message: e instanceof Error ? e.message : String(e) }, false),
        );
    } catch (e) {
      report('onError', { message: e instanceof Error ? e.message : String(e) }, false);
    }
  },
  navigate(url, newTab) {
    report('navigate', { url, type: newTab ? 'new-tab' : 'same-tab' });
    if (newTab && /^https?:/.test(url)) window.open(url, '_blank', 'noopener');
  },
  userName(accountId) {
    let p = userNames.get(accountId);
    if (!p) {
      p = fetch(`/api/user?accountId=${encodeURIComponent(accountId)}`)
        .then((r) => r.json() as Promise<{ displayName?: string }>)
        .then((u) => u.displayName ?? accountId);
      userNames.set(accountId, p);
    }
    return p;
  },
};

// ---------- rendering ----------
const themeReady = setGlobalTheme({
  colorMode: 'light',
  spacing: 'spacing',
  shape: 'shape',
  typography: 'typography-refreshed',
})
  .then(() => undefined)
  .catch(() => undefined);
let root: Root | undefined;
let pending: DocNode | undefined;
const paint = (doc: DocNode): void => {
  window.__previewDoc = doc;
  root ??= createRoot(document.getElementById('root') as HTMLElement);
  root.render(<React.StrictMode>{renderNode(doc, env)}</React.StrictMode>);
};
let themed = false;
void themeReady.then(() => {
  themed = true;
  if (pending) paint(pending);
});
const reconcile = (forgeDoc: unknown): void => {
  table.begin();
  const doc = snapshotDoc(forgeDoc, table);
  pending = doc;
  if (themed) paint(doc);
};

// ---------- events between apps (emit/on) stay inside this panel ----------
const listeners = new Map<string, Set<(payload: unknown) => void>>();

// ---------- the bridge ----------
window.__previewBridgeLog = [];
window.__previewMappedTypes = MAPPED_TYPES;
window.__bridge = {
  callBridge(cmd: string, data?: unknown): Promise<unknown> {
    window.__previewBridgeLog.push(cmd);
    const d = (data ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case 'reconcile':
        reconcile(d.forgeDoc);
        return Promise.resolve();
      case 'invoke':
        return post<InvokeAnswer>('/api/invoke', {
          selection: boot.selection,
          functionKey: d.functionKey,
          payload: d.payload,
        }).then((answer) => {
          if (!answer.ok && answer.error?.name === boot.consentErrorName) {
            // Not the app's to handle: the platform asks the user to allow access, then re-initializes the app.
            showConsentStep(boot.appName, async () => {
              await post('/api/consent', { selection: boot.selection });
              window.location.reload();
            });
            return new Promise<never>(() => undefined);
          }
          if (!answer.ok) {
            const error = new Error(answer.error?.message ?? 'resolver failed');
            error.name = answer.error?.name ?? 'Error';
            throw error;
          }
          return d.metadata !== undefined ? { body: answer.value, metadata: {} } : answer.value;
        });
      case 'getContext':
        return Promise.resolve(structuredClone(boot.context));
      case 'fetchProduct':
        return post('/api/fetch-product', { selection: boot.selection, ...d });
      case 'showFlag':
      case 'closeFlag':
        report(cmd, data);
        return Promise.resolve(true);
      case 'navigate':
      case 'open':
        report(cmd, data);
        if (d.type === 'new-tab' && typeof d.url === 'string' && /^https?:/.test(d.url))
          window.open(d.url, '_blank', 'noopener');
        return Promise.resolve(true);
      case 'getUrl':
        return Promise.resolve(
          new URL(
            typeof d === 'string' ? d : typeof d.url === 'string' ? d.url : '/',
            boot.context.siteUrl as string,
          ),
        );
      case 'reload':
      case 'refresh':
        window.location.reload();
        return Promise.resolve(true);
      case 'changeWindowTitle':
        document.title = String(data);
        return Promise.resolve();
      case 'emit': {
        for (const fn of listeners.get(String(d.event)) ?? []) fn(d.payload);
        return Promise.resolve();
      }
      case 'on': {
        const set = listeners.get(String(d.event)) ?? new Set();
        const fn = d.callback as (payload: unknown) => void;
        set.add(fn);
        listeners.set(String(d.event), set);
        return Promise.resolve({ unsubscribe: () => set.delete(fn) });
      }
      case 'onError':
        report('onError', { message: d.error instanceof Error ? d.error.message : String(d.error) }, false);
        return Promise.resolve();
      case 'enableTheming':
      case 'emitReadyEvent':
      case 'initFeatureFlags':
      case 'emitFrontendCustomMetric':
        return Promise.resolve();
      case 'getFrameId':
        return Promise.resolve(`preview-${boot.selection.module}`);
      default: {
        report('unsupported', { cmd }, false);
        return Promise.reject(new Error(`The local preview does not implement the bridge command '${cmd}'.`));
      }
    }
  },
};

// ---------- tell the host who we are and how tall we are ----------
toParent('panel-ready', { notices: boot.notices, identity: boot.identity, context: boot.context });
new ResizeObserver(() => toParent('resize', { height: document.documentElement.scrollHeight })).observe(
  document.documentElement,
);
window.addEventListener('error', (e) => report('onError', { message: e.message }, false));
