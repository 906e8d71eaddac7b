/**
 * Read-only probes of the docs/assumptions.md rows an Atlassian account's API token can check
 * (`identity-reconciler doctor`, docs/cli.md). Each probe is one or two GETs through the request layer (so the
 * same retries, rate-limit handling and read-only transport apply) and reads the raw JSON, because the point is
 * to see what the site really answers, not what the adapters' schemas accept.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { httpStatusOf, type RestClient, type RestRequest } from '../http/request';

export type ProbeOutcome = 'pass' | 'fail' | 'cannot-check';

export interface ProbeResult {
  /** The row of docs/assumptions.md. */
  readonly id: string;
  readonly outcome: ProbeOutcome;
  /** What was asked and what the site answered (no emails, no names). */
  readonly detail: string;
}

const raw = z.unknown();
type RawRequest = RestRequest<typeof raw>;

const read = (product: RawRequest['product'], operation: string, path: RawRequest['route']): RawRequest => ({
  product,
  operation,
  method: 'GET',
  route: path,
  schema: raw,
  cost: { kind: 'read', objects: 'identity', count: () => 1 },
});

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** The status of a failed probe request; rethrows anything that is not an HTTP answer. */
const statusOrThrow = (error: unknown): number => {
  const status = httpStatusOf(error);
  if (status === null) throw error;
  return status;
};

/**
 * Runs every probe as the client's caller. Network failures and rate limits that outlast the request layer's
 * retries propagate (the caller reports them); HTTP refusals become `fail` or `cannot-check` per row.
 */
export async function probeAssumptions(client: RestClient): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];

  // T1: Basic auth runs as the token's account.
  let self: string | null = null;
  try {
    const me = record((await client.send(read('jira', 'getCurrentUser', route`/rest/api/3/myself`))).value);
    self = typeof me.accountId === 'string' ? me.accountId : null;
    results.push({
      id: 'T1',
      outcome: self === null ? 'fail' : 'pass',
      detail: `GET /rest/api/3/myself answered 200 ${self === null ? 'without' : 'with'} the account's accountId`,
    });
  } catch (e) {
    const status = statusOrThrow(e);
    results.push({ id: 'T1', outcome: 'fail', detail: `GET /rest/api/3/myself answered ${status}` });
  }

  // R5: serverInfo.baseUrl is an https URL.
  try {
    const server = record(
      (await client.send(read('jira', 'getServerInfo', route`/rest/api/3/serverInfo`))).value,
    );
    const baseUrl = typeof server.baseUrl === 'string' ? server.baseUrl : null;
    results.push({
      id: 'R5',
      outcome: baseUrl !== null && baseUrl.startsWith('https://') ? 'pass' : 'fail',
      detail:
        baseUrl === null
          ? 'GET /rest/api/3/serverInfo gave no baseUrl'
          : `serverInfo.baseUrl starts with ${baseUrl.split('//')[0] ?? ''}//`,
    });
  } catch (e) {
    const status = statusOrThrow(e);
    results.push({
      id: 'R5',
      outcome: 'cannot-check',
      detail: `GET /rest/api/3/serverInfo answered ${status}`,
    });
  }

  if (self === null) {
    for (const id of ['R2', 'R3', 'T3'])
      results.push({
        id,
        outcome: 'cannot-check',
        detail: "the token's own account id is unknown (T1 failed)",
      });
  } else {
    // R2: Jira user responses carry accountId and accountType.
    try {
      const page = record(
        (await client.send(read('jira', 'bulkGetUsers', route`/rest/api/3/user/bulk?accountId=${self}`)))
          .value,
      );
      const user = record(Array.isArray(page.values) ? page.values[0] : undefined);
      const ok = typeof user.accountId === 'string' && typeof user.accountType === 'string';
      results.push({
        id: 'R2',
        outcome: ok ? 'pass' : 'fail',
        detail: `GET /rest/api/3/user/bulk: accountId ${typeof user.accountId}, accountType ${typeof user.accountType}`,
      });
    } catch (e) {
      results.push({
        id: 'R2',
        outcome: 'cannot-check',
        detail: `GET /rest/api/3/user/bulk answered ${statusOrThrow(e)}`,
      });
    }

    // R3 (user part): Confluence v1 User shows isExternalCollaborator when expanded.
    try {
      const user = record(
        (
          await client.send(
            read(
              'confluence',
              'getUser',
              route`/wiki/rest/api/user?accountId=${self}&expand=isExternalCollaborator`,
            ),
          )
        ).value,
      );
      const ok = typeof user.isExternalCollaborator === 'boolean';
      results.push({
        id: 'R3',
        outcome: ok ? 'pass' : 'fail',
        detail: `GET /wiki/rest/api/user?expand=isExternalCollaborator: the field is ${ok ? '' : 'not '}a boolean (the space part of R3 is not probed)`,
      });
    } catch (e) {
      results.push({
        id: 'R3',
        outcome: 'cannot-check',
        detail: `GET /wiki/rest/api/user answered ${statusOrThrow(e)} (no Confluence access?)`,
      });
    }

    // T3: the email API refuses an API token.
    try {
      await client.send(
        read('jira', 'getUserEmailBulk', route`/rest/api/3/user/email/bulk?accountId=${self}`),
      );
      results.push({
        id: 'T3',
        outcome: 'fail',
        detail:
          'GET /rest/api/3/user/email/bulk answered 200 to this token: the audit could read hidden emails',
      });
    } catch (e) {
      const status = statusOrThrow(e);
      results.push({
        id: 'T3',
        outcome: status === 401 || status === 403 ? 'pass' : 'cannot-check',
        detail: `GET /rest/api/3/user/email/bulk answered ${status}`,
      });
    }
  }

  // T4 (JSM part): a site without JSM answers 404 on the desk listing.
  try {
    await client.send({
      ...read('jira', 'getServiceDesks', route`/rest/servicedeskapi/servicedesk?limit=1`),
      headers: { 'X-ExperimentalApi': 'opt-in' },
    });
    results.push({
      id: 'T4',
      outcome: 'cannot-check',
      detail: 'the site has Jira Service Management (the desk listing answered 200)',
    });
  } catch (e) {
    const status = statusOrThrow(e);
    results.push({
      id: 'T4',
      outcome: status === 404 ? 'pass' : 'cannot-check',
      detail: `GET /rest/servicedeskapi/servicedesk answered ${status}`,
    });
  }
  return results;
}
