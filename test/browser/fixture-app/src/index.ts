// Fixture resolver for the preview host's browser tests: real @forge/resolver, @forge/api (as the user, so
// the site answers with the viewing-as account) and @forge/kvs (the runtime's emulated storage).
import api, { route } from '@forge/api';
import { kvs } from '@forge/kvs';
import Resolver from '@forge/resolver';

export interface FixtureRow {
  id: string;
  name: string;
  status: 'PENDING' | 'APPROVED';
  approvedBy?: string;
}

const INITIAL: FixtureRow[] = [
  { id: 'r1', name: 'Grace Lee', status: 'PENDING' },
  { id: 'r2', name: 'Kevin Flynn', status: 'PENDING' },
  { id: 'r3', name: 'Rachel Adams', status: 'APPROVED', approvedBy: 'seed' },
];

const rows = async (): Promise<FixtureRow[]> => (await kvs.get<FixtureRow[]>('rows')) ?? INITIAL;

const resolver = new Resolver();

resolver.define('whoAmI', async ({ context }) => {
  const res = await api.asUser().requestJira(route`/rest/api/3/myself`);
  const me = (await res.json()) as { accountId?: string; displayName?: string };
  return {
    accountId: context.accountId as string,
    siteSaysAccountId: me.accountId ?? null,
    displayName: me.displayName ?? null,
    extension: context.extension as unknown,
  };
});

resolver.define('listRows', async () => rows());

resolver.define('approve', async ({ payload, context }) => {
  const id = (payload as { id?: unknown }).id;
  const next = (await rows()).map((r) =>
    r.id === id ? { ...r, status: 'APPROVED' as const, approvedBy: context.accountId as string } : r,
  );
  await kvs.set('rows', next);
  return next;
});

resolver.define('fail', () => {
  throw new Error('the fixture resolver failed on purpose');
});

export const handler = resolver.getDefinitions();
