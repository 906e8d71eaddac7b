import './support/install-bridge';
import React from 'react';
import { PanelShell } from '../../src/frontend/panel-shell';
import { FakeBackend, fail, ok } from './support/fake-backend';
import { aDirectory, aFinding, aPolicy, anAuditEntry, anOverview } from './support/fixtures';
import { byType, hasText, prop, textOf } from './support/forge-doc';
import { fire, render } from './support/render';

const backend = () =>
  new FakeBackend()
    .reply('overview', ok(anOverview()))
    .reply('directory', ok(aDirectory()))
    .reply(
      'findings/list',
      ok({ items: [], cursor: null, total: 0, totalIsLowerBound: false, searchIsPartial: false }),
    )
    .reply('audit/list', ok({ items: [anAuditEntry('a-1')], cursor: null }))
    .reply('policy/get', ok(aPolicy()));

describe('panel shell', () => {
  test.each([
    ['project', 'customers of this service desk', ['Overview', 'Findings', 'Audit']],
    ['space', 'guests of this space', ['Overview', 'Findings', 'Audit']],
    ['admin', 'whole site', ['Overview', 'Findings', 'Audit', 'Policy']],
  ] as const)('the %s page titles itself and offers its tabs', async (kind, title, tabs) => {
    const fake = backend();
    const ui = await render(<PanelShell />, fake, kind);
    expect(ui.commands.indexOf('getContext')).toBeLessThan(ui.commands.indexOf('invoke'));
    expect(hasText(ui.doc(), title)).toBe(true);
    expect(byType(ui.doc(), 'Tab').map(textOf)).toEqual(tabs);
    expect(fake.invokes.map((i) => i.name).sort()).toEqual(['directory', 'overview']);
  });

  test('each tab invokes its resolver once, when opened', async () => {
    const fake = backend();
    const ui = await render(<PanelShell />, fake, 'admin');
    const tabs = () => byType(ui.doc(), 'Tabs')[0]!;
    await fire(tabs(), 'onChange', 2);
    expect(hasText(ui.doc(), 'Add aa-1 to group jira-servicemanagement-customers-acme')).toBe(true);
    await fire(tabs(), 'onChange', 3);
    expect(byType(ui.doc(), 'Textfield').length).toBeGreaterThan(0);
    await fire(tabs(), 'onChange', 1);
    expect(fake.invokes.map((i) => i.name)).toEqual([
      'overview',
      'directory',
      'audit/list',
      'policy/get',
      'findings/list',
    ]);
  });

  test('rows, filters and actions show the directory names; ids the directory lacks stay ids', async () => {
    const fake = backend().reply(
      'findings/list',
      ok({
        items: [aFinding('f-1', { scope: { deskIds: ['10', '77'], spaceKeys: ['KB'] } })],
        cursor: null,
        total: 1,
        totalIsLowerBound: false,
        searchIsPartial: false,
      }),
    );
    const ui = await render(<PanelShell />, fake, 'admin');
    const tabs = () => byType(ui.doc(), 'Tabs')[0]!;
    await fire(tabs(), 'onChange', 1);
    const [row] = byType(ui.doc(), 'Row');
    expect(textOf(row!)).toContain('Desks: Support desk (SD), 77; spaces: Help articles (KB)');
    const [, , desk, space] = byType(ui.doc(), 'Select');
    expect(prop<{ label: string }[]>(desk!, 'options').map((o) => o.label)).toEqual([
      'Desk Support desk (SD)',
      'Desk 77',
    ]);
    expect(prop<{ label: string }[]>(space!, 'options').map((o) => o.label)).toEqual([
      'Space Product docs (DOCS)',
      'Space Help articles (KB)',
    ]);
    await fire(tabs(), 'onChange', 2);
    expect(hasText(ui.doc(), 'Add aa-1 to group jira-servicemanagement-customers-acme')).toBe(true);
    expect(fake.calls('directory')).toEqual([{}]);
  });

  test('without a directory (it failed) every view falls back to the ids', async () => {
    const fake = backend()
      .reply('directory', fail('UPSTREAM.UNAVAILABLE', 'Down.'))
      .reply('audit/list', ok({ items: [anAuditEntry('a-1')], cursor: null }));
    const ui = await render(<PanelShell />, fake, 'admin');
    await fire(byType(ui.doc(), 'Tabs')[0]!, 'onChange', 2);
    expect(hasText(ui.doc(), 'Add aa-1 to group grp-customers')).toBe(true);
  });
});
