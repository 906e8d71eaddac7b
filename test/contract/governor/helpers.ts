import { VirtualClock } from '../../../local/clock/virtual-clock';
import { type Caller, type Product, type RequestInfo } from '../../../local/atlassian-site/governor';

export const APP: Caller = { type: 'app', appId: 'local-app' };
export const OTHER_APP: Caller = { type: 'app', appId: 'other-app' };
export const USER: Caller = { type: 'user', accountId: '5b10ac8d82e05b22cc7d4ef5' };

/** 2026-11-23T09:30:00Z: mid-hour, so Retry-After to the next UTC hour is 1,800 s. */
export const HALF_PAST_NINE = Date.UTC(2026, 10, 23, 9, 30, 0);

export function clockAt(ms: number = HALF_PAST_NINE): VirtualClock {
  return new VirtualClock({ startMs: ms });
}

export function req(
  product: Product,
  method: string,
  path: string,
  operationId: string,
  caller: Caller = APP,
): RequestInfo {
  return { product, method, path, operationId, caller };
}

export const getUsersFromGroup = (caller: Caller = APP): RequestInfo =>
  req('jira', 'GET', '/rest/api/3/group/member', 'getUsersFromGroup', caller);
export const addUserToGroup = (caller: Caller = APP): RequestInfo =>
  req('jira', 'POST', '/rest/api/3/group/user', 'addUserToGroup', caller);
export const jiraGetUser = (caller: Caller = APP): RequestInfo =>
  req('jira', 'GET', '/rest/api/3/user', 'getUser', caller);
export const confluenceGetUser = (caller: Caller = APP): RequestInfo =>
  req('confluence', 'GET', '/wiki/rest/api/user', 'getUser', caller);
export const confluenceSearchUser = (caller: Caller = APP): RequestInfo =>
  req('confluence', 'GET', '/wiki/rest/api/search/user', 'searchUser', caller);
export const confluenceV2Spaces = (caller: Caller = APP): RequestInfo =>
  req('confluence', 'GET', '/wiki/api/v2/spaces', 'getSpaces', caller);
export const getCustomers = (deskId = '1', caller: Caller = APP): RequestInfo =>
  req('jsm', 'GET', `/rest/servicedeskapi/servicedesk/${deskId}/customer`, 'getCustomers', caller);

export const IDENTITY = (status: number, objectCount: number) =>
  ({ status, objectCount, objectClass: 'identity' }) as const;
export const CORE = (status: number, objectCount: number) =>
  ({ status, objectCount, objectClass: 'core' }) as const;
