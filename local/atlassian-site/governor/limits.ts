/**
 * Every documented number the governor enforces, in one place, each with its source in
 * ../shared/docs/forge-platform.md §3.8 (and §0 item 6). Guesses are marked VERIFY and listed in docs/rate-limits.md.
 */
import { type Product } from './types';

/** §3.8 "each request costs base 1 + objects". */
export const BASE_POINTS = 1;
/** §3.8 "Core objects (issues, projects, pages, spaces) cost 1 each". */
export const CORE_OBJECT_POINTS = 1;
/** §3.8 "Identity & access objects (users, groups, project roles, permissions) cost 2 each". */
export const IDENTITY_OBJECT_POINTS = 2;
/** §3.8 "Writes (POST/PUT/PATCH/DELETE) cost base only". */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** VERIFY: a request the rate limiter itself rejected (429) is not charged. */
export const RATE_LIMITED_POINTS = 0;
/** VERIFY: any other error response (4xx, 5xx, injected 5xx) is charged the base only. */
export const ERROR_POINTS = BASE_POINTS;

/** §3.8 "Tier 1 – Global Pool (default): 65,000 points/hour per app, shared across all tenants". */
export const TIER1_POINTS_PER_HOUR = 65_000;
/** §3.8 "Quotas are per hour and reset at the top of each UTC hour, with no carry-over". */
export const QUOTA_WINDOW_MS = 3_600_000;
/** §3.8 `X-RateLimit-NearLimit: true` "(< 20% remaining)". */
export const NEAR_LIMIT_REMAINING_FRACTION = 0.2;
/** §3.8 "`r` appears only above ~80% usage". VERIFY: the "~" — we use strictly more than 80% used. */
export const STRUCTURED_REMAINING_USAGE_FRACTION = 0.8;
/** §3.8 `RateLimit-Policy: "global-app-quota";q=65000;w=3600`. */
export const GLOBAL_POLICY_NAME = 'global-app-quota';

/** §3.8 `RateLimit-Reason` values. */
export const QUOTA_REASON: Record<Product, string> = {
  jira: 'jira-quota-global-based',
  jsm: 'jira-quota-global-based',
  confluence: 'confluence-quota-global-based',
};
/**
 * §3.8 lists `jira-burst-based` only; the Confluence list has no burst reason.
 * VERIFY: Confluence burst 429s are reported with the same `jira-burst-based` value.
 */
export const BURST_REASON: Record<Product, string> = {
  jira: 'jira-burst-based',
  jsm: 'jira-burst-based',
  confluence: 'jira-burst-based',
};

/** §3.8 "Defaults GET 100 / POST 100 / PUT 50 / DELETE 50 RPS steady state". VERIFY: PATCH (unlisted) = PUT. */
export const DEFAULT_BURST_RPS: Readonly<Record<string, number>> = {
  GET: 100,
  POST: 100,
  PUT: 50,
  PATCH: 50,
  DELETE: 50,
};
/** VERIFY: methods the doc does not list (HEAD, OPTIONS) use the GET rate. */
export const FALLBACK_BURST_RPS = 100;

export interface BurstOverride {
  product: Product;
  method: string;
  /** The spec operationId: buckets key on the operation, never on a concrete path id. */
  operationId: string;
  rps: number;
  /** Operations naming the same shareKey draw from one bucket (none by default). */
  shareKey?: string;
}

/**
 * §3.8 "Overrides include `GET /api/{version}/user` 150, `GET /api/search/user` 200, and
 * `GET /servicedeskapi/servicedesk/{servicedeskid}/customer` 5".
 * VERIFY: `/api/{version}/user` = Jira getUser (/rest/api/3/user); `/api/search/user` = Confluence v1 searchUser
 * (/wiki/rest/api/search/user). VERIFY: the bucket keys on the operation, not the concrete service desk id.
 * VERIFY: "user-search endpoints share a collective rate limit" is not modelled by default (no shareKey).
 */
export const DEFAULT_BURST_OVERRIDES: readonly BurstOverride[] = [
  { product: 'jira', method: 'GET', operationId: 'getUser', rps: 150 },
  { product: 'confluence', method: 'GET', operationId: 'searchUser', rps: 200 },
  { product: 'jsm', method: 'GET', operationId: 'getCustomers', rps: 5 },
];

/** VERIFY: bucket capacity is one second of steady-state rate (a burst of `rps` requests at one instant). */
export const BURST_CAPACITY_SECONDS = 1;
