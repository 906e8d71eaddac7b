// A tiny in-test HTTP server that plays the emulated site's side of the contract (docs/architecture.md):
// Atlassian paths answer only with an X-Local-Caller header, every request is recorded, and
// GET /__local/feed?after=<seq> serves change-feed entries the test appends.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FeedEntry } from '../../../local/forge-runtime';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export interface FakeSite {
  url: string;
  requests: RecordedRequest[];
  feed: FeedEntry[];
  /** Appends a feed entry with the next seq. */
  emit(eventType: string, payload: Record<string, unknown>, caller?: string): FeedEntry;
  /** Product requests only (not the feed). */
  productRequests(): RecordedRequest[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeSite(): Promise<FakeSite> {
  const requests: RecordedRequest[] = [];
  const feed: FeedEntry[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Uint8Array[] = [];
    req.on('data', (c: Uint8Array) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake-site');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      );
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      if (url.pathname === '/__local/feed') {
        const after = Number(url.searchParams.get('after') ?? '0');
        send(res, 200, { events: feed.filter((e) => e.seq > after) });
        return;
      }
      const caller = headers['x-local-caller'];
      if (!caller) {
        send(res, 401, { errorMessages: ['anonymous'] });
        return;
      }
      if (url.pathname === '/rest/api/3/user') {
        const accountId = url.searchParams.get('accountId') ?? '';
        send(res, 200, { accountId, displayName: `User ${accountId}` });
        return;
      }
      if (url.pathname === '/rest/api/3/myself') {
        send(res, 200, { accountId: caller.startsWith('user:') ? caller.slice(5) : 'app-bot', caller });
        return;
      }
      send(res, 404, { errorMessages: [`no route ${url.pathname}`] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    feed,
    emit(eventType, payload, caller) {
      const entry: FeedEntry = {
        seq: feed.length + 1,
        eventType,
        payload,
        ...(caller !== undefined ? { caller } : {}),
      };
      feed.push(entry);
      return entry;
    },
    productRequests: () => requests.filter((r) => r.path !== '/__local/feed'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
