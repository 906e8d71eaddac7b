import './support/install-bridge';
import React from 'react';
import { AudienceProvider } from '../../src/frontend/audience-context';
import { FindingsView } from '../../src/frontend/findings-view';
import { FakeBackend, deferred, fail, ok } from './support/fake-backend';
import type { Plan } from '../../src/frontend/types';
import { T0, aFinding, aPlan, anApplyResult, anAuditEntry } from './support/fixtures';
import { all, button, byText, byType, hasText, prop, textOf, type DocNode } from './support/forge-doc';
import { click, fire, render, settle } from './support/render';

const view = (
  <AudienceProvider audience="admin">
    <FindingsView />
  </AudienceProvider>
);

const modal = (doc: DocNode): DocNode => {
  const [node] = byType(doc, 'Modal');
  if (!node) throw new Error('no modal open');
  return node;
};

const backend = () =>
  new FakeBackend()
    .reply(
      'findings/list',
      ok({
        items: [aFinding('f-1')],
        cursor: null,
        total: 1,
        totalIsLowerBound: false,
        searchIsPartial: false,
      }),
    )
    .reply('plan/preview', ok(aPlan()));

describe('plan preview, apply and undo', () => {
  test('preview shows each action with its safety class, inverse, and guided steps with link and checklist', async () => {
    const fake = backend();
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    expect(fake.calls('plan/preview')).toEqual([{ findingIds: ['f-1'] }]);
    const m = modal(ui.doc());
    expect(byType(m, 'Lozenge').map(textOf)).toEqual(['Safe', 'Review', 'Manual']);
    expect(hasText(m, 'Undo would: Remove aa-1 from group grp-customers')).toBe(true);
    const [link] = byType(m, 'LinkButton');
    expect(prop(link!, 'href')).toBe('https://acme.atlassian.net/jira/servicedesk/customers/portal-only');
    expect(byType(m, 'ListItem').map(textOf)).toEqual([
      'Open the portal-only customers page',
      'Choose Migrate to Atlassian account',
    ]);
  });

  test('case 7: removals are ticked by default — review steps start unticked and are left out; the result says what happened and undo reverts one', async () => {
    const fake: FakeBackend = backend()
      .reply(
        'plan/apply',
        ok(
          anApplyResult([
            { actionKey: 'add:aa-1:grp-customers', outcome: 'applied', auditId: 'a-1', errorCode: null },
          ]),
        ),
      )
      .on('audit/list', () =>
        ok({
          items: fake.calls('audit/undo').length
            ? [
                anAuditEntry('a-2', { outcome: 'undone', undoOf: 'a-1' }),
                anAuditEntry('a-1', { undoable: false, undoneBy: 'a-2' }),
              ]
            : [anAuditEntry('a-1')],
          cursor: null,
        }),
      )
      .reply('audit/undo', ok({ auditId: 'a-1', undoAuditId: 'a-2', outcome: 'undone' }));
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    const [review] = byType(modal(ui.doc()), 'Checkbox');
    expect(prop(review!, 'isChecked')).toBe(false);
    expect(prop(button(modal(ui.doc()), 'Apply'), 'isDisabled')).toBe(false); // the safe addition is ticked

    await click(button(modal(ui.doc()), 'Apply'));
    expect(fake.calls('plan/apply')).toEqual([
      { planId: 'plan-1', confirm: false, skipActionKeys: ['remove:aa-2:grp-partners'] },
    ]);
    expect(fake.calls('audit/list')).toEqual([{ planId: 'plan-1', limit: 100 }]);
    const m = modal(ui.doc());
    expect(textOf(byType(m, 'ModalTitle')[0]!)).toBe('Fix applied');
    expect(hasText(m, '1 of 1 actions done.')).toBe(true);
    expect(prop(byType(m, 'ProgressBar')[0]!, 'value')).toBe(1);
    expect(all(m, (n) => n.type === 'Button' && textOf(n) === 'Apply')).toHaveLength(0);

    await click(button(modal(ui.doc()), 'Undo'));
    expect(fake.calls('audit/undo')).toEqual([{ auditId: 'a-1' }]);
    expect(fake.calls('audit/list')).toHaveLength(2);
    expect(byType(modal(ui.doc()), 'Lozenge').map(textOf)).toContain('Undone');
    expect(byText(modal(ui.doc()), 'Button', 'Undo')).toHaveLength(0);
  });

  test('while the apply runs the modal shows progress; a partial apply lists every step and why it stopped', async () => {
    const pending = deferred<unknown>();
    const fake = backend()
      .on('plan/apply', () => pending.promise as never)
      .reply('audit/list', ok({ items: [anAuditEntry('a-1')], cursor: null }));
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    await click(button(modal(ui.doc()), 'Apply'));
    const bar = byType(modal(ui.doc()), 'ProgressBar')[0]!;
    expect(prop(bar, 'isIndeterminate')).toBe(true);
    expect(prop(button(modal(ui.doc()), 'Apply'), 'isDisabled')).toBe(true);

    pending.resolve(
      ok(
        anApplyResult([
          { actionKey: 'add:aa-1:grp-customers', outcome: 'applied', auditId: 'a-1', errorCode: null },
          {
            actionKey: 'remove:aa-2:grp-partners',
            outcome: 'failed',
            auditId: 'a-9',
            errorCode: 'UPSTREAM.RATE_LIMITED',
          },
        ]),
      ),
    );
    await settle();
    const m = modal(ui.doc());
    expect(textOf(byType(m, 'ModalTitle')[0]!)).toBe('Fix result');
    expect(byType(m, 'Lozenge').map(textOf)).toEqual(
      expect.arrayContaining(['Partly applied', 'Applied', 'Failed']),
    );
    expect(hasText(m, '1 of 2 actions done.')).toBe(true);
    expect(prop(byType(m, 'ProgressBar')[0]!, 'value')).toBe(0.5);
    expect(hasText(m, 'Remove aa-2 from group grp-partners (UPSTREAM.RATE_LIMITED)')).toBe(true);
    expect(byType(m, 'SectionMessage').map((n) => prop(n, 'title'))).toContain(
      'A step failed, so the steps after it were not attempted',
    );
    expect(hasText(m, 'Wait about a minute')).toBe(true);
    expect(byText(m, 'Button', 'Undo')).toHaveLength(1);
  });

  test('a guided step can be marked done; the answer is shown in place', async () => {
    const fake = backend().on('plan/confirm-step', (p) =>
      ok({ planId: 'plan-1', actionKey: String(p.actionKey), auditId: 'a-7', confirmedAt: T0 + 60_000 }),
    );
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    await click(button(modal(ui.doc()), 'Mark done'));
    expect(fake.calls('plan/confirm-step')).toEqual([
      { planId: 'plan-1', actionKey: 'guide:migrate:qm:ann' },
    ]);
    const m = modal(ui.doc());
    expect(byText(m, 'Button', 'Mark done')).toHaveLength(0);
    expect(byType(m, 'Lozenge').map(textOf)).toContain('Done');
    expect(hasText(m, 'Marked done 2025-01-06 09:31 UTC')).toBe(true);
  });

  test('a refused "Mark done" says why and keeps the button', async () => {
    const fake = backend().reply('plan/confirm-step', fail('AUTH.FORBIDDEN', 'Not yours.'));
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    await click(button(modal(ui.doc()), 'Mark done'));
    const m = modal(ui.doc());
    expect(byType(m, 'SectionMessage').map((n) => prop(n, 'title'))).toEqual([
      'The step was not marked done',
    ]);
    expect(hasText(m, 'You need to be a Jira admin')).toBe(true);
    expect(prop(button(m, 'Mark done'), 'isDisabled')).toBe(false);
  });

  test('a plan over the blast radius cannot be applied until the admin confirms', async () => {
    const fake = backend()
      .reply('plan/preview', ok(aPlan({ requiresConfirmation: true })))
      .reply('plan/apply', ok(anApplyResult([])));
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    expect(hasText(modal(ui.doc()), 'blast-radius threshold (10)')).toBe(true);
    expect(prop(button(modal(ui.doc()), 'Apply'), 'isDisabled')).toBe(true);
    const confirm = byType(modal(ui.doc()), 'Checkbox').find((c) =>
      String(prop(c, 'label')).startsWith('I have reviewed'),
    );
    await fire(confirm!, 'onChange');
    await fire(byType(modal(ui.doc()), 'Checkbox')[0]!, 'onChange'); // and approves the removal
    expect(prop(button(modal(ui.doc()), 'Apply'), 'isDisabled')).toBe(false);
    await click(button(modal(ui.doc()), 'Apply'));
    expect(fake.calls('plan/apply')).toEqual([{ planId: 'plan-1', confirm: true, skipActionKeys: [] }]);
    expect(hasText(modal(ui.doc()), 'Nothing to apply')).toBe(true);
    expect(fake.calls('audit/list')).toEqual([]);
  });

  test('case 7: Apply is disabled while nothing applicable is ticked; ticking a removal sends it', async () => {
    const [, removal] = aPlan().actions;
    const fake = backend()
      .reply('plan/preview', ok(aPlan({ actions: [removal!], counts: { safe: 0, review: 1, manual: 0 } })))
      .reply('plan/apply', ok(anApplyResult([])));
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    expect(prop(byType(modal(ui.doc()), 'Checkbox')[0]!, 'isChecked')).toBe(false);
    expect(prop(button(modal(ui.doc()), 'Apply'), 'isDisabled')).toBe(true);
    expect(hasText(modal(ui.doc()), 'Tick the removals you approve')).toBe(true);
    await fire(byType(modal(ui.doc()), 'Checkbox')[0]!, 'onChange');
    expect(prop(button(modal(ui.doc()), 'Apply'), 'isDisabled')).toBe(false);
    await click(button(modal(ui.doc()), 'Apply'));
    expect(fake.calls('plan/apply')).toEqual([{ planId: 'plan-1', confirm: false, skipActionKeys: [] }]);
  });

  test('case 7: a plan with only guided steps offers "Mark done" for each step, not Apply', async () => {
    const [, , guided] = aPlan().actions;
    const second = {
      ...guided!,
      key: 'guide:migrate:qm:bob',
      action: { ...guided!.action, accountId: 'qm:bob' },
    };
    const fake = backend().reply(
      'plan/preview',
      ok(aPlan({ actions: [guided!, second], counts: { safe: 0, review: 0, manual: 2 } })),
    );
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    const m = modal(ui.doc());
    expect(byText(m, 'Button', 'Apply')).toHaveLength(0);
    expect(byText(m, 'Button', 'Mark done')).toHaveLength(2);
    expect(hasText(m, 'Every step of this plan is done by hand')).toBe(true);
  });

  test('a stale plan says to preview again; closing the modal reloads the findings', async () => {
    const fake = backend().reply('plan/apply', fail('PLAN.STALE', 'Stale.'));
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    await click(button(modal(ui.doc()), 'Apply'));
    expect(hasText(modal(ui.doc()), 'preview the fix again')).toBe(true);
    await click(button(modal(ui.doc()), 'Cancel'));
    expect(byType(ui.doc(), 'Modal')).toHaveLength(0);
    expect(fake.calls('findings/list')).toHaveLength(2);
  });

  test('a preview that fails shows why inside the modal', async () => {
    const fake = backend().reply('plan/preview', fail('AUTH.FORBIDDEN', 'No.'));
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    expect(hasText(modal(ui.doc()), 'You need to be a Jira admin')).toBe(true);
    expect(all(modal(ui.doc()), (n) => n.type === 'Button' && textOf(n) === 'Apply')).toHaveLength(0);
  });

  /** Case (a) as a project admin sees it: the customers-group step is a Jira admin's, the guided step theirs. */
  const projectAdminPlan = (extra: Plan['actions'] = []): Plan => {
    const [groupStep, , guided] = aPlan().actions;
    return aPlan({
      actions: [{ ...groupStep!, viewerCannotApply: { reason: 'needs-site-admin' } }, ...extra, guided!],
      counts: { safe: 1 + extra.length, review: 0, manual: 1 },
    });
  };
  const projectView = (
    <AudienceProvider audience="project">
      <FindingsView />
    </AudienceProvider>
  );

  test('a step only a Jira admin can apply says so; with nothing else to apply there is no Apply', async () => {
    const fake = backend().reply('plan/preview', ok(projectAdminPlan()));
    const ui = await render(projectView, fake);
    await click(button(ui.doc(), 'Preview fix'));
    const m = modal(ui.doc());
    expect(byType(m, 'Lozenge').map(textOf)).toEqual(['Safe', 'Needs a Jira admin', 'Manual']);
    expect(byType(m, 'SectionMessage').map((n) => prop(n, 'title'))).toEqual(['A Jira admin is needed']);
    expect(
      hasText(
        m,
        'Only a Jira admin can change group membership. Ask a Jira admin to apply this fix from Jira administration → Apps → Identity Reconciler.',
      ),
    ).toBe(true);
    expect(hasText(m, 'You cannot apply this step yourself')).toBe(true);
    expect(byText(m, 'Button', 'Apply')).toHaveLength(0);
    expect(byText(m, 'Button', 'Mark done')).toHaveLength(1); // the guided step is still theirs
    expect(fake.calls('plan/apply')).toEqual([]);
  });

  test("Apply leaves out the steps the admin cannot apply and applies the admin's own", async () => {
    const deskStep: Plan['actions'][number] = {
      key: 'addCustomerToDesk:10:aa-1',
      findingIds: ['f-1'],
      action: { type: 'addCustomerToDesk', accountId: 'aa-1', deskId: '10' },
      safety: 'safe',
      inverse: { type: 'removeCustomerFromDesk', accountId: 'aa-1', deskId: '10' },
      skipped: null,
      viewerCannotApply: null,
    };
    const fake = backend()
      .reply('plan/preview', ok(projectAdminPlan([deskStep])))
      .reply(
        'plan/apply',
        ok(anApplyResult([{ actionKey: deskStep.key, outcome: 'applied', auditId: 'a-1', errorCode: null }])),
      )
      .reply('audit/list', ok({ items: [anAuditEntry('a-1')], cursor: null }));
    const ui = await render(projectView, fake);
    await click(button(ui.doc(), 'Preview fix'));
    expect(hasText(modal(ui.doc()), '1 of the steps are not yours to apply (see below)')).toBe(true);
    await click(button(modal(ui.doc()), 'Apply'));
    expect(fake.calls('plan/apply')).toEqual([
      { planId: 'plan-1', confirm: false, skipActionKeys: ['add:aa-1:grp-customers'] },
    ]);
  });

  test.each([
    [
      'a refusal naming the Jira-admin right',
      {
        code: 'AUTH.FORBIDDEN',
        message: 'Only a Jira admin can change group membership (1 step).',
        needs: 'site-admin',
      },
      'This needs a Jira admin',
      'You need to be a project admin',
    ],
    [
      "a write refused for the admin's own account",
      { code: 'UPSTREAM.FORBIDDEN', message: 'addMember: forbidden', madeAs: 'user' },
      'the app makes it with your own permissions, and yours do not allow it',
      'The app lacks a permission',
    ],
    [
      "a call refused for the app's own account",
      { code: 'UPSTREAM.FORBIDDEN', message: 'groupsOfAccount: forbidden', madeAs: 'app' },
      'The app lacks a permission',
      'your own permissions',
    ],
  ] as const)('an apply failing with %s says whose right is missing', async (_name, error, says, not) => {
    const fake = backend().reply('plan/apply', { ok: false, error: { ...error } });
    const ui = await render(projectView, fake);
    await click(button(ui.doc(), 'Preview fix'));
    await click(button(modal(ui.doc()), 'Apply'));
    expect(fake.problems).toEqual([]);
    const m = modal(ui.doc());
    expect(hasText(m, says)).toBe(true);
    expect(hasText(m, not)).toBe(false);
  });
});
