import './support/install-bridge';
import React from 'react';
import { AudienceProvider } from '../../src/frontend/audience-context';
import { FindingsView } from '../../src/frontend/findings-view';
import { FakeBackend, fail, ok } from './support/fake-backend';
import { aFinding, aPlan, anAuditEntry } from './support/fixtures';
import { all, button, byType, hasText, prop, textOf, type DocNode } from './support/forge-doc';
import { click, fire, render } from './support/render';

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
    .reply('findings/list', ok({ items: [aFinding('f-1')], cursor: null }))
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

  test('unticked review removals are sent as skipped; apply shows progress from the audit and undo reverts one', async () => {
    const fake: FakeBackend = backend()
      .reply('plan/apply', ok({ planId: 'plan-1', status: 'queued', actionCount: 2 }))
      .on('audit/list', () =>
        ok({
          items: fake.calls('audit/undo').length
            ? [anAuditEntry('a-1'), anAuditEntry('a-2', { outcome: 'undone', undoOf: 'a-1' })]
            : [anAuditEntry('a-1')],
          cursor: null,
        }),
      )
      .reply('audit/undo', ok({ auditId: 'a-1', undoAuditId: 'a-2', outcome: 'undone' }));
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    const [review] = byType(modal(ui.doc()), 'Checkbox');
    expect(prop(review!, 'isChecked')).toBe(true);
    await fire(review!, 'onChange');
    expect(prop(byType(modal(ui.doc()), 'Checkbox')[0]!, 'isChecked')).toBe(false);

    await click(button(modal(ui.doc()), 'Apply'));
    expect(fake.calls('plan/apply')).toEqual([
      { planId: 'plan-1', confirm: false, skipActionKeys: ['remove:aa-2:grp-partners'] },
    ]);
    expect(fake.calls('audit/list')).toEqual([{ planId: 'plan-1', limit: 100 }]);
    const m = modal(ui.doc());
    expect(hasText(m, '2 actions queued')).toBe(true);
    expect(prop(byType(m, 'ProgressBar')[0]!, 'value')).toBe(0.5);
    expect(all(m, (n) => n.type === 'Button' && textOf(n) === 'Apply')).toHaveLength(0);

    await click(button(modal(ui.doc()), 'Undo'));
    expect(fake.calls('audit/undo')).toEqual([{ auditId: 'a-1' }]);
    expect(fake.calls('audit/list')).toHaveLength(2);
    expect(byType(modal(ui.doc()), 'Lozenge').map(textOf)).toContain('Undone');
  });

  test('a plan over the blast radius cannot be applied until the admin confirms', async () => {
    const fake = backend()
      .reply('plan/preview', ok(aPlan({ requiresConfirmation: true })))
      .reply('plan/apply', ok({ planId: 'plan-1', status: 'nothing-to-apply', actionCount: 0 }));
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Preview fix'));
    expect(hasText(modal(ui.doc()), 'blast-radius threshold (10)')).toBe(true);
    expect(prop(button(modal(ui.doc()), 'Apply'), 'isDisabled')).toBe(true);
    const confirm = byType(modal(ui.doc()), 'Checkbox').find((c) =>
      String(prop(c, 'label')).startsWith('I have reviewed'),
    );
    await fire(confirm!, 'onChange');
    expect(prop(button(modal(ui.doc()), 'Apply'), 'isDisabled')).toBe(false);
    await click(button(modal(ui.doc()), 'Apply'));
    expect(fake.calls('plan/apply')).toEqual([{ planId: 'plan-1', confirm: true, skipActionKeys: [] }]);
    expect(hasText(modal(ui.doc()), 'Nothing to apply')).toBe(true);
    expect(fake.calls('audit/list')).toEqual([]);
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
});
