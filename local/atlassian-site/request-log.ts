/**
 * The log of every mutating REST request the site received (POST / PUT / PATCH / DELETE on an Atlassian path),
 * whatever became of it: method, path (+ query), a digest of the body, the `X-Local-Caller`, and the outcome
 * (the HTTP status, or `dropped` when a fault closed the connection). Unlike the write log (`state.writeLog`,
 * effects only), it shows attempts: a retried write appears twice, a refused one with its status. Reads sent
 * as POST (JQL search, users-bulk, permissions/check) are listed too; `read` tells them apart.
 * Served as `GET /__local/writes?after=<seq>`.
 */
import { createHash } from 'node:crypto';

export interface RequestLogEntry {
  seq: number;
  /** ISO-8601 virtual time the request arrived. */
  at: string;
  method: string;
  /** Path with its query string, as sent. */
  path: string;
  /** First 16 hex digits of the SHA-256 of the body as received ('' when there was none). */
  bodyDigest: string;
  /** The X-Local-Caller header (`app:<id>`, `user:<accountId>`), 'basic-auth' (API token), or 'anonymous'. */
  caller: string;
  /** True for POST operations that only read (they change nothing). */
  read: boolean;
  outcome: number | 'dropped';
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** POST operations of the implemented surface that read only. */
const READ_POSTS = [
  /^\/rest\/api\/3\/search\/jql$/,
  /^\/rest\/api\/3\/permissions\/check$/,
  /^\/wiki\/api\/v2\/users-bulk$/,
];

export const isMutatingMethod = (method: string): boolean => MUTATING.has(method.toUpperCase());

export const bodyDigest = (text: string): string =>
  text.length === 0 ? '' : createHash('sha256').update(text).digest('hex').slice(0, 16);

export class RequestLog {
  readonly entries: RequestLogEntry[] = [];

  /** Records one request; returns a function that sets its outcome once known. */
  begin(input: {
    at: string;
    method: string;
    path: string;
    body: string;
    caller: string | undefined;
  }): (outcome: number | 'dropped') => void {
    const method = input.method.toUpperCase();
    const pathOnly = input.path.split('?')[0] ?? input.path;
    const entry: RequestLogEntry = {
      seq: this.entries.length + 1,
      at: input.at,
      method,
      path: input.path,
      bodyDigest: bodyDigest(input.body),
      caller: input.caller ?? 'anonymous',
      read: method === 'POST' && READ_POSTS.some((re) => re.test(pathOnly)),
      outcome: 'dropped',
    };
    this.entries.push(entry);
    return (outcome) => {
      entry.outcome = outcome;
    };
  }

  since(after: number): RequestLogEntry[] {
    return this.entries.filter((e) => e.seq > after);
  }
}
