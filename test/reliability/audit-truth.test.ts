/**
 * Issue 15: every audit entry tells the truth (docs/reliability.md §8). Each case drives the real handlers in
 * the local Forge runtime against the emulated site, with a proxy between them (support/site-proxy.ts) that
 * lets the site act and then loses its answer, or holds a write in flight. The site is the demo with every
 * desk closed (the only desks JSM removes customers from) and every email hidden from profiles.
 */
import { createSite, type SiteHandle } from '../../local/atlassian-site/index';
import { DEMO_IDS, demoScenario } from '../../local/atlassian-site/scenarios/demo';
import type { SiteSeed } from '../../local/atlassian-site/seed';
import { VirtualClock } from '../../local/clock/virtual-clock';
import { DEMO_POLICY } from '../e2e/journeys/demo-policy';
import { APP_ID, asSiteAdmin, callResolver, type Envelope, type Harness } from '../e2e/journeys/harness';
import { allFindings, auditTrail, clickUntilOk, savePolicy, settle, startPartA } from './support/part-a';
import { startSiteProxy, type SiteProxy } from './support/site-proxy';

jest.setTimeout(300_000);

type Action = { type: string; accountId: string; groupId?: string; deskId?: string };
type Planned = { key: string; safety: string; skipped: unknown; viewerCannotApply: unknown; action: Action };
interface Picked {
  readonly planId: string;
  readonly key: string;
  readonly action: Action;
  /** Every other action key of the plan: unticked, so the apply makes this one change only. */
  readonly others: string[];
}

/** The demo with every desk closed and every email hidden by profile visibility. */
function seed(): SiteSeed {
  const base = demoScenario();
  return {
    ...base,
    accounts: base.accounts.map((a) => ({ ...a, emailVisible: false })),
    desks: base.desks.map((d) => ({ ...d, access: 'closed' as const })),
  };
}

const GROUP_MEMBER = '/rest/api/3/group/user';
const DESK_CUSTOMERS = '/rest/servicedeskapi/servicedesk/';

let site: SiteHandle;
let proxy: SiteProxy;
let h: Harness;

beforeAll(async () => {
  const clock = new VirtualClock();
  site = await createSite({ clock, seed: seed(), appId: APP_ID });
  proxy = await startSiteProxy(site.url);
  h = await startPartA({ site, clock, siteUrl: proxy.url });
  await savePolicy(h, { ...DEMO_POLICY, blastRadiusThreshold: 1000 });
  await clickUntilOk(h, 'scan/start', {});
  await settle(h);
});
afterAll(async () => {
  await h.close();
  await proxy.close();
  await site.close();
});
afterEach(() => proxy.setRules([]));

/** Is the action's membership in place on the site now? */
function onSite(action: Action): boolean {
  if (action.groupId !== undefined)
    return site.state.groups.get(action.groupId)?.members.has(action.accountId) ?? false;
  return site.state.desks.get(action.deskId ?? '')?.customers.has(action.accountId) ?? false;
}
const establishes = (action: Action): boolean => action.type.startsWith('add');

/** A fresh one-step plan: the first finding whose preview offers an applicable step of this type. */
async function pick(type: string, accept: (a: Action) => boolean = () => true): Promise<Picked> {
  for (const f of await allFindings(h)) {
    const preview = await callResolver(h, 'plan/preview', { findingIds: [f.id] }, asSiteAdmin);
    if (!preview.ok) continue;
    const actions = preview.data.actions as Planned[];
    const step = actions.find(
      (a) =>
        a.action.type === type &&
        a.skipped === null &&
        a.viewerCannotApply === null &&
        accept(a.action) &&
        onSite(a.action) !== establishes(a.action),
    );
    if (step === undefined) continue;
    return {
      planId: preview.data.id as string,
      key: step.key,
      action: step.action,
      others: actions.filter((a) => a.key !== step.key).map((a) => a.key),
    };
  }
  throw new Error(`no finding plans an applicable ${type}`);
}

/** An admin's pace: the site's burst buckets refill (on the virtual clock) between clicks. */
const pause = (): Promise<unknown> => h.runtime.tick(60_000);
const apply = async (p: Picked): Promise<Envelope> => {
  await pause();
  return callResolver(
    h,
    'plan/apply',
    { planId: p.planId, confirm: true, skipActionKeys: p.others },
    asSiteAdmin,
  );
};
const undo = async (auditId: string): Promise<Envelope> => {
  await pause();
  return callResolver(h, 'audit/undo', { auditId }, asSiteAdmin);
};
const entriesOf = async (planId: string) => (await auditTrail(h)).filter((r) => r.planId === planId);
const undosOf = async (auditId: string) => (await auditTrail(h)).filter((r) => r.undoOf === auditId);

describe.each([
  ['group add', 'addToGroup', { method: 'POST', pathPrefix: GROUP_MEMBER }],
  ['group removal', 'removeFromGroup', { method: 'DELETE', pathPrefix: GROUP_MEMBER }],
  ['desk-customer add', 'addCustomerToDesk', { method: 'POST', pathPrefix: DESK_CUSTOMERS }],
] as const)('case 1: write landed, answer lost — %s', (_name, type, write) => {
  it('the site performed it and every answer was a 5xx: the entry says applied, and undo reverts it', async () => {
    const p = await pick(type);
    proxy.setRules([{ ...write, mode: 'lose-answer' }]);
    const applied = await apply(p);
    const hits = proxy.hits()[0] ?? 0;
    proxy.setRules([]);
    expect(applied).toMatchObject({ ok: true });
    if (!applied.ok) return;
    expect(hits).toBeGreaterThan(0); // the write was sent (and retried) and every answer was lost
    expect(onSite(p.action)).toBe(establishes(p.action)); // ... yet the site performed it
    const [step] = applied.data.steps as { outcome: string; auditId: string }[];
    expect([step?.outcome, applied.data.error]).toEqual(['applied', null]);
    const [entry] = await entriesOf(p.planId);
    expect(entry).toMatchObject({ outcome: 'applied', undoable: true });
    const undone = await undo(entry?.id ?? '');
    expect(undone).toMatchObject({ ok: true, data: { outcome: 'undone' } });
    expect(onSite(p.action)).toBe(!establishes(p.action));
  });
});

it('case 1: write landed, answer lost — and the read back fails too: the entry stays open (outcome unknown) until a later read settles it', async () => {
  const p = await pick('addToGroup');
  proxy.setRules([
    { method: 'POST', pathPrefix: GROUP_MEMBER, mode: 'lose-answer' },
    // The read before the write gets through; the read back after it fails.
    { method: 'GET', pathPrefix: '/rest/api/3/user/groups', mode: 'fail', skip: 1 },
  ]);
  const applied = await apply(p);
  expect(applied.ok).toBe(true);
  if (!applied.ok) return;
  expect(onSite(p.action)).toBe(true);
  const [step] = applied.data.steps as { outcome: string; auditId: string }[];
  expect(step?.outcome).toBe('outcome-unknown');
  const [entry] = await entriesOf(p.planId);
  expect(entry).toMatchObject({ outcome: 'started', undoable: false });
  proxy.setRules([]);
  const early = await undo(entry?.id ?? '');
  expect(early.ok ? early.data : early.error.message).toContain('still being applied');
  // The write cannot still be in flight after the longest invocation (900 s): a read then settles the entry.
  // The app stamps entries with Date.now() (docs/local-runtime.md), so that is the clock moved here.
  const wall = Date.now.bind(Date);
  const later = jest.spyOn(Date, 'now').mockImplementation(() => wall() + 16 * 60_000);
  let undone: Envelope;
  try {
    undone = await undo(entry?.id ?? '');
  } finally {
    later.mockRestore();
  }
  expect(undone.ok ? undone.data.outcome : undone.error).toBe('undone');
  expect((await entriesOf(p.planId)).find((r) => r.id === entry?.id)?.outcome).toBe('applied');
  expect(onSite(p.action)).toBe(false);
});

it('case 2: undo while the write is in flight — refused as still being applied; after it lands, undo reverts it', async () => {
  const p = await pick('addToGroup');
  proxy.setRules([{ method: 'POST', pathPrefix: GROUP_MEMBER, mode: 'hold' }]);
  const applying = apply(p);
  for (let i = 0; i < 600 && proxy.held() === 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(proxy.held()).toBe(1);
  const [started] = await entriesOf(p.planId);
  expect(started).toMatchObject({ outcome: 'started', undoable: false });
  const early = await callResolver(h, 'audit/undo', { auditId: started?.id }, asSiteAdmin);
  expect(early).toMatchObject({ ok: false, error: { code: 'UNDO.NOT_POSSIBLE' } });
  expect(early.ok ? '' : early.error.message).toContain('still being applied');
  proxy.release();
  const applied = await applying;
  expect(applied).toMatchObject({ ok: true, data: { status: 'applied' } });
  expect(onSite(p.action)).toBe(true);
  expect(await undosOf(started?.id ?? '')).toEqual([]); // the refused undo wrote nothing
  const undone = await undo(started?.id ?? '');
  expect(undone).toMatchObject({ ok: true, data: { outcome: 'undone' } });
  expect(onSite(p.action)).toBe(false);
});

it('case 3: undo of a hidden-email desk customer — the customer is removed again', async () => {
  const p = await pick('addCustomerToDesk', (a) => !site.state.accounts.get(a.accountId)?.emailVisible);
  const applied = await apply(p);
  expect(applied).toMatchObject({ ok: true, data: { status: 'applied' } });
  expect(onSite(p.action)).toBe(true);
  const [entry] = await entriesOf(p.planId);
  const undone = await undo(entry?.id ?? '');
  expect(undone).toMatchObject({ ok: true, data: { outcome: 'undone' } });
  expect(onSite(p.action)).toBe(false);
});

it('case 4: two simultaneous undos — one wins, the other is told it was already undone', async () => {
  const p = await pick('addToGroup');
  expect(await apply(p)).toMatchObject({ ok: true, data: { status: 'applied' } });
  const [entry] = await entriesOf(p.planId);
  await pause();
  const answers = await Promise.all(
    [1, 2].map(() => callResolver(h, 'audit/undo', { auditId: entry?.id }, asSiteAdmin)),
  );
  expect(answers.filter((a) => a.ok)).toHaveLength(1);
  const loser = answers.find((a) => !a.ok);
  expect(loser).toMatchObject({ ok: false, error: { code: 'UNDO.NOT_POSSIBLE' } });
  expect(loser?.ok === false ? loser.error.message : '').toContain('already undone');
  const undos = await undosOf(entry?.id ?? '');
  expect(undos.map((u) => u.outcome)).toEqual(['undone']);
  expect(onSite(p.action)).toBe(false);
});

it('case 5: blast-radius guard read at apply time — a threshold tightened after the preview protects the plan', async () => {
  const p = await pick('removeFromGroup');
  await savePolicy(h, { ...DEMO_POLICY, blastRadiusThreshold: 0 });
  try {
    const before = site.requests.entries.filter((e) => !e.read).length;
    const refused = await callResolver(
      h,
      'plan/apply',
      { planId: p.planId, skipActionKeys: p.others },
      asSiteAdmin,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'PLAN.BLAST_RADIUS_EXCEEDED' } });
    expect(site.requests.entries.filter((e) => !e.read).length).toBe(before);
    expect(onSite(p.action)).toBe(true);
  } finally {
    await savePolicy(h, { ...DEMO_POLICY, blastRadiusThreshold: 1000 });
  }
});

it("case 6: plan state leaks across scopes — another desk's admin holding an applied plan's id is refused for scope, not told it was applied", async () => {
  const asDan = {
    accountId: DEMO_IDS.dan,
    module: 'project' as const,
    extension: { project: { id: '10003', key: 'CS' } },
  };
  const dansList = await callResolver(h, 'findings/list', { limit: 100 }, asDan);
  const dans = new Set(dansList.ok ? (dansList.data.items as { id: string }[]).map((f) => f.id) : []);
  const hidden = (await allFindings(h)).filter((f) => !dans.has(f.id));
  expect(hidden.length).toBeGreaterThan(0);
  const preview = await callResolver(h, 'plan/preview', { findingIds: [hidden[0]?.id] }, asSiteAdmin);
  if (!preview.ok) throw new Error(`preview: ${preview.error.code}`);
  const planId = preview.data.id as string;
  const keys = (preview.data.actions as Planned[]).map((a) => a.key);
  const applied = await callResolver(
    h,
    'plan/apply',
    { planId, confirm: true, skipActionKeys: keys },
    asSiteAdmin,
  );
  expect(applied.ok).toBe(true);
  const asOther = await callResolver(h, 'plan/apply', { planId, confirm: true }, asDan);
  expect(asOther).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
});
