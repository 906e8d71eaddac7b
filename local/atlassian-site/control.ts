/**
 * The local-only control API under `/__local/` (never an Atlassian path): health, state summary, change feed,
 * write log, clock, and the demo actions an evaluator (or a test) uses to make things happen on the site.
 * Routes are an exact `METHOD path` table; bodies are validated with zod.
 */
import { z } from 'zod';
import type { Actor } from './mutations';
import { SiteError } from './mutations';
import type { SiteCore } from './operation-types';

export interface ControlRequest {
  query: URLSearchParams;
  body: unknown;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

export type ControlHandler = (request: ControlRequest) => ControlResponse | Promise<ControlResponse>;

const email = z.string().trim().email();
const id = z.string().min(1);

export const ACTION_SCHEMAS = {
  'kb-signup': z.strictObject({
    email,
    displayName: z.string().min(1),
    deskId: id,
    emailVisible: z.boolean().optional(),
  }),
  'invite-guest': z.strictObject({
    email,
    displayName: z.string().min(1),
    emailVisible: z.boolean().optional(),
  }),
  'assign-guest-space': z.strictObject({ accountId: id, spaceId: id }),
  'add-to-group': z.strictObject({ accountId: id, groupId: id.optional(), groupName: id.optional() }),
  'remove-from-group': z.strictObject({ accountId: id, groupId: id.optional(), groupName: id.optional() }),
  'raise-request': z.strictObject({ deskId: id, reporter: id, summary: z.string().min(1) }),
  'create-portal-customer': z.strictObject({ email, displayName: z.string().min(1), deskId: id.optional() }),
  'deactivate-account': z.strictObject({ accountId: id }),
} as const;

export type ActionName = keyof typeof ACTION_SCHEMAS;

const afterParam = (query: URLSearchParams): number => {
  const value = Number(query.get('after') ?? '0');
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
};

export function controlRoutes(
  site: SiteCore,
  extra: Record<string, ControlHandler> = {},
): Map<string, ControlHandler> {
  const routes = new Map<string, ControlHandler>();
  const ok = (body: unknown): ControlResponse => ({ status: 200, body });

  routes.set('GET /__local/health', () =>
    ok({
      ok: true,
      site: site.state.siteName,
      cloudId: site.state.cloudId,
      now: site.clock.date().toISOString(),
    }),
  );
  routes.set('GET /__local/state/summary', () => ok(site.state.summary()));
  routes.set('GET /__local/feed', ({ query }) =>
    ok({ events: site.feed.since(afterParam(query)), lastSeq: site.feed.lastSeq }),
  );
  routes.set('GET /__local/write-log', ({ query }) => {
    const after = afterParam(query);
    return ok({
      writes: site.state.writeLog.filter((entry) => entry.seq > after),
      lastSeq: site.state.writeLog.length,
    });
  });
  routes.set('GET /__local/clock', () =>
    ok({ now: site.clock.date().toISOString(), nowMs: site.clock.now() }),
  );
  routes.set('POST /__local/clock/advance', async ({ body }) => {
    const parsed = z.strictObject({ ms: z.number().int().nonnegative() }).safeParse(body);
    if (!parsed.success) return { status: 400, body: { error: 'invalid body', issues: parsed.error.issues } };
    await site.clock.advance(parsed.data.ms);
    return ok({ now: site.clock.date().toISOString(), nowMs: site.clock.now() });
  });

  for (const name of Object.keys(ACTION_SCHEMAS) as ActionName[]) {
    routes.set(`POST /__local/actions/${name}`, ({ body }) => runAction(site, name, body));
  }
  for (const [key, handler] of Object.entries(extra)) routes.set(key, handler);
  return routes;
}

/** Run one demo action; the same code path as the REST writes (mutations.ts), so it logs and emits the same way. */
export function runAction(site: SiteCore, name: ActionName, body: unknown): ControlResponse {
  const parsed = ACTION_SCHEMAS[name].safeParse(body ?? {});
  if (!parsed.success)
    return { status: 400, body: { error: `invalid body for ${name}`, issues: parsed.error.issues } };
  const actor: Actor = { source: `local:${name}`, caller: 'local' };
  const before = site.feed.lastSeq;
  const m = site.mutations;
  const state = site.state;
  const groupOf = (input: { groupId?: string; groupName?: string }) => {
    const group =
      input.groupId !== undefined
        ? state.groups.get(input.groupId)
        : state.groupByName(input.groupName ?? '');
    if (!group) throw new SiteError(404, 'No such group (give groupId or groupName).');
    return group.groupId;
  };
  try {
    let result: Record<string, unknown>;
    const data = parsed.data;
    switch (name) {
      case 'kb-signup': {
        const input = data as z.infer<(typeof ACTION_SCHEMAS)['kb-signup']>;
        result = { accountId: m.kbSignup(input, actor).accountId };
        break;
      }
      case 'invite-guest': {
        const input = data as z.infer<(typeof ACTION_SCHEMAS)['invite-guest']>;
        result = { accountId: m.inviteGuest(input, actor).accountId };
        break;
      }
      case 'assign-guest-space': {
        const input = data as z.infer<(typeof ACTION_SCHEMAS)['assign-guest-space']>;
        result = { spaceKey: m.assignGuestSpace(input.accountId, input.spaceId, actor).key };
        break;
      }
      case 'add-to-group': {
        const input = data as z.infer<(typeof ACTION_SCHEMAS)['add-to-group']>;
        m.addToGroup(groupOf(input), input.accountId, actor);
        result = {};
        break;
      }
      case 'remove-from-group': {
        const input = data as z.infer<(typeof ACTION_SCHEMAS)['remove-from-group']>;
        m.removeFromGroup(groupOf(input), input.accountId, actor);
        result = {};
        break;
      }
      case 'raise-request': {
        const input = data as z.infer<(typeof ACTION_SCHEMAS)['raise-request']>;
        result = m.createRequest({ ...input, portal: true }, { ...actor, accountId: input.reporter });
        break;
      }
      case 'create-portal-customer': {
        const input = data as z.infer<(typeof ACTION_SCHEMAS)['create-portal-customer']>;
        const account = m.createPortalCustomer(input.email, input.displayName, actor, true);
        if (input.deskId !== undefined) {
          const desk = state.desks.get(input.deskId);
          if (!desk) throw new SiteError(404, `Service desk ${input.deskId} does not exist.`);
          m.addDeskCustomers(desk, [account.accountId], actor);
        }
        result = { accountId: account.accountId };
        break;
      }
      case 'deactivate-account': {
        const input = data as z.infer<(typeof ACTION_SCHEMAS)['deactivate-account']>;
        m.deactivate(input.accountId, actor);
        result = {};
        break;
      }
    }
    return { status: 200, body: { ok: true, ...result, events: site.feed.since(before) } };
  } catch (error) {
    if (error instanceof SiteError) return { status: error.status, body: { error: error.message } };
    throw error;
  }
}
