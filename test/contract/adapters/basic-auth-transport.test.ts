/**
 * The command-line audit's transport (src/adapters/http/basic-auth-transport.ts) under the real request
 * layer and adapters: GETs and the read-only POST lookups go out with Basic auth to the site URL; every
 * write an adapter can make is refused before anything is sent, and the request layer does not retry it.
 */
import { createBasicAuthTransport, WriteRefusedError } from '../../../src/adapters/http/basic-auth-transport';
import { InstallationLimits, type HttpTime } from '../../../src/adapters/http/limits';
import { createRestClient } from '../../../src/adapters/http/request';
import { addUserToGroup, getUsersFromGroup, removeUserFromGroup } from '../../../src/adapters/jira/groups';
import { createBulkUserLookup } from '../../../src/adapters/confluence/users';
import { addCustomers, removeCustomers } from '../../../src/adapters/jira/servicedesk';

function setup() {
  const sent: { url: string; method: string; authorization: string | null }[] = [];
  const fakeFetch = ((url: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    sent.push({ url, method: init.method ?? 'GET', authorization: headers.get('authorization') });
    const body = url.includes('/users-bulk')
      ? { results: [] }
      : { self: '', maxResults: 50, startAt: 0, total: 0, isLast: true, values: [] };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  }) as typeof fetch;
  const slept: number[] = [];
  const time: HttpTime = {
    now: () => 0,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
  };
  const client = createRestClient({
    as: 'current-user',
    points: { record: () => undefined },
    limits: new InstallationLimits(time),
    transport: createBasicAuthTransport({
      siteUrl: 'https://acme.atlassian.net/',
      email: 'alice@example.com',
      apiToken: 'secret-token',
      fetch: fakeFetch,
    }),
  });
  return { client, sent, slept };
}

it('sends reads to the site URL with Basic email:token', async () => {
  const { client, sent } = setup();
  await getUsersFromGroup(client, 'g-1', 0, 50);
  await createBulkUserLookup(client, ['a-1']);
  const expected = `Basic ${Buffer.from('alice@example.com:secret-token').toString('base64')}`;
  expect(sent).toEqual([
    {
      url: 'https://acme.atlassian.net/rest/api/3/group/member?groupId=g-1&includeInactiveUsers=true&startAt=0&maxResults=50',
      method: 'GET',
      authorization: expected,
    },
    {
      url: 'https://acme.atlassian.net/wiki/api/v2/users-bulk',
      method: 'POST',
      authorization: expected,
    },
  ]);
});

it.each([
  ['addUserToGroup', (c: ReturnType<typeof setup>['client']) => addUserToGroup(c, 'g-1', 'a-1')],
  ['removeUserFromGroup', (c: ReturnType<typeof setup>['client']) => removeUserFromGroup(c, 'g-1', 'a-1')],
  ['addCustomers', (c: ReturnType<typeof setup>['client']) => addCustomers(c, '1', ['a-1'])],
  ['removeCustomers', (c: ReturnType<typeof setup>['client']) => removeCustomers(c, '1', ['a-1'])],
])('refuses the write %s before sending it, without retrying', async (operation, write) => {
  const { client, sent, slept } = setup();
  await expect(write(client)).rejects.toThrow(WriteRefusedError);
  await expect(write(client)).rejects.toThrow(`${operation} was not sent`);
  expect(sent).toEqual([]);
  expect(slept).toEqual([]);
});
