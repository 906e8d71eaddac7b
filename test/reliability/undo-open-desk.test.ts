/**
 * A customer role added on a desk that is not closed cannot be undone through the API: JSM's
 * `DELETE /rest/servicedeskapi/servicedesk/{id}/customer` requires closed access (official JSM spec, and
 * atlassian-identity.md). Found by this suite (docs/reliability.md §7): undo answered UPSTREAM.FORBIDDEN.
 * JSM does not expose a desk's access, so the app learns it from the refusal: audit/undo now answers
 * UNDO.NOT_POSSIBLE with the manual way (Project settings → Customers), the attempt is audited as failed and
 * changed nothing, and every other step of the plan is undone exactly. (Where the access is known to be open
 * or public, the planner offers no inverse at all: test/unit/rules/simulate.test.ts.)
 */
import { DEMO_POLICY } from '../e2e/journeys/demo-policy';
import { asSiteAdmin, callResolver } from '../e2e/journeys/harness';
import {
  allFindings,
  auditTrail,
  clickUntilOk,
  savePolicy,
  settle,
  siteMemberships,
  startPartA,
} from './support/part-a';

jest.setTimeout(300_000);

it('a customer role added on an open desk is previewed, audited and refused as not undoable; the rest of the plan is undone exactly', async () => {
  const h = await startPartA();
  try {
    await savePolicy(h, DEMO_POLICY);
    await clickUntilOk(h, 'scan/start', {});
    await settle(h);
    // The first finding whose plan adds a customer role (safe step) on a desk that is not closed.
    const openDesks = new Set(
      [...h.site.state.desks.values()].filter((d) => d.access !== 'closed').map((d) => d.id),
    );
    let plan: { id: string } | null = null;
    for (const f of await allFindings(h)) {
      const preview = await callResolver(h, 'plan/preview', { findingIds: [f.id] }, asSiteAdmin);
      if (!preview.ok) continue;
      const actions = preview.data.actions as {
        skipped: unknown;
        action: { type: string; deskId?: string };
      }[];
      if (
        actions.some(
          (a) =>
            a.skipped === null &&
            a.action.type === 'addCustomerToDesk' &&
            openDesks.has(a.action.deskId ?? ''),
        )
      ) {
        plan = preview.data as { id: string };
        break;
      }
    }
    if (plan === null) throw new Error('no plan adds a customer role on an open desk');
    const snapshot = siteMemberships(h.site);
    const planId = plan.id;
    const applied = await callResolver(h, 'plan/apply', { planId, confirm: true }, asSiteAdmin);
    expect(applied.ok).toBe(true);
    const entries = (await auditTrail(h)).filter((r) => r.planId === planId && r.outcome === 'applied');
    expect(entries.map((e) => e.action.type)).toContain('addCustomerToDesk');
    const onOpenDesk = (e: (typeof entries)[number]): boolean =>
      e.action.type === 'addCustomerToDesk' && openDesks.has((e.action as { deskId?: string }).deskId ?? '');
    // An admin's pace: the site's burst buckets (JSM getCustomers: 5 RPS) refill on the virtual clock before
    // the undo clicks, as in safety.test.ts.
    await h.runtime.tick(60_000);
    // JSM does not expose a desk's access, so the app cannot know it in advance: the undo is tried, JSM
    // refuses it (400), and the admin gets UNDO.NOT_POSSIBLE with the manual way, not an upstream error.
    for (const entry of entries.filter(onOpenDesk)) {
      const undone = await callResolver(h, 'audit/undo', { auditId: entry.id }, asSiteAdmin);
      expect(undone.ok ? 'undone' : undone.error.code).toBe('UNDO.NOT_POSSIBLE');
      expect(undone.ok ? '' : undone.error.message).toContain('Project settings → Customers');
    }
    // The refused attempt is audited as a failed undo, and it changed nothing.
    const failedUndos = (await auditTrail(h)).filter(
      (r) => r.outcome === 'failed' && entries.some((e) => e.id === r.undoOf && onOpenDesk(e)),
    );
    expect(failedUndos).toHaveLength(entries.filter(onOpenDesk).length);
    for (const entry of entries.filter((e) => !onOpenDesk(e))) {
      const undone = await callResolver(h, 'audit/undo', { auditId: entry.id }, asSiteAdmin);
      expect(undone.ok ? 'undone' : undone.error.code).toBe('undone');
    }
    // Every undoable step is restored exactly; only the open-desk customer additions remain.
    const remaining = siteMemberships(h.site);
    expect(snapshot.filter((m) => !remaining.includes(m))).toEqual([]);
    const extra = remaining.filter((m) => !snapshot.includes(m));
    expect(extra).toHaveLength(entries.filter(onOpenDesk).length);
    expect(extra.every((m) => m.startsWith('desk '))).toBe(true);
  } finally {
    await h.close();
  }
});
