import type { Viewer } from '../../../src/core/model/viewer';
import { applyPlan } from '../../../src/core/use-cases/plans/apply-plan';
import { previewPlan } from '../../../src/core/use-cases/plans/preview-plan';
import { undoChange } from '../../../src/core/use-cases/plans/undo-change';
import { exportFindings } from '../../../src/core/use-cases/queries/export-findings';
import { getOverview } from '../../../src/core/use-cases/queries/get-overview';
import { getPersonCard } from '../../../src/core/use-cases/queries/get-person-card';
import { getPolicy } from '../../../src/core/use-cases/queries/get-policy';
import { listAudit } from '../../../src/core/use-cases/queries/list-audit';
import {
  countUpTo,
  type FindingsPage,
  listFindings,
  TOTAL_COUNT_CAP,
} from '../../../src/core/use-cases/queries/list-findings';
import type { EmailKey } from '../../../src/core/model';
import { FakeFindingStore } from '../../support/fakes/fake-stores';
import { setPolicy } from '../../../src/core/use-cases/queries/set-policy';
import { reconcilePerson } from '../../../src/core/use-cases/reconcile/reconcile-person';
import { watchTick } from '../../../src/core/use-cases/watch/watch-tick';
import { createMeter } from '../../../src/core/use-cases/shared/points';
import { readSiteSnapshot } from '../../../src/core/use-cases/shared/site-context';
import { aLink, CUSTOMERS_GROUP, PARTNERS_GROUP } from '../../support/builders';
import {
  ADMIN,
  CASE_A,
  FakePersonStore,
  helpAdmin,
  kbAdmin,
  makeWorld,
  openAdmin,
  otherSpaceAdmin,
  seedCaseA,
  siteAdmin,
  type World,
  value,
} from '../../support/fakes';

/** Case (a) on desk HELP / space KB, plus a portal-only customer of desk OPEN with an unexpected twin. */
const scopedWorld = async (): Promise<World> => {
  const world = makeWorld();
  seedCaseA(world);
  world.site.addAccount(
    { accountId: 'qm:olga', kind: 'customer', email: 'olga@open.example' },
    { desks: ['20'] },
  );
  world.site.addAccount(
    { accountId: 'aa-olga', kind: 'atlassian', email: 'olga@open.example' },
    { groups: [CUSTOMERS_GROUP.id], desks: ['20'] },
  );
  value(
    await reconcilePerson(world.deps, {
      target: { accountId: CASE_A.guest },
      reason: 'test',
      now: world.clock.t,
    }),
  );
  world.clock.advance(1000);
  value(
    await reconcilePerson(world.deps, {
      target: { accountId: 'qm:olga' },
      reason: 'test',
      now: world.clock.t,
    }),
  );
  return world;
};

const subjects = async (world: World, viewer: Viewer): Promise<string[]> => {
  const page = value(await listFindings(world.deps, { viewer, page: { cursor: null, limit: 100 } }));
  return [
    ...new Set(
      page.items.map((f) => (f.subject.type === 'person' ? f.subject.emailKey : f.subject.spaceKey)),
    ),
  ].sort();
};

describe('visibility scoping', () => {
  it.each<[string, Viewer, string[]]>([
    ['site admin: everything', siteAdmin, [CASE_A.email, 'olga@open.example']],
    ['project admin of HELP: persons touching HELP', helpAdmin, [CASE_A.email]],
    ['project admin of OPEN: persons touching OPEN', openAdmin, ['olga@open.example']],
    ["space admin of KB: KB's guests", kbAdmin, [CASE_A.email]],
    ['space admin of another space: nothing', otherSpaceAdmin, []],
  ])('list-findings — %s', async (_name, viewer, expected) => {
    const world = await scopedWorld();
    expect(await subjects(world, viewer)).toEqual(expected);
  });

  it('narrows filters to the scope instead of widening it', async () => {
    const world = await scopedWorld();
    const page = value(
      await listFindings(world.deps, {
        viewer: helpAdmin,
        filter: { deskIds: ['20'] },
        page: { cursor: null, limit: 100 },
      }),
    );
    expect(page.items).toEqual([]);
  });

  it('overview counts only what the viewer sees', async () => {
    const world = await scopedWorld();
    const all = value(await getOverview(world.deps, { viewer: siteAdmin, now: world.clock.t }));
    const help = value(await getOverview(world.deps, { viewer: helpAdmin, now: world.clock.t }));
    const none = value(await getOverview(world.deps, { viewer: otherSpaceAdmin, now: world.clock.t }));
    expect(all.totals.findings).toBe(world.findings.all().length);
    expect(help.countsByCode.GUEST_WITHOUT_CUSTOMER_ROLE).toBe(1);
    expect(help.countsByCode.DUPLICATE_ACCOUNTS).toBe(1);
    expect(all.countsByCode.DUPLICATE_ACCOUNTS).toBe(2);
    expect(help.countsBySeverity.high).toBe(2);
    expect(none.totals).toEqual({ findings: 0, persons: 0 });
    expect(all.points.used).toBe(world.budget.used);
    expect(all.scan.state).toBe('idle');
  });

  it('person card: visible persons get the diagnosis and what the app would do; others are not found', async () => {
    const world = await scopedWorld();
    const card = value(
      await getPersonCard(world.deps, {
        viewer: kbAdmin,
        person: { email: 'Dana.Partner@partner.example' },
        now: world.clock.t,
      }),
    );
    expect(card.accounts.map((a) => a.kindLabel).sort()).toEqual([
      'Atlassian account',
      'portal-only customer account',
    ]);
    expect(card.diagnosis.some((d) => d.startsWith('Guest cannot use the help center'))).toBe(true);
    expect(card.wouldDo.withApproval.map((a) => a.key)).toContain(
      `addToGroup:${CUSTOMERS_GROUP.id}:${CASE_A.guest}`,
    );
    expect(card.wouldDo.automatic).toEqual([]);
    expect(card.wouldDo.guided.length).toBeGreaterThan(0);
    for (const viewer of [openAdmin, otherSpaceAdmin]) {
      const hidden = await getPersonCard(world.deps, {
        viewer,
        person: { email: CASE_A.email },
        now: world.clock.t,
      });
      expect(hidden).toMatchObject({ ok: false, error: { code: 'PERSON.NOT_FOUND' } });
    }
  });

  it('plans: findings outside the scope cannot be previewed, applied or undone', async () => {
    const world = await scopedWorld();
    const gwcr = world.findings.all().find((f) => f.code === 'GUEST_WITHOUT_CUSTOMER_ROLE');
    const refused = await previewPlan(world.deps, {
      viewer: openAdmin,
      findingIds: [gwcr?.id ?? ''],
      now: world.clock.t,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    const plan = value(
      await previewPlan(world.deps, { viewer: helpAdmin, findingIds: [gwcr?.id ?? ''], now: world.clock.t }),
    );
    const forbidden = await applyPlan(world.deps, {
      viewer: openAdmin,
      planId: plan.id,
      actorAccountId: ADMIN,
      confirmed: false,
      now: world.clock.t,
    });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    // Adding to the customers group is a Jira admin's to apply (viewer-capability.test.ts): HELP's admin
    // previewed the plan, a Jira admin applies it.
    const applied = value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actorAccountId: ADMIN,
        confirmed: false,
        now: world.clock.t,
      }),
    );
    const auditId = applied.applied[0]?.id ?? '';
    expect(
      await undoChange(world.deps, {
        viewer: openAdmin,
        target: { auditId },
        actorAccountId: ADMIN,
        now: world.clock.t,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN', required: 'scope of the change' },
    });
    // The audit log shows the entry to HELP's admin and KB's admin, not to OPEN's.
    const seen = async (viewer: Viewer) =>
      value(await listAudit(world.deps, { viewer, page: { cursor: null, limit: 50 }, now: 0 })).items.map(
        (e) => e.id,
      );
    expect(await seen(helpAdmin)).toEqual([auditId]);
    expect(await seen(kbAdmin)).toEqual([auditId]);
    expect(await seen(openAdmin)).toEqual([]);
    expect(await seen(siteAdmin)).toEqual([auditId]);
  });

  it('export: rows within scope, emails only when the caller may see them', async () => {
    const world = await scopedWorld();
    const hidden = value(await exportFindings(world.deps, { viewer: helpAdmin, includeEmails: false }));
    expect(hidden.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(hidden.rows)).not.toContain('@');
    expect(hidden.rows.every((r) => r.email.startsWith('person:p'))).toBe(true);
    const shown = value(
      await exportFindings(world.deps, { viewer: siteAdmin, includeEmails: true, maxRows: 1 }),
    );
    expect(shown).toMatchObject({
      truncated: true,
      rows: [{ email: expect.stringContaining('@') as unknown }],
    });
  });

  it('export: people by name and email, desks and spaces by name, account ids kept', async () => {
    const world = await scopedWorld();
    const policy = await world.policies.get();
    await world.siteSnapshots.put(
      value(await readSiteSnapshot(world.deps, createMeter(world.budget), policy, world.clock.t)),
    );
    const { rows } = value(await exportFindings(world.deps, { viewer: helpAdmin, includeEmails: true }));
    const dana = rows.filter((r) => r.email === CASE_A.email);
    expect(dana.length).toBeGreaterThan(0);
    for (const row of dana) {
      expect(row.displayName).toBe('Dana Partner');
      expect(row.accountIds.split(' ')).toEqual(expect.arrayContaining([CASE_A.guest]));
      expect(row.explanation.length).toBeGreaterThan(0);
    }
    expect(dana.map((r) => r.desks)).toContain('Help desk (HELP)');
    // A project admin's directory names only their desks: the space stays a key for them; a site admin's
    // export names it.
    expect(dana.map((r) => r.spaces)).toContain('KB');
    const site = value(await exportFindings(world.deps, { viewer: siteAdmin, includeEmails: true }));
    expect(site.rows.filter((r) => r.email === CASE_A.email).map((r) => r.spaces)).toContain(
      'Knowledge base (KB)',
    );
    // Without a snapshot (no scan yet) desks and spaces fall back to their ids.
    world.siteSnapshots.snapshot = null;
    const bare = value(await exportFindings(world.deps, { viewer: helpAdmin, includeEmails: true }));
    expect(bare.rows.filter((r) => r.email === CASE_A.email).map((r) => r.desks)).toContain('10');
  });

  it('searches by any part of an email or a name, case-insensitively, within the scope', async () => {
    const world = await scopedWorld();
    const subjectsOf = async (search: string, viewer: Viewer = siteAdmin) =>
      new Set(
        value(
          await listFindings(world.deps, { viewer, filter: { search }, page: { cursor: null, limit: 100 } }),
        ).items.map((f) => (f.subject.type === 'person' ? f.subject.emailKey : '')),
      );
    for (const search of [
      '  DANA.Partner@partner.EXAMPLE ',
      'dana',
      'DAN',
      'partner',
      'partner.exa',
      'Dana Part',
      'dana.partner@',
    ])
      expect([search, await subjectsOf(search)]).toEqual([search, new Set([CASE_A.email])]);
    expect(await subjectsOf('olga')).toEqual(new Set(['olga@open.example']));
    expect(await subjectsOf('open.example')).toEqual(new Set(['olga@open.example']));
    expect(await subjectsOf('grace')).toEqual(new Set());
    expect(await subjectsOf('dana olga')).toEqual(new Set());
    // A project admin of HELP finds Dana, and never Olga (desk OPEN) however the search is typed.
    expect(await subjectsOf('olga', helpAdmin)).toEqual(new Set());
    expect(await subjectsOf('dana', helpAdmin)).toEqual(new Set([CASE_A.email]));
    const bad = await listFindings(world.deps, {
      viewer: siteAdmin,
      filter: { search: ' ... ' },
      page: { cursor: null, limit: 10 },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });

  it('pages server-side with a stable cursor', async () => {
    const world = await scopedWorld();
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: FindingsPage = value(
        await listFindings(world.deps, { viewer: siteAdmin, page: { cursor, limit: 1 } }),
      );
      expect(page.items.length).toBeLessThanOrEqual(1);
      ids.push(...page.items.map((f) => f.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(ids).toEqual(world.findings.all().map((f) => f.id));
  });

  it.each([
    [3, 3, false],
    [TOTAL_COUNT_CAP, TOTAL_COUNT_CAP, false],
    [TOTAL_COUNT_CAP + 120, TOTAL_COUNT_CAP, true],
  ])('counts %i stored findings as %i (lower bound: %s)', async (stored, shown, lowerBound) => {
    const findings = new FakeFindingStore();
    const template = (await scopedWorld()).findings.all()[0];
    if (template === undefined) throw new Error('the scoped world has findings');
    for (let i = 0; i < stored; i++) {
      const id = `f-${String(i).padStart(4, '0')}`;
      await findings.replaceForSubject(`p${i}@example.com`, [
        { ...template, id, subject: { type: 'person', emailKey: `p${i}@example.com` as EmailKey } },
      ]);
    }
    expect(await countUpTo(findings, {}, TOTAL_COUNT_CAP)).toEqual({
      total: shown,
      totalIsLowerBound: lowerBound,
    });
    const page = value(
      await listFindings(
        { findings, persons: new FakePersonStore() },
        { viewer: siteAdmin, page: { cursor: null, limit: 25 } },
      ),
    );
    expect(page).toMatchObject({ total: shown, totalIsLowerBound: lowerBound, searchIsPartial: false });
    expect(page.items).toHaveLength(Math.min(25, stored));
  });
});

describe('policy', () => {
  const input = (overrides = {}) => ({
    links: [aLink()],
    protectedAccountIds: [],
    blastRadiusThreshold: 5,
    ...overrides,
  });

  it('is site-admin only', async () => {
    const world = makeWorld();
    expect(await getPolicy(world.deps, { viewer: helpAdmin })).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
    expect(
      await setPolicy(world.deps, {
        viewer: kbAdmin,
        actorAccountId: ADMIN,
        policy: input(),
        now: world.clock.t,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'AUTH.FORBIDDEN' },
    });
  });

  it('refuses Links to desks, spaces or groups that do not exist, and negative thresholds', async () => {
    const world = makeWorld();
    const bad = await setPolicy(world.deps, {
      viewer: siteAdmin,
      actorAccountId: ADMIN,
      policy: input({ links: [aLink({ deskId: '99', spaceKeys: ['NOPE'], groupIds: ['grp-nope'] })] }),
      now: world.clock.t,
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    if (!bad.ok && bad.error.code === 'INPUT.INVALID') {
      expect(bad.error.issues?.map((i) => i.path)).toEqual([
        'links.0.deskId',
        'links.0.spaceKeys.0',
        'links.0.groupIds.0',
      ]);
    }
    const negative = await setPolicy(world.deps, {
      viewer: siteAdmin,
      actorAccountId: ADMIN,
      policy: input({ blastRadiusThreshold: -1 }),
      now: world.clock.t,
    });
    expect(negative).toMatchObject({
      ok: false,
      error: { code: 'INPUT.INVALID', issues: [{ path: 'blastRadiusThreshold' }] },
    });
  });

  it('records the admin who switches auto-fix on as the actor, and clears it when all switches are off', async () => {
    const world = makeWorld();
    const on = value(
      await setPolicy(world.deps, {
        viewer: siteAdmin,
        actorAccountId: 'admin-a',
        policy: input({
          links: [
            aLink({ groupIds: [PARTNERS_GROUP.id], autoFix: { customerRole: true, linkedGroupAdd: false } }),
          ],
        }),
        now: world.clock.t,
      }),
    );
    expect(on.autoFixActorAccountId).toBe('admin-a');
    const kept = value(
      await setPolicy(world.deps, {
        viewer: siteAdmin,
        actorAccountId: 'admin-b',
        policy: input({
          links: [aLink({ autoFix: { customerRole: true, linkedGroupAdd: false } })],
          blastRadiusThreshold: 0,
        }),
        now: world.clock.t,
      }),
    );
    expect(kept.autoFixActorAccountId).toBe('admin-a');
    const off = value(
      await setPolicy(world.deps, {
        viewer: siteAdmin,
        actorAccountId: 'admin-b',
        policy: input(),
        now: world.clock.t,
      }),
    );
    expect(off.autoFixActorAccountId).toBeNull();
    expect(value(await getPolicy(world.deps, { viewer: siteAdmin }))).toEqual(off);
  });
});

describe('points budget', () => {
  it('reconcile-person returns BUDGET.EXHAUSTED with the reset time and writes nothing', async () => {
    const world = makeWorld({ budgetPerHour: 20 });
    seedCaseA(world);
    const out = await reconcilePerson(world.deps, {
      target: { accountId: CASE_A.guest },
      reason: 'test',
      now: world.clock.t,
    });
    const hour = 3_600_000;
    expect(out).toMatchObject({
      ok: false,
      error: { code: 'BUDGET.EXHAUSTED', resetsAt: world.clock.t - (world.clock.t % hour) + hour },
    });
    expect(world.findings.all()).toEqual([]);
    expect(world.budget.used).toBeLessThanOrEqual(20);
    expect(world.budget.reserved).toBe(0);
  });

  it('books what each call really cost, and never more than the budget', async () => {
    const world = makeWorld();
    seedCaseA(world);
    const out = value(
      await reconcilePerson(world.deps, {
        target: { accountId: CASE_A.guest },
        reason: 'test',
        now: world.clock.t,
      }),
    );
    expect(out.pointsUsed).toBe(world.site.pointsMetered);
    expect(world.budget.used).toBe(world.site.pointsMetered);
    // A known person costs less the second time: no site read, no twin search.
    const before = world.site.pointsMetered;
    const again = value(
      await reconcilePerson(world.deps, {
        target: { accountId: CASE_A.guest },
        reason: 'test',
        now: world.clock.t,
      }),
    );
    expect(again.pointsUsed).toBe(world.site.pointsMetered - before);
    expect(again.pointsUsed).toBeLessThanOrEqual(12);
  });

  it('watch-tick stops with BUDGET.EXHAUSTED when even the totals do not fit', async () => {
    const world = makeWorld({ budgetPerHour: 1_000 });
    value(await watchTick(world.deps, { now: world.clock.t }));
    world.budget.limit = world.budget.used + 4; // one total fits, the next does not
    const out = await watchTick(world.deps, { now: world.clock.t });
    expect(out).toMatchObject({ ok: false, error: { code: 'BUDGET.EXHAUSTED' } });
  });
});

describe('watch', () => {
  it('baselines unknown lists on its first tick and enqueues nothing', async () => {
    const world = makeWorld();
    seedCaseA(world);
    const first = value(await watchTick(world.deps, { now: world.clock.t }));
    expect(first.baselined.length).toBe(first.sourcesChecked);
    expect(world.queue.jobs).toEqual([]);
    const second = value(await watchTick(world.deps, { now: world.clock.t }));
    expect(second).toMatchObject({ changed: [], baselined: [] });
  });

  it('enqueues one deduplicated follow-up per changed list until the follow-up moves the watermark', async () => {
    const world = makeWorld();
    value(await watchTick(world.deps, { now: world.clock.t }));
    world.site.addAccount(
      { accountId: 'qm:new', kind: 'customer', email: 'new@client.example' },
      { desks: ['20'] },
    );
    value(await watchTick(world.deps, { now: world.clock.t }));
    value(await watchTick(world.deps, { now: world.clock.t }));
    expect(world.queue.jobs.map((j) => j.job)).toEqual([
      { type: 'watch-follow-up', source: 'desk:20', observedTotal: 1 },
    ]);
    expect(world.queue.merged).toHaveLength(1);
  });
});

describe('undo restores the exact prior state', () => {
  it('re-adds a removed member and removes an added one', async () => {
    const world = await scopedWorld();
    const before = [...(world.site.groups.get(CUSTOMERS_GROUP.id)?.members ?? [])].sort();
    const ids = world.findings
      .all()
      .filter((f) => f.code === 'GUEST_WITHOUT_CUSTOMER_ROLE')
      .map((f) => f.id);
    const plan = value(
      await previewPlan(world.deps, { viewer: siteAdmin, findingIds: ids, now: world.clock.t }),
    );
    value(
      await applyPlan(world.deps, {
        viewer: siteAdmin,
        planId: plan.id,
        actorAccountId: ADMIN,
        confirmed: false,
        now: world.clock.t,
      }),
    );
    value(
      await undoChange(world.deps, {
        viewer: siteAdmin,
        target: { planId: plan.id },
        actorAccountId: ADMIN,
        now: world.clock.t,
      }),
    );
    expect([...(world.site.groups.get(CUSTOMERS_GROUP.id)?.members ?? [])].sort()).toEqual(before);
    expect(
      await undoChange(world.deps, {
        viewer: siteAdmin,
        target: { planId: plan.id },
        actorAccountId: ADMIN,
        now: world.clock.t,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'UNDO.NOT_POSSIBLE' },
    });
  });
});
