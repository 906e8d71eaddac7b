/**
 * `global.__forge_fetch__(meta, path, init)`: the one door every @forge/api, @forge/kvs and @forge/events
 * call goes through (forge-offline.md §2). This module installs it (and the `__forge_runtime__` getter that
 * getAppContext() reads) once per global, and hands each call to the runtime that owns the current
 * invocation (AsyncLocalStorage), or to the most recently created open runtime for calls made outside any
 * invocation (test set-up code).
 */
import { z } from 'zod';
import { invocationScopes, type InvocationScope } from './invocation';

export const fetchMetaSchema = z.looseObject({
  type: z.string(),
  provider: z.string().optional(),
  remote: z.string().optional(),
  accountId: z.string().optional(),
  contextAri: z.string().optional(),
});
export type FetchMeta = z.infer<typeof fetchMetaSchema>;

export interface FetchTarget {
  readonly ownerId: string;
  forgeFetch(
    meta: FetchMeta,
    path: string,
    init: RequestInit | undefined,
    scope: InvocationScope | undefined,
  ): Promise<Response>;
}

const targets: FetchTarget[] = [];

interface ForgeGlobals {
  __forge_fetch__?: unknown;
  __forge_runtime__?: unknown;
}

function install(): void {
  const g = globalThis as ForgeGlobals;
  g.__forge_fetch__ = async (rawMeta: unknown, path: unknown, init: unknown): Promise<Response> => {
    const meta = fetchMetaSchema.parse(rawMeta);
    if (typeof path !== 'string') throw new TypeError('__forge_fetch__: path must be a string');
    const scope = invocationScopes.getStore();
    const target = (scope && targets.find((t) => t.ownerId === scope.ownerId)) ?? targets.at(-1);
    if (!target) throw new Error('__forge_fetch__: no local Forge runtime is open');
    const requestInit = typeof init === 'object' && init !== null ? (init as RequestInit) : undefined;
    return target.forgeFetch(meta, path, requestInit, scope);
  };
  Object.defineProperty(globalThis, '__forge_runtime__', {
    configurable: true,
    enumerable: false,
    get: () => invocationScopes.getStore()?.forgeRuntime,
  });
}

export function attachTarget(target: FetchTarget): () => void {
  if (targets.length === 0) install();
  targets.push(target);
  return () => {
    const i = targets.indexOf(target);
    if (i >= 0) targets.splice(i, 1);
    if (targets.length === 0) {
      const g = globalThis as ForgeGlobals;
      delete g.__forge_fetch__;
      delete g.__forge_runtime__;
    }
  };
}

export function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  const nullBody = status === 204 || status === 205 || status === 304;
  return new Response(body === undefined || nullBody ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
  });
}
