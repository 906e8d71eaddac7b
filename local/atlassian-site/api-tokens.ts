/**
 * Basic auth with an Atlassian account's email and API token, as a real site accepts it from scripts
 * (developer.atlassian.com, "Basic auth for REST APIs", Overview: "If you log in and don't have permission to
 * view something in Jira, you won't be able to view it using the Jira REST API either"). The request then runs
 * as that user, with that user's permissions: the caller is `{ type: 'user', accountId, via: 'api-token' }`, as a
 * Forge `asUser()` call is, so every permission check of operations/ applies unchanged. `via` only tells the
 * governor that no app's points quota is charged (burst limits still apply; governor.ts `chargedApp`).
 *
 * Credentials that do not match (unknown email, wrong token, a token of another account, an account that is
 * not an active Atlassian account) are refused with 401: the official specs document 401 on every operation as
 * "Returned if the authentication credentials are incorrect or missing" (e.g. jira-platform.v3.json
 * getServerInfo / bulkGetUsers responses). A request with no Authorization header is not handled here (it
 * falls through to `X-Local-Caller` / anonymous, router.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from './governor/types';
import type { SiteState } from './state';

export type BasicAuthOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'user'; readonly caller: Extract<Caller, { type: 'user' }> }
  | { readonly kind: 'rejected'; readonly message: string };

export const BASIC_AUTH_REJECTED = 'Basic authentication failed: the email and API token do not match.';

/** Who a `Authorization: Basic base64(email:token)` header names, checked against the site's API tokens. */
export function basicAuthCaller(headers: IncomingHttpHeaders, state: SiteState): BasicAuthOutcome {
  const raw = headers.authorization;
  if (raw === undefined) return { kind: 'none' };
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(raw);
  if (match === null) return { kind: 'rejected', message: BASIC_AUTH_REJECTED };
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return { kind: 'rejected', message: BASIC_AUTH_REJECTED };
  const email = decoded.slice(0, colon).trim().toLowerCase();
  const token = decoded.slice(colon + 1);
  const accountId = state.apiTokens.get(token);
  const account = accountId === undefined ? undefined : state.accounts.get(accountId);
  if (
    account === undefined ||
    account.accountType !== 'atlassian' ||
    account.status !== 'active' ||
    account.email?.toLowerCase() !== email
  )
    return { kind: 'rejected', message: BASIC_AUTH_REJECTED };
  return { kind: 'user', caller: { type: 'user', accountId: account.accountId, via: 'api-token' } };
}
