import './support/install-bridge';
import React from 'react';
import { AudienceProvider } from '../../src/frontend/audience-context';
import { AuditView } from '../../src/frontend/audit-view';
import { FakeBackend, deferred, fail, ok } from './support/fake-backend';
import { anAuditEntry } from './support/fixtures';
import { button, byText, byType, hasText, prop, textOf } from './support/forge-doc';
import { click, render, settle } from './support/render';

const view = (
  <AudienceProvider audience="project">
    <AuditView />
  </AudienceProvider>
);

describe('audit view', () => {
  test('is loading, then shows who, what, when, before → after and outcome', async () => {
    const pending = deferred<unknown>();
    const fake = new FakeBackend().on('audit/list', () => pending.promise as never);
    const ui = await render(view, fake);
    expect(prop(byType(ui.doc(), 'DynamicTable')[0]!, 'isLoading')).toBe(true);
    pending.resolve(
      ok({
        items: [
          anAuditEntry('a-1'),
          anAuditEntry('a-0', {
            actor: { type: 'auto', onBehalfOf: 'admin-2' },
            outcome: 'failed',
            errorCode: 'UPSTREAM.FORBIDDEN',
          }),
        ],
        cursor: null,
      }),
    );
    await settle();
    const [first, second] = byType(ui.doc(), 'Row');
    expect(textOf(first!)).toContain('2025-01-06 09:30 UTC');
    expect(textOf(first!)).toContain('Add aa-1 to group grp-customers');
    expect(textOf(first!)).toContain('not a member → member');
    expect(prop(byType(first!, 'User')[0]!, 'accountId')).toBe('admin-1');
    expect(textOf(second!)).toContain('Auto-fix, as');
    expect(textOf(second!)).toContain('Failed (UPSTREAM.FORBIDDEN)');
    expect(byType(second!, 'Button')).toHaveLength(0);
  });

  test('Undo is offered only where the resolver says the entry is undoable; an undone entry says so', async () => {
    const fake = new FakeBackend().reply(
      'audit/list',
      ok({
        items: [
          anAuditEntry('a-2', { outcome: 'undone', undoOf: 'a-1', before: { member: true } }),
          anAuditEntry('a-1', { undoable: false, undoneBy: 'a-2' }),
          anAuditEntry('a-4', { undoable: false }),
          anAuditEntry('a-5'),
        ],
        cursor: null,
      }),
    );
    const ui = await render(view, fake);
    const rows = byType(ui.doc(), 'Row');
    expect(rows.map((r) => byText(r, 'Button', 'Undo').length)).toEqual([0, 0, 0, 1]);
    expect(textOf(rows[1]!)).toContain('Undone later');
    expect(textOf(rows[2]!)).not.toContain('Undone later');
  });

  test('empty log explains what will appear', async () => {
    const fake = new FakeBackend().reply('audit/list', ok({ items: [], cursor: null }));
    const ui = await render(view, fake);
    const empty = prop<React.ReactElement<{ header: string }>>(
      byType(ui.doc(), 'DynamicTable')[0]!,
      'emptyView',
    );
    expect(empty.props.header).toBe('Nothing applied yet');
  });

  test('forbidden says which admin right is missing', async () => {
    const fake = new FakeBackend().reply('audit/list', fail('AUTH.FORBIDDEN', 'No.'));
    const ui = await render(view, fake);
    expect(hasText(ui.doc(), 'You need to be a project admin of this project')).toBe(true);
  });

  test('undo reverts the entry and reloads the page; a refused undo says why', async () => {
    let undone = false;
    const fake = new FakeBackend()
      .on('audit/list', () =>
        ok({
          items: undone
            ? [
                anAuditEntry('a-2', { outcome: 'undone', undoOf: 'a-1' }),
                anAuditEntry('a-1', { undoable: false, undoneBy: 'a-2' }),
              ]
            : [
                anAuditEntry('a-1'),
                anAuditEntry('a-3', { action: { type: 'addToGroup', accountId: 'aa-3', groupId: 'g' } }),
              ],
          cursor: 'next',
        }),
      )
      .on('audit/undo', (p) => {
        if (p.auditId === 'a-3') return fail('UNDO.NOT_POSSIBLE', 'Changed since.');
        undone = true;
        return ok({ auditId: 'a-1', undoAuditId: 'a-2', outcome: 'undone' });
      });
    const ui = await render(view, fake);
    const [, second] = byType(ui.doc(), 'Row');
    await click(button(second!, 'Undo'));
    expect(hasText(ui.doc(), 'cannot be undone automatically')).toBe(true);
    await click(button(byType(ui.doc(), 'Row')[0]!, 'Undo'));
    expect(fake.calls('audit/undo')).toEqual([{ auditId: 'a-3' }, { auditId: 'a-1' }]);
    expect(fake.calls('audit/list')).toHaveLength(2);
    expect(textOf(byType(ui.doc(), 'Row')[0]!)).toContain('Undo: Add aa-1');
    await click(button(ui.doc(), 'Next page'));
    expect(fake.calls('audit/list').at(-1)).toEqual({ limit: 25, cursor: 'next' });
  });
});
