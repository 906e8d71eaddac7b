/**
 * Site churn for the simulated week (issue 7): each day, 1 % of the site's accounts change, applied through
 * the emulated site's own actions (`POST /__local/actions/<name>`, the same code path as its REST writes),
 * so the change feed emits exactly the product events Atlassian would (and none where Atlassian sends none:
 * guest invites, group changes and deactivations raise no event; docs/emulated-site.md).
 *
 * Mix per change (seeded): new KB-link sign-ups (a new Atlassian customer on a desk), KB-link twins (a
 * portal-only customer signs up with the same email: reported case b), new portal-only customers, guest
 * invites (invite + assign to a KB space, which raises the space-permissions event), Link-group additions
 * and removals (Atlassian accounts only: the site refuses portal-only customers in groups), and removals of
 * accounts (deactivation). Targets are picked from the site's current state.
 * Nothing here logs emails or names.
 */
import { z } from 'zod';
import type { SiteHandle } from '../local/atlassian-site';
import type { ActionName } from '../local/atlassian-site/control';
import { Prng } from '../local/atlassian-site/governor/prng';
import type { SyntheticSite } from '../local/atlassian-site/scenarios/synthetic';

export const CHURN_KINDS = [
  'signup',
  'kb-twin',
  'portal-customer',
  'guest-invite',
  'group-add',
  'group-remove',
  'deactivate',
] as const;
export type ChurnKind = (typeof CHURN_KINDS)[number];

/** Share of each kind in a day's changes (sums to 1). */
export const CHURN_MIX: Readonly<Record<ChurnKind, number>> = {
  signup: 0.2,
  'kb-twin': 0.15,
  'portal-customer': 0.1,
  'guest-invite': 0.15,
  'group-add': 0.15,
  'group-remove': 0.1,
  deactivate: 0.15,
};

export interface ChurnChange {
  readonly kind: ChurnKind;
  /** Product events the site's feed emitted for this change (0 for the documented gaps). */
  readonly events: number;
}

const actionResponseSchema = z.looseObject({
  ok: z.literal(true),
  accountId: z.string().optional(),
  events: z.array(z.unknown()),
});

/** Applies one site action over HTTP; returns its parsed answer. */
export const siteAction = async (
  site: SiteHandle,
  name: ActionName,
  body: unknown,
): Promise<z.infer<typeof actionResponseSchema>> => {
  const res = await fetch(`${site.url}/__local/actions/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200)
    throw new Error(`site action ${name} answered ${res.status}: ${text.slice(0, 200)}`);
  return actionResponseSchema.parse(JSON.parse(text));
};

/** A seeded churn source bound to one site. `next(day, i)` applies one change and says what it was. */
export class Churn {
  private readonly rng: Prng;
  private readonly linkDesks: { deskId: string; spaceId: string; groupId: string; domains: string[] }[];
  private readonly atlassianEmails = new Set<string>();
  private serial = 0;

  constructor(
    private readonly site: SiteHandle,
    synthetic: SyntheticSite,
    seed: number,
  ) {
    this.rng = new Prng(seed >>> 0);
    this.linkDesks = synthetic.links.map((l) => ({
      deskId: l.deskId,
      spaceId: l.spaceId,
      groupId: l.groupId,
      domains: l.allowedDomains.length > 0 ? l.allowedDomains : ['example.com'],
    }));
    for (const a of site.state.accounts.values())
      if (a.accountType === 'atlassian' && a.email !== null) this.atlassianEmails.add(a.email.toLowerCase());
  }

  private pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.rng.next() * items.length)];
    if (item === undefined) throw new Error('churn: nothing to pick from');
    return item;
  }

  private kind(): ChurnKind {
    let r = this.rng.next();
    for (const k of CHURN_KINDS) {
      r -= CHURN_MIX[k];
      if (r < 0) return k;
    }
    return 'signup';
  }

  private newEmail(domain: string): string {
    this.serial += 1;
    return `churn.${this.serial}@${domain}`;
  }

  /** Accounts matching `accept`, sampled (at most `tries` random probes, then a scan) from the site state. */
  private findAccount(accept: (id: string) => boolean, tries = 200): string | null {
    const ids = [...this.site.state.accounts.keys()];
    for (let t = 0; t < tries; t += 1) {
      const id = this.pick(ids);
      if (accept(id)) return id;
    }
    return ids.find(accept) ?? null;
  }

  /** Applies one seeded change; falls back to a plain sign-up when no target fits the drawn kind. */
  async next(): Promise<ChurnChange> {
    const kind = this.kind();
    const state = this.site.state;
    const link = this.pick(this.linkDesks);
    const apply = async (name: ActionName, body: unknown): Promise<number> =>
      (await siteAction(this.site, name, body)).events.length;
    switch (kind) {
      case 'kb-twin': {
        const desk = state.desks.get(link.deskId);
        const portal = desk
          ? [...desk.customers].find((id) => {
              const a = state.accounts.get(id);
              return (
                a !== undefined &&
                a.accountType === 'customer' &&
                a.status === 'active' &&
                a.email !== null &&
                !this.atlassianEmails.has(a.email.toLowerCase())
              );
            })
          : undefined;
        const email = portal === undefined ? null : (state.accounts.get(portal)?.email ?? null);
        if (email === null) break;
        this.atlassianEmails.add(email.toLowerCase());
        const events = await apply('kb-signup', {
          email,
          displayName: `Churn twin ${this.serial}`,
          deskId: link.deskId,
          emailVisible: this.rng.next() < 0.7,
        });
        return { kind, events };
      }
      case 'portal-customer': {
        const email = this.newEmail(this.pick(link.domains));
        const events = await apply('create-portal-customer', {
          email,
          displayName: `Churn portal ${this.serial}`,
          deskId: link.deskId,
        });
        return { kind, events };
      }
      case 'guest-invite': {
        const email = this.newEmail(this.pick(link.domains));
        this.atlassianEmails.add(email);
        const invited = await siteAction(this.site, 'invite-guest', {
          email,
          displayName: `Churn guest ${this.serial}`,
          emailVisible: this.rng.next() < 0.7,
        });
        const assigned = await apply('assign-guest-space', {
          accountId: invited.accountId ?? '',
          spaceId: link.spaceId,
        });
        return { kind, events: invited.events.length + assigned };
      }
      case 'group-add': {
        const group = state.groups.get(link.groupId);
        const desk = state.desks.get(link.deskId);
        const candidate =
          group && desk
            ? [...desk.customers].find(
                (id) =>
                  !group.members.has(id) &&
                  state.isActive(id) &&
                  state.accounts.get(id)?.accountType === 'atlassian',
              )
            : null;
        if (candidate === undefined || candidate === null) break;
        return { kind, events: await apply('add-to-group', { accountId: candidate, groupId: link.groupId }) };
      }
      case 'group-remove': {
        const group = state.groups.get(link.groupId);
        const member = group ? [...group.members][0] : undefined;
        if (member === undefined) break;
        return {
          kind,
          events: await apply('remove-from-group', { accountId: member, groupId: link.groupId }),
        };
      }
      case 'deactivate': {
        const id = this.findAccount((x) => {
          const a = state.accounts.get(x);
          return (
            a !== undefined &&
            a.status === 'active' &&
            a.accountType !== 'app' &&
            a.siteAdmin !== true &&
            a.jiraAdmin !== true &&
            state.hasCustomerRole(x)
          );
        });
        if (id === null) break;
        return { kind, events: await apply('deactivate-account', { accountId: id }) };
      }
      case 'signup':
        break;
    }
    const email = this.newEmail(this.pick(link.domains));
    this.atlassianEmails.add(email);
    const events = await apply('kb-signup', {
      email,
      displayName: `Churn signup ${this.serial}`,
      deskId: link.deskId,
      emailVisible: this.rng.next() < 0.7,
    });
    return { kind: 'signup', events };
  }
}
