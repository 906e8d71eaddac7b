/**
 * An HTTP proxy between the local Forge runtime and the emulated site, for the write-path cases of issue 15
 * (docs/reliability.md §8). Every request is forwarded unchanged, except those a rule matches:
 * - `lose-answer`: the site performs the request, then the caller gets a 503 instead of the site's answer
 *   (a gateway that lost the response: every retry is performed and lost again);
 * - `fail`: the request never reaches the site; the caller gets a 503;
 * - `hold`: the request waits at the proxy until `release()`, then reaches the site (a write in flight).
 * The proxy sits outside the runtime and the site, so both run unchanged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'lose-answer' | 'fail' | 'hold';

export interface ProxyRule {
  readonly method: string;
  /** Matches the path (without query) by prefix. */
  readonly pathPrefix: string;
  readonly mode: ProxyMode;
  /** The first `skip` matching requests are forwarded untouched. */
  readonly skip?: number;
}

export interface SiteProxy {
  readonly url: string;
  /** Replace the rules (an empty list forwards everything). */
  setRules(rules: readonly ProxyRule[]): void;
  /** Requests each rule index matched so far. */
  hits(): number[];
  /** Requests waiting at a `hold` rule now. */
  held(): number;
  /** Let every held request through (later ones matching a `hold` rule wait again). */
  release(): void;
  close(): Promise<void>;
}

const LOST = JSON.stringify({ errorMessages: ['Service unavailable (proxy lost the answer)'], errors: {} });

export async function startSiteProxy(siteUrl: string): Promise<SiteProxy> {
  let rules: readonly ProxyRule[] = [];
  let counts: number[] = [];
  let waiting: (() => void)[] = [];
  const target = new URL(siteUrl);

  const forward = async (
    req: http.IncomingMessage,
    body: string,
  ): Promise<{ status: number; headers: Headers; body: ArrayBuffer }> => {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value === undefined || key === 'host' || key === 'content-length' || key === 'connection') continue;
      headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = req.method ?? 'GET';
    const res = await fetch(new URL(req.url ?? '/', target), {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' || body.length === 0 ? {} : { body }),
    });
    return { status: res.status, headers: res.headers, body: await res.arrayBuffer() };
  };

  const server = http.createServer((req, res) => {
    // The app's REST bodies are JSON text.
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const index = rules.findIndex(
          (r) => r.method === (req.method ?? 'GET').toUpperCase() && path.startsWith(r.pathPrefix),
        );
        const matched = index >= 0 ? rules[index] : undefined;
        if (matched !== undefined) counts[index] = (counts[index] ?? 0) + 1;
        const rule = (counts[index] ?? 0) > (matched?.skip ?? 0) ? matched : undefined;
        try {
          if (rule?.mode === 'fail') {
            res.writeHead(503, { 'content-type': 'application/json' }).end(LOST);
            return;
          }
          if (rule?.mode === 'hold') await new Promise<void>((resolve) => waiting.push(resolve));
          const answer = await forward(req, body);
          if (rule?.mode === 'lose-answer') {
            res.writeHead(503, { 'content-type': 'application/json' }).end(LOST);
            return;
          }
          const headers: Record<string, string> = {};
          answer.headers.forEach((value, key) => {
            if (key !== 'content-length' && key !== 'transfer-encoding' && key !== 'content-encoding')
              headers[key] = value;
          });
          res.writeHead(answer.status, headers).end(Buffer.from(answer.body));
        } catch (error) {
          res.destroy(error instanceof Error ? error : new Error(String(error)));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setRules(next) {
      rules = [...next];
      counts = next.map(() => 0);
    },
    hits: () => [...counts],
    held: () => waiting.length,
    release() {
      const go = waiting;
      waiting = [];
      for (const resolve of go) resolve();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        const go = waiting;
        waiting = [];
        for (const resolve_ of go) resolve_();
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
