/**
 * The seam between the emulated site's HTTP layer (routing, handlers, state) and its "governor": the
 * documented REST rate limits (points quota, burst buckets), the metering API and fault injection.
 * The HTTP layer asks `admit` before running an operation and `settle` after it, and attaches the
 * headers it gets back. Everything here reads time from the shared VirtualClock only.
 */

/** Who is calling, as the local Forge runtime tells the site (header X-Local-Caller). */
export type Caller =
  | { type: 'app'; appId: string }
  /** `via: 'api-token'`: Basic auth with the user's API token (api-tokens.ts), charged to no app. */
  | { type: 'user'; accountId: string; via?: 'api-token' }
  | { type: 'anonymous' };

export type Product = 'jira' | 'jsm' | 'confluence';

export interface RequestInfo {
  /** Upper-case HTTP method. */
  method: string;
  /** Path without the query string, as sent (e.g. /rest/api/3/group/member). */
  path: string;
  /** The official spec's operationId (e.g. getUsersFromGroup), or the spec path key when a spec has none. */
  operationId: string;
  product: Product;
  caller: Caller;
}

/**
 * What the operation returned, for the points charge (forge-platform.md §3.8): base 1 + 1 per core object,
 * 2 per identity object (users, groups, permissions); writes cost the base only.
 */
export interface OperationOutcome {
  status: number;
  /** Objects in the response body that the points model counts (e.g. users in a page). */
  objectCount: number;
  objectClass: 'identity' | 'core';
}

export type Admission =
  | { kind: 'serve'; delayMs?: number }
  | { kind: 'reject'; status: number; headers: Record<string, string>; body: unknown; reason: string }
  | { kind: 'drop' };

export interface Governor {
  /** Decide before the handler runs: quota wall, burst bucket, scripted or random fault. */
  admit(request: RequestInfo): Admission;
  /** Charge the finished request; returns rate-limit headers to attach to the response. */
  settle(request: RequestInfo, outcome: OperationOutcome): Record<string, string>;
}
