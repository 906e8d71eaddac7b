/**
 * Shared set-up of reliability part A (faults, crash/resume, queue semantics, safety): the emulated site and
 * the local Forge runtime running the app's real handlers, like the e2e harness, plus the options those tests
 * need (queue chaos, a seeded site, a kvsFile to restart on), and readers of the outcome every test compares:
 * the findings, the site's memberships, the site's write log and request log, and the audit trail.
 */
import type { SiteHandle } from '../../../local/atlassian-site/index';
import { DEMO_ACTIONS } from '../../../local/atlassian-site/scenarios/demo';
import {
  asSiteAdmin,
  callResolver,
  type Envelope,
  type Harness,
  type HarnessOptions,
  siteAction,
  startHarness,
} from '../../e2e/journeys/harness';
import { DEMO_POLICY } from '../../e2e/journeys/demo-policy';

export const LONG = process.env.RELIABILITY_LONG === '1';

export type PartAOptions = HarnessOptions;

/** The accounts each site started with; accounts created later get run-specific ids. */
const seedAccounts = new WeakMap<SiteHandle, Set<string>>();

/**
 * Replaces the ids of accounts created during the run (random per run) by `new#<n>` in creation order, so
 * two runs' findings, memberships and writes compare equal when the same things happened.
 */
export function canonical(site: SiteHandle, lines: readonly string[]): string[] {
  const initial = seedAccounts.get(site);
  if (initial === undefined) return [...lines];
  const created = [...site.state.accounts.values()]
    .filter((a) => !initial.has(a.accountId))
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((a, i) => [a.accountId, `new#${i + 1}`] as const);
  return lines.map((line) => created.reduce((l, [id, name]) => l.split(id).join(name), line)).sort();
}

/** The journeys' harness; it also remembers the site's seed accounts (`canonical`). */
export async function startPartA(options: PartAOptions = {}): Promise<Harness> {
  const h = await startHarness(options);
  if (!seedAccounts.has(h.site)) seedAccounts.set(h.site, new Set(h.site.state.accounts.keys()));
  return h;
}

/** Seeded faults on the site's governor (docs/rate-limits.md, `PUT /__local/faults`). */
export async function setFaults(site: SiteHandle, config: unknown): Promise<void> {
  const res = await fetch(`${site.url}/__local/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  });
  if (res.status !== 200) throw new Error(`faults: ${res.status} ${await res.text()}`);
}

/**
 * An admin click that is repeated, five virtual minutes apart, until it succeeds (as a person would after an
 * error banner); returns the data and the error codes met on the way.
 */
export async function clickUntilOk(
  h: Harness,
  name: string,
  payload: unknown,
  maxTries = 16,
): Promise<{ data: Extract<Envelope, { ok: true }>['data']; errors: string[] }> {
  const errors: string[] = [];
  for (let i = 0; i < maxTries; i++) {
    const r = await callResolver(h, name, payload, asSiteAdmin);
    if (r.ok) return { data: r.data, errors };
    errors.push(r.error.code);
    await h.runtime.tick(5 * 60_000);
  }
  throw new Error(`${name} still failing after ${maxTries} clicks: ${errors.join(', ')}`);
}

export async function savePolicy(h: Harness, policy: unknown = DEMO_POLICY): Promise<void> {
  await clickUntilOk(h, 'policy/set', policy);
}

export async function scanStatus(h: Harness): Promise<{ state: string; scanId: string | null }> {
  const status = await callResolver(h, 'scan/status', {}, asSiteAdmin);
  if (!status.ok) throw new Error(`scan/status: ${status.error.code}`);
  return status.data as { state: string; scanId: string | null };
}

/**
 * Drives the queue (and, when work is left, the hourly schedule that resumes scans) until the scan has
 * completed and nothing is pending; returns the virtual hours it took beyond the first drain.
 */
export async function settle(h: Harness, maxHours = 12): Promise<number> {
  for (let hour = 0; hour <= maxHours; hour++) {
    await h.runtime.drain({ advanceClock: true });
    // Product-event deliveries waiting for a platform retry count too (drain only waits for `pending` ones).
    const pending =
      h.runtime.queue.pending().length +
      h.runtime.productEvents.all().filter((d) => d.state === 'pending' || d.state === 'retrying').length;
    const state = (await scanStatus(h)).state;
    if (pending === 0 && state !== 'running') return hour;
    await h.runtime.tick(60 * 60_000);
  }
  throw new Error(`not settled after ${maxHours} virtual hours`);
}

type Item = { id: string; code: string; evidence: { accountIds: string[] } };

export async function allFindings(h: Harness): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await callResolver(
      h,
      'findings/list',
      { limit: 100, ...(cursor === undefined ? {} : { cursor }) },
      asSiteAdmin,
    );
    if (!page.ok) throw new Error(`findings/list: ${page.error.code}`);
    items.push(...(page.data.items as Item[]));
    cursor = (page.data.cursor as string | null) ?? undefined;
  } while (cursor !== undefined);
  return items;
}

/** Findings as `CODE account,account` lines, sorted: what two runs must agree on. */
export async function findingSignatures(h: Harness): Promise<string[]> {
  const lines = (await allFindings(h)).map((f) => `${f.code} ${[...f.evidence.accountIds].sort().join(',')}`);
  return canonical(h.site, lines);
}

/** Every membership the app can change or the demo actions create: groups, desk customers, guest spaces. */
export function siteMemberships(site: SiteHandle): string[] {
  const rows: string[] = [];
  for (const g of site.state.groups.values()) for (const m of g.members) rows.push(`group ${g.groupId} ${m}`);
  for (const d of site.state.desks.values()) for (const c of d.customers) rows.push(`desk ${d.id} ${c}`);
  for (const s of site.state.spaces.values()) for (const g of s.guests) rows.push(`guest ${s.id} ${g}`);
  for (const a of site.state.accounts.values()) rows.push(`account ${a.accountId} ${a.status}`);
  return canonical(site, rows);
}

/** The site's effective writes made by the app (REST callers), as sorted `kind target account` lines. */
export function appWrites(site: SiteHandle): string[] {
  return canonical(
    site,
    site.state.writeLog
      .filter((w) => w.source.startsWith('rest:'))
      .map((w) => `${w.kind} ${w.target} ${w.accountId ?? '-'}`),
  );
}

/** Mutating REST requests the app sent (not the reads sent as POST), with their outcomes. */
export function appWriteRequests(site: SiteHandle) {
  return site.requests.entries.filter((e) => !e.read);
}

export interface AuditRow {
  id: string;
  planId: string | null;
  outcome: string;
  undoOf: string | null;
  undoable?: boolean;
  action: { type: string; accountId?: string | null; groupId?: string; deskId?: string };
}

export async function auditTrail(h: Harness): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await callResolver(
      h,
      'audit/list',
      { limit: 100, ...(cursor === undefined ? {} : { cursor }) },
      asSiteAdmin,
    );
    if (!page.ok) throw new Error(`audit/list: ${page.error.code}`);
    rows.push(...(page.data.items as AuditRow[]));
    cursor = (page.data.cursor as string | null) ?? undefined;
  } while (cursor !== undefined);
  return rows;
}

/** The write-log line an audited change action produced on the site. */
export function writeOfAction(action: AuditRow['action']): string | null {
  switch (action.type) {
    case 'addToGroup':
      return `group.add ${action.groupId} ${action.accountId}`;
    case 'removeFromGroup':
      return `group.remove ${action.groupId} ${action.accountId}`;
    case 'addCustomerToDesk':
      return `desk.customer.add ${action.deskId} ${action.accountId}`;
    case 'removeCustomerFromDesk':
      return `desk.customer.remove ${action.deskId} ${action.accountId}`;
    default:
      return null;
  }
}

/**
 * Every effective app write on the site has an audit entry that says it was applied or undone, or that it
 * was started and the app stopped before the answer: the check behind "no change without an audit entry".
 * Returns the writes that have none.
 */
export async function unauditedWrites(h: Harness): Promise<string[]> {
  const audited = new Map<string, number>();
  for (const row of await auditTrail(h)) {
    // `started`: the app stopped after sending the write; the entry says so (docs/reliability.md §2).
    if (row.outcome !== 'applied' && row.outcome !== 'undone' && row.outcome !== 'started') continue;
    const raw = writeOfAction(row.action);
    const line = raw === null ? undefined : canonical(h.site, [raw])[0];
    if (line !== undefined) audited.set(line, (audited.get(line) ?? 0) + 1);
  }
  const missing: string[] = [];
  for (const line of appWrites(h.site)) {
    const n = audited.get(line) ?? 0;
    if (n === 0) missing.push(line);
    else audited.set(line, n - 1);
  }
  return missing;
}

/** The demo's live event flow: a KB sign-up and a portal request, delivered through the change feed. */
export async function eventFlow(h: Harness): Promise<void> {
  await siteAction(h, 'kb-signup', DEMO_ACTIONS.kbSignup);
  await siteAction(h, 'invite-guest', DEMO_ACTIONS.inviteGuest);
  await h.runtime.pumpFeed();
}

/**
 * What an admin does with every finding: preview one plan for all of them and apply it (confirming the
 * blast radius). A refused or failed apply is previewed and applied again, as the admin would; returns
 * how many attempts it took.
 */
export async function applyAllFindings(h: Harness, maxAttempts = 16): Promise<number> {
  const errors: string[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const ids = (await allFindings(h)).map((f) => f.id).slice(0, 200);
    if (ids.length === 0) return attempt;
    const plan = await callResolver(h, 'plan/preview', { findingIds: ids }, asSiteAdmin);
    if (plan.ok) {
      const applied = await callResolver(
        h,
        'plan/apply',
        { planId: plan.data.id, confirm: true },
        asSiteAdmin,
      );
      if (applied.ok && applied.data.status !== 'failed' && applied.data.status !== 'partially-applied')
        return attempt;
      errors.push(applied.ok ? String(applied.data.status) : applied.error.code);
    } else errors.push(plan.error.code);
    await h.runtime.tick(5 * 60_000);
  }
  throw new Error(`plan not applied after ${maxAttempts} attempts: ${errors.join(', ')}`);
}

/** One line per figure; the prefix lets a reader grep them out of the jest output. */
export const report = (line: string): void => {
  console.log(`[reliability] ${line}`);
};
