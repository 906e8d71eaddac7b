import './support/install-bridge';
import React from 'react';
import { AudienceProvider } from '../../src/frontend/audience-context';
import { FindingsView } from '../../src/frontend/findings-view';
import { FakeBackend, deferred, fail, ok } from './support/fake-backend';
import { aFinding, aPersonCard } from './support/fixtures';
import { button, byText, byType, hasText, prop, textOf } from './support/forge-doc';
import { click, fire, render, settle } from './support/render';

const view = (
  <AudienceProvider audience="project">
    <FindingsView />
  </AudienceProvider>
);

const rowsOf = (doc: Parameters<typeof byType>[0]) => byType(doc, 'Row');
const page = (ids: string[], cursor: string | null, total = ids.length, totalIsLowerBound = false) =>
  ok({ items: ids.map((id) => aFinding(id)), cursor, total, totalIsLowerBound, searchIsPartial: false });

describe('findings view', () => {
  test('asks for the first server page and shows one row per finding', async () => {
    const fake = new FakeBackend().reply('findings/list', page(['f-1', 'f-2'], null));
    const ui = await render(view, fake);
    expect(fake.calls('findings/list')).toEqual([{ limit: 25 }]);
    const rows = rowsOf(ui.doc());
    expect(rows.map((r) => prop(r, 'rowKey'))).toEqual(['f-1', 'f-2']);
    expect(textOf(rows[0]!)).toContain('f-1@example.com');
    expect(byText(rows[0]!, 'Lozenge', 'High')).toHaveLength(1);
    expect(prop(button(ui.doc(), 'Next page'), 'isDisabled')).toBe(true);
  });

  test('is loading until the page arrives', async () => {
    const pending = deferred<ReturnType<typeof page>>();
    const fake = new FakeBackend().on('findings/list', () => pending.promise as never);
    const ui = await render(view, fake);
    expect(prop(byType(ui.doc(), 'DynamicTable')[0]!, 'isLoading')).toBe(true);
    pending.resolve(page(['f-1'], null));
    await settle();
    expect(prop(byType(ui.doc(), 'DynamicTable')[0]!, 'isLoading')).toBe(false);
  });

  test('with no findings the table says to run a scan', async () => {
    const fake = new FakeBackend().reply('findings/list', page([], null));
    const ui = await render(view, fake);
    const empty = prop<React.ReactElement<{ header: string; description: string }>>(
      byType(ui.doc(), 'DynamicTable')[0]!,
      'emptyView',
    );
    expect(empty.props.header).toBe('No findings yet');
    expect(empty.props.description).toContain('Run a scan');
  });

  test.each([
    ['AUTH.FORBIDDEN', 'You need to be a project admin of this project'],
    ['UPSTREAM.RATE_LIMITED', 'Wait about a minute'],
    ['APP.INTERNAL', 'Reload the page'],
  ] as const)('error %s says what to do next', async (code, words) => {
    const fake = new FakeBackend().reply('findings/list', fail(code, 'No.'));
    const ui = await render(view, fake);
    expect(hasText(ui.doc(), words)).toBe(true);
    expect(byType(ui.doc(), 'DynamicTable')).toHaveLength(0);
  });

  test.each([
    [{ code: 'UPSTREAM.RATE_LIMITED', message: 'Slow down.', retryAfter: 45 }, 'Wait 45 seconds, then retry'],
    [{ code: 'UPSTREAM.RATE_LIMITED', message: 'Slow down.', retryAfter: 61 }, 'Wait about 2 minutes'],
    [{ code: 'BUDGET.EXHAUSTED', message: 'Spent.', retryAfter: 1_800 }, 'It resets in about 30 minutes'],
    [{ code: 'BUDGET.EXHAUSTED', message: 'Spent.' }, 'start of the next hour (UTC)'],
  ] as const)('a wait the server names (%j) is shown in the message', async (error, words) => {
    const fake = new FakeBackend().reply('findings/list', { ok: false, error });
    const ui = await render(view, fake);
    expect(hasText(ui.doc(), words)).toBe(true);
    expect(byText(ui.doc(), 'Button', 'Retry')).toHaveLength(1);
  });

  test('the pager shows page n of m and the total the resolver counted', async () => {
    const fake = new FakeBackend().reply('findings/list', page(['f-1'], null, 1));
    const ui = await render(view, fake);
    expect(hasText(ui.doc(), 'Page 1 of 1 · 1 finding')).toBe(true);
  });

  test('a total the resolver stopped counting at shows as a lower bound', async () => {
    const fake = new FakeBackend().reply('findings/list', page(['f-1', 'f-2'], 'c2', 500, true));
    const ui = await render(view, fake);
    expect(hasText(ui.doc(), 'Page 1 of 20+ · 500+ findings')).toBe(true);
  });

  test('pages on the server with the cursor, and back without it', async () => {
    const fake = new FakeBackend().on('findings/list', (p) =>
      p.cursor === 'c2' ? page(['f-3'], null, 27) : page(['f-1', 'f-2'], 'c2', 27),
    );
    const ui = await render(view, fake);
    expect(hasText(ui.doc(), 'Page 1 of 2 · 27 findings')).toBe(true);
    await click(button(ui.doc(), 'Next page'));
    expect(fake.calls('findings/list')).toEqual([{ limit: 25 }, { limit: 25, cursor: 'c2' }]);
    expect(rowsOf(ui.doc()).map((r) => prop(r, 'rowKey'))).toEqual(['f-3']);
    expect(hasText(ui.doc(), 'Page 2 of 2 · 27 findings')).toBe(true);
    await click(button(ui.doc(), 'Previous page'));
    expect(fake.calls('findings/list')[2]).toEqual({ limit: 25 });
    expect(rowsOf(ui.doc()).map((r) => prop(r, 'rowKey'))).toEqual(['f-1', 'f-2']);
  });

  test('filters by severity and desk, and searches by part of a name or email, from page one', async () => {
    const fake = new FakeBackend().on('findings/list', (p) =>
      p.cursor ? page(['f-9'], null) : page(['f-1'], 'c2'),
    );
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Next page'));
    const [, severity, desk] = byType(ui.doc(), 'Select');
    await fire(severity!, 'onChange', [{ label: 'High', value: 'high' }]);
    expect(fake.calls('findings/list').at(-1)).toEqual({ limit: 25, filter: { severities: ['high'] } });
    expect(hasText(ui.doc(), 'Page 1')).toBe(true);
    await fire(desk!, 'onChange', [
      { label: 'Desk 10', value: '10' },
      { label: 'bogus', value: '99' },
    ]);
    expect(fake.calls('findings/list').at(-1)).toEqual({
      limit: 25,
      filter: { severities: ['high'], deskIds: ['10'] },
    });
    await fire(byType(ui.doc(), 'Textfield')[0]!, 'onChange', { target: { value: 'ann@' } });
    await click(button(ui.doc(), 'Search'));
    expect(fake.calls('findings/list').at(-1)).toEqual({
      limit: 25,
      filter: { severities: ['high'], deskIds: ['10'], search: 'ann@' },
    });
    await click(button(ui.doc(), 'Clear filters'));
    expect(fake.calls('findings/list').at(-1)).toEqual({ limit: 25 });
  });

  test('says when a search matched more people than it lists, and not otherwise', async () => {
    const fake = new FakeBackend().on('findings/list', (p) =>
      ok({
        items: [aFinding('f-1')],
        cursor: null,
        total: 1,
        totalIsLowerBound: false,
        searchIsPartial: (p['filter'] as { search?: string } | undefined)?.search === 'a',
      }),
    );
    const ui = await render(view, fake);
    const notice = () => byType(ui.doc(), 'SectionMessage').map((n) => prop(n, 'title'));
    expect(notice()).toEqual([]);
    await fire(byType(ui.doc(), 'Textfield')[0]!, 'onChange', { target: { value: 'a' } });
    await click(button(ui.doc(), 'Search'));
    expect(fake.calls('findings/list').at(-1)).toEqual({ limit: 25, filter: { search: 'a' } });
    expect(notice()).toEqual(['More than 50 people match']);
    expect(hasText(ui.doc(), 'Type more of the name or email')).toBe(true);
    expect(byType(ui.doc(), 'Label').map(textOf)).toContain('Search by name or email (any part)');
  });

  test('a row opens the person card with the diagnosis and every account side by side', async () => {
    const fake = new FakeBackend()
      .reply('findings/list', page(['ann'], null))
      .reply('person/card', ok(aPersonCard()));
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Open person'));
    expect(fake.calls('person/card')).toEqual([{ emailKey: 'ann@example.com' }]);
    expect(hasText(ui.doc(), 'the portal logs her into the wrong one')).toBe(true);
    const lozenges = byType(ui.doc(), 'Lozenge').map(textOf);
    expect(lozenges).toEqual(
      expect.arrayContaining(['Portal-only customer', 'Atlassian account', 'Confluence guest']),
    );
    expect(hasText(ui.doc(), 'Customer of desks: 10')).toBe(true);
    expect(hasText(ui.doc(), 'Groups: grp-guests')).toBe(true);
    await click(button(ui.doc(), 'Back to findings'));
    expect(byType(ui.doc(), 'DynamicTable')).toHaveLength(1);
  });

  test('a person who is gone says to refresh the list', async () => {
    const fake = new FakeBackend()
      .reply('findings/list', page(['ann'], null))
      .reply('person/card', fail('PERSON.NOT_FOUND', 'Gone.'));
    const ui = await render(view, fake);
    await click(button(ui.doc(), 'Open person'));
    expect(hasText(ui.doc(), 'Refresh the findings list')).toBe(true);
  });

  test('exports the current filter as CSV text to copy', async () => {
    const fake = new FakeBackend()
      .reply('findings/list', page(['f-1'], null))
      .reply(
        'findings/export-csv',
        ok({ filename: 'findings.csv', csv: 'id,code\nf-1,X\n', rowCount: 1, truncated: true }),
      );
    const ui = await render(view, fake);
    await fire(byType(ui.doc(), 'Select')[1]!, 'onChange', [{ label: 'Low', value: 'low' }]);
    await click(button(ui.doc(), 'Export CSV'));
    expect(fake.calls('findings/export-csv')).toEqual([{ filter: { severities: ['low'] } }]);
    expect(prop(byType(ui.doc(), 'CodeBlock')[0]!, 'text')).toBe('id,code\nf-1,X\n');
    expect(hasText(ui.doc(), 'a file named findings.csv')).toBe(true);
    expect(hasText(ui.doc(), 'Narrow the filters')).toBe(true);
  });
});
