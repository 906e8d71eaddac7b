import './support/install-bridge';
import React from 'react';
import { PanelShell } from '../../src/frontend/panel-shell';
import { FakeBackend, ok } from './support/fake-backend';
import { aPolicy, anAuditEntry, anOverview } from './support/fixtures';
import { byType, hasText, textOf } from './support/forge-doc';
import { fire, render } from './support/render';

const backend = () =>
  new FakeBackend()
    .reply('overview', ok(anOverview()))
    .reply('findings/list', ok({ items: [], cursor: null }))
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
    expect(fake.invokes.map((i) => i.name)).toEqual(['overview']);
  });

  test('each tab invokes its resolver once, when opened', async () => {
    const fake = backend();
    const ui = await render(<PanelShell />, fake, 'admin');
    const tabs = () => byType(ui.doc(), 'Tabs')[0]!;
    await fire(tabs(), 'onChange', 2);
    expect(hasText(ui.doc(), 'Add aa-1 to group grp-customers')).toBe(true);
    await fire(tabs(), 'onChange', 3);
    expect(byType(ui.doc(), 'Textfield').length).toBeGreaterThan(0);
    await fire(tabs(), 'onChange', 1);
    expect(fake.invokes.map((i) => i.name)).toEqual([
      'overview',
      'audit/list',
      'policy/get',
      'findings/list',
    ]);
  });
});
