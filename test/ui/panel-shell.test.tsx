import './support/install-bridge';
import React from 'react';
import { PanelShell } from '../../src/frontend/panel-shell';
import { FakeBackend, fail, ok } from './support/fake-backend';
import { aDirectory, aFinding, aPersonCard, aPolicy, anAuditEntry, anOverview } from './support/fixtures';
import { byType, hasText, prop, textOf } from './support/forge-doc';
import { click, fire, render } from './support/render';
import { button } from './support/forge-doc';

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

  test('a person is named, then emailed, with account ids kept; the card names desks, spaces and groups', async () => {
    const fake = backend()
      .reply(
        'findings/list',
        ok({
          items: [
            aFinding('ann', {
              subjectName: 'Ann Lee',
              subject: { type: 'person', emailKey: 'ann@example.com' },
            }),
            aFinding('bo'),
          ],
          cursor: null,
          total: 2,
          totalIsLowerBound: false,
          searchIsPartial: false,
        }),
      )
      .reply(
        'person/card',
        ok(
          aPersonCard({
            accounts: aPersonCard().accounts.map((a) => ({ ...a, groupIds: ['grp-customers', 'grp-x'] })),
          }),
        ),
      );
    const ui = await render(<PanelShell />, fake, 'admin');
    await fire(byType(ui.doc(), 'Tabs')[0]!, 'onChange', 1);
    const [ann, bo] = byType(ui.doc(), 'Row');
    const annTexts = byType(ann!, 'Text').map(textOf);
    // The name first, then the email, then the account ids (smaller); never the ids alone.
    expect(annTexts.slice(0, 3)).toEqual(['Ann Lee', 'ann@example.com', 'Account ids: aa-ann']);
    const ids = byType(ann!, 'Text').find((t) => textOf(t) === 'Account ids: aa-ann');
    expect(ids && prop(ids, 'size')).toBe('small');
    // Nobody's name is known: the email leads.
    expect(byType(bo!, 'Text').map(textOf).slice(0, 2)).toEqual(['bo@example.com', 'Account ids: aa-bo']);
    await click(button(ann!, 'Open person'));
    expect(hasText(ui.doc(), 'Ann (portal) · ann@example.com')).toBe(true);
    expect(hasText(ui.doc(), 'Customer of desks: Support desk (SD)')).toBe(true);
    expect(hasText(ui.doc(), 'Guest of spaces: Help articles (KB)')).toBe(true);
    expect(hasText(ui.doc(), 'Groups: jira-servicemanagement-customers-acme, grp-x')).toBe(true);
    expect(hasText(ui.doc(), 'Account id: qm:ann')).toBe(true);
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
