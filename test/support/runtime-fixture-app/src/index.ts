// Fixture Forge app for the local runtime's e2e tests: every handler uses the real @forge/* SDKs, so the
// tests prove the wire contracts (product REST, KVS, entities, transactions, queue) end to end, from source
// and from the @forge/bundler bundle alike.
import api, { getAppContext, RequestProductNotAllowedError, route } from '@forge/api';
import { InvocationError, InvocationErrorCode, Queue, type AsyncEvent } from '@forge/events';
import { Filter, FilterConditions, kvs, Sort, WhereConditions } from '@forge/kvs';
import Resolver from '@forge/resolver';

interface Conflict {
  email: string;
  projectKey: string;
  detectedAt: number;
  status: string;
}

const queue = new Queue({ key: 'fixture-queue' });

const errorInfo = (e: unknown): { name: string; code?: string; message: string } => {
  const err = e as { name?: string; code?: string; message?: string; constructor?: { name?: string } };
  return {
    name: err.constructor?.name ?? err.name ?? 'Error',
    ...(typeof err.code === 'string' ? { code: err.code } : {}),
    message: err.message ?? String(e),
  };
};

/** trigger avi:jira:created:user — the real payload names the user in `user` and has no actor (atlassianId). */
export async function onUserCreated(event: {
  user?: { accountId?: string };
  atlassianId?: string;
  selfGenerated?: boolean;
  eventType?: string;
}): Promise<void> {
  const accountId = event.user?.accountId ?? event.atlassianId ?? 'unknown';
  const res = await api.asApp().requestJira(route`/rest/api/3/user?accountId=${accountId}`);
  const user = (await res.json()) as { displayName?: string };
  await kvs.set(`user:${accountId}`, {
    displayName: user.displayName ?? null,
    status: res.status,
    eventType: event.eventType ?? null,
    selfGenerated: event.selfGenerated === true,
  });
  const { jobId } = await queue.push([{ body: { accountId, mode: 'retry-once' } }]);
  await kvs.set(`job:${accountId}`, jobId);
}

/** consumer of fixture-queue */
export async function worker(event: AsyncEvent, context: Record<string, unknown>): Promise<unknown> {
  const body = event.body as { accountId?: string; mode?: string; sleepMs?: number; n?: number };
  if (body.mode === 'retry-once' && event.retryContext === undefined) {
    return new InvocationError({
      retryAfter: 30,
      retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED,
      retryData: { firstEventId: event.eventId },
    });
  }
  if (body.mode === 'sleep') await new Promise((resolve) => setTimeout(resolve, body.sleepMs ?? 0));
  if (body.mode === 'throw') throw new Error('worker failed on purpose');
  const key = `worked:${body.accountId ?? String(body.n ?? 'x')}`;
  const previous = (await kvs.get<{ deliveries: number }>(key)) ?? { deliveries: 0 };
  await kvs.set(key, {
    deliveries: previous.deliveries + 1,
    eventId: event.eventId,
    jobId: event.jobId,
    queueName: event.queueName,
    retryContext: event.retryContext ?? null,
    installContext: context.installContext ?? null,
    contextKeys: Object.keys(context).sort(),
    moduleKey: getAppContext().moduleKey,
  });
  return undefined;
}

/** scheduledTrigger fiveMinute: Forge's documented request and context; answers {statusCode: 204}. */
export async function everyFiveMinutes(
  event: { context?: { cloudId?: string; moduleKey?: string }; contextToken?: unknown },
  context: Record<string, unknown>,
): Promise<{ statusCode: number }> {
  const ticks = (await kvs.get<number>('ticks')) ?? 0;
  await kvs.set('ticks', ticks + 1);
  await kvs.set('last-tick', {
    requestContext: event.context ?? null,
    hasContextToken: typeof event.contextToken === 'string',
    contextKeys: Object.keys(context).sort(),
    installContext: context.installContext ?? null,
    moduleKey: getAppContext().moduleKey,
  });
  return { statusCode: 204 };
}

const resolver = new Resolver();

resolver.define('whoAmI', async ({ payload, context }) => {
  const res = await api.asUser().requestJira(route`/rest/api/3/myself`);
  const app = getAppContext();
  return {
    myself: (await res.json()) as unknown,
    payload,
    context,
    appContext: {
      appAri: app.appAri.toString(),
      moduleKey: app.moduleKey,
      environmentType: app.environmentType,
      remainingPositive: app.invocationRemainingTimeInMillis() > 0,
    },
  };
});

resolver.define('saveConflicts', async ({ payload }) => {
  const items = (payload as { items: (Conflict & { key: string })[] }).items;
  for (const { key, ...value } of items) await kvs.entity<Conflict>('fixture-conflict').set(key, value);
  return { saved: items.length };
});

resolver.define('listConflicts', async ({ payload }) => {
  const p = payload as {
    projectKey: string;
    from: number;
    to: number;
    limit: number;
    cursor?: string;
    desc?: boolean;
    notStatus?: string;
  };
  let query = kvs
    .entity<Conflict>('fixture-conflict')
    .query()
    .index('by-project', { partition: [p.projectKey] })
    .where(WhereConditions.between(p.from, p.to))
    .sort(p.desc === true ? Sort.DESC : Sort.ASC)
    .limit(p.limit);
  if (p.notStatus !== undefined)
    query = query.filters(new Filter<Conflict>().and('status', FilterConditions.notEqualTo(p.notStatus)));
  if (p.cursor !== undefined) query = query.cursor(p.cursor);
  const page = await query.getMany();
  return { keys: page.results.map((r) => r.key), nextCursor: page.nextCursor ?? null };
});

resolver.define('conflictsByEmail', async ({ payload }) => {
  const { email } = payload as { email: string };
  const page = await kvs
    .entity<Conflict>('fixture-conflict')
    .query()
    .index('email')
    .where(WhereConditions.equalTo(email))
    .getMany();
  return { keys: page.results.map((r) => r.key) };
});

resolver.define('claimConflict', async ({ payload }) => {
  const { key, value } = payload as { key: string; value: Conflict };
  try {
    await kvs
      .transact()
      .set(
        key,
        { ...value, status: 'claimed' },
        {
          entityName: 'fixture-conflict',
          conditions: new Filter<Conflict>().and('status', FilterConditions.equalTo('open')),
        },
      )
      .execute();
    return { ok: true };
  } catch (e) {
    return { ok: false, error: errorInfo(e) };
  }
});

resolver.define('takeLease', async ({ payload }) => {
  const { holder } = payload as { holder: string };
  try {
    await kvs.set('lease', { holder }, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 15, unit: 'MINUTES' } });
    return { ok: true };
  } catch (e) {
    return { ok: false, error: errorInfo(e) };
  }
});

resolver.define('push', async ({ payload }) => {
  const { events } = payload as { events: { body: Record<string, unknown>; delayInSeconds?: number }[] };
  try {
    const { jobId } = await queue.push(events);
    return { ok: true, jobId };
  } catch (e) {
    return { ok: false, error: errorInfo(e) };
  }
});

resolver.define('jobStats', async ({ payload }) => {
  const { jobId } = payload as { jobId: string };
  return { ...(await queue.getJob(jobId).getStats()) };
});

resolver.define('kvsTour', async () => {
  await kvs.setSecret('token', 's3cret');
  await kvs.batchSet([
    { key: 'tour:a', value: 1 },
    { key: 'tour:b', value: 2 },
    { key: 'bad key!', value: 3 },
  ]);
  const batch = await kvs.batchGet([{ key: 'tour:a' }, { key: 'tour:missing' }]);
  const page = await kvs.query().where('key', WhereConditions.beginsWith('tour:')).limit(1).getMany();
  const next = await kvs
    .query()
    .where('key', WhereConditions.beginsWith('tour:'))
    .limit(1)
    .cursor(page.nextCursor ?? '')
    .getMany();
  const previous = await kvs.set('tour:a', 10, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
  return {
    secret: await kvs.getSecret('token'),
    plainSecretKey: (await kvs.get('token')) ?? null,
    batchOk: batch.successfulKeys.map((k) => k.key),
    batchFailed: batch.failedKeys.map((k) => `${k.key}:${k.error.code}`),
    firstPage: page.results.map((r) => r.key),
    secondPage: next.results.map((r) => r.key),
    previous: previous?.value ?? null,
    missing: (await kvs.get('nope')) ?? null,
  };
});

/** A Jira-context call to Confluence: allowed only when the manifest declares Confluence compatible. */
resolver.define('crossProduct', async () => {
  try {
    const res = await api.asApp().requestConfluence(route`/wiki/api/v2/spaces?limit=1`);
    return { ok: true, status: res.status };
  } catch (e) {
    return {
      ok: false,
      error: errorInfo(e),
      errorName: (e as { name?: unknown }).name ?? null,
      status: (e as { status?: unknown }).status ?? null,
      isRequestProductNotAllowed: e instanceof RequestProductNotAllowedError,
    };
  }
});

/** A Jira read as the invoking user (asUser()) or as an explicit account (asUser(id): impersonation). */
resolver.define('readUserAs', async ({ payload }) => {
  const { accountId, as } = payload as { accountId: string; as: 'invoker' | 'impersonated' };
  const requester = as === 'invoker' ? api.asUser() : api.asUser(accountId);
  const res = await requester.requestJira(route`/rest/api/3/user/bulk?accountId=${accountId}`);
  return { status: res.status, body: (await res.json()) as unknown };
});

resolver.define('slow', async ({ payload }) => {
  await new Promise((resolve) => setTimeout(resolve, (payload as { ms: number }).ms));
  return { done: true };
});

export const resolverHandler = resolver.getDefinitions();
