/**
 * Test helpers: start an emulated site, call it as the app or a user, and check responses against the spec.
 */
import { VirtualClock } from '../../../../local/clock/virtual-clock';
import { createSite, type SiteHandle } from '../../../../local/atlassian-site/index';
import type { SiteSeed } from '../../../../local/atlassian-site/seed';
import { demoScenario } from '../../../../local/atlassian-site/scenarios/demo';
import type { SpecName } from '../../../../local/atlassian-site/spec-documents';
import { componentSchema, errorsAgainst, responseSpec, schemaErrors } from './spec-validator';

export const APP_ID = 'identity-reconciler-local';

export async function startSite(seed: SiteSeed = demoScenario()): Promise<SiteHandle> {
  return createSite({ clock: new VirtualClock(), seed, appId: APP_ID });
}

export interface CallOptions {
  /** `app`, a user accountId, or `anonymous`. Default app. */
  as?: string;
  query?: Record<string, string | number | boolean | (string | number)[]>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SiteResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function call(
  site: SiteHandle,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<SiteResponse> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {}))
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  const url = `${site.url}${path}${params.size > 0 ? `?${params.toString()}` : ''}`;
  const as = options.as ?? 'app';
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (as === 'app') headers['X-Local-Caller'] = `app:${APP_ID}`;
  else if (as !== 'anonymous') headers['X-Local-Caller'] = `user:${as}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text.length > 0 ? (JSON.parse(text) as unknown) : undefined,
  };
}

/** Product error bodies for statuses the spec documents without a schema (jira-platform.v3 often does). */
function errorShapeErrors(spec: SpecName, body: unknown): string[] {
  switch (spec) {
    case 'jira':
      return errorsAgainst('jira', 'ErrorCollection', componentSchema('ErrorCollection'), body);
    case 'jsm':
      return errorsAgainst('jsm', 'ErrorResponse', componentSchema('ErrorResponse'), body);
    case 'confluence-v1': {
      const b = body as { statusCode?: unknown; message?: unknown; data?: unknown };
      return typeof b.statusCode === 'number' && typeof b.message === 'string' && typeof b.data === 'object'
        ? []
        : ['not {statusCode, message, data}'];
    }
    case 'confluence-v2': {
      const errors = (body as { errors?: { status?: unknown; code?: unknown; title?: unknown }[] }).errors;
      return Array.isArray(errors) &&
        errors.every(
          (e) => typeof e.status === 'number' && typeof e.code === 'string' && typeof e.title === 'string',
        )
        ? []
        : ['not {errors:[{status, code, title, detail}]}'];
    }
  }
}

/**
 * Asserts the response is what the spec documents for this operation: the status is documented, and the body
 * validates against the status's schema (or, for an error documented without a schema, the product's error shape).
 */
export function expectSpecValid(
  spec: SpecName,
  method: string,
  pathTemplate: string,
  response: SiteResponse,
): void {
  const entry = responseSpec(spec, method, pathTemplate, response.status);
  if (!entry.documented)
    throw new Error(
      `${method} ${pathTemplate}: status ${response.status} is not documented in ${spec}; body ${response.text}`,
    );
  let errors: string[];
  if (entry.schema !== undefined)
    errors = schemaErrors(spec, method, pathTemplate, response.status, response.body);
  else if (response.status >= 400) errors = errorShapeErrors(spec, response.body);
  else errors = response.text.length === 0 ? [] : [`expected no body, got ${response.text.slice(0, 200)}`];
  if (errors.length > 0)
    throw new Error(
      `${method} ${pathTemplate} ${response.status} violates ${spec}:\n${errors.join('\n')}\nbody: ${response.text.slice(0, 1500)}`,
    );
}
