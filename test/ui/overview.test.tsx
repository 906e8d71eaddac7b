import './support/install-bridge';
import React from 'react';
import type { Envelope, ResponseData } from '../../src/contracts';
import { OverviewView } from '../../src/frontend/overview-view';
import { AudienceProvider } from '../../src/frontend/audience-context';
import { FakeBackend, deferred, fail, ok } from './support/fake-backend';
import { aScanStatus, anOverview, codeCounts, severityCounts } from './support/fixtures';
import { button, byText, byType, hasText, prop } from './support/forge-doc';
import { click, render, settle } from './support/render';

type Overview = ResponseData<'overview'>;

const view = (audience: 'project' | 'space' | 'admin' = 'project') => (
  <AudienceProvider audience={audience}>
    <OverviewView onShowFindings={() => undefined} />
  </AudienceProvider>
);

describe('overview view', () => {
  test('shows a spinner while the overview loads, then the data', async () => {
    const pending = deferred<ReturnType<typeof ok>>();
    const fake = new FakeBackend().on('overview', () => pending.promise as never);
    const ui = await render(view(), fake);
    expect(byType(ui.doc(), 'Spinner')).toHaveLength(1);
    pending.resolve(ok(anOverview()));
    await settle();
    expect(byType(ui.doc(), 'Spinner')).toHaveLength(0);
    expect(hasText(ui.doc(), '3 open findings across 2 persons')).toBe(true);
  });

  test('charts counts by code and by severity and shows points used against the budget', async () => {
    const fake = new FakeBackend().reply('overview', ok(anOverview({ scan: aScanStatus() })));
    const ui = await render(view(), fake);
    expect(fake.calls('overview')).toEqual([{}]);
    const [bar] = byType(ui.doc(), 'BarChart');
    expect(prop(bar!, 'data')).toEqual([
      { code: 'Duplicate accounts', count: 1 },
      { code: 'Guest without Customer role', count: 2 },
    ]);
    expect(prop(byType(ui.doc(), 'DonutChart')[0]!, 'data')).toEqual([{ severity: 'High', count: 3 }]);
    const bars = byType(ui.doc(), 'ProgressBar');
    expect(bars.map((b) => [prop(b, 'ariaLabel'), prop(b, 'value')])).toEqual([
      ['Scan progress', 3 / 8],
      ['Points used this hour', 0.4],
    ]);
    expect(hasText(ui.doc(), 'REST points used this hour: 4000 of 10000')).toBe(true);
  });

  test('with no scan yet it says to run one, and Scan now starts it', async () => {
    const fake = new FakeBackend()
      .reply(
        'overview',
        ok(
          anOverview({
            totals: { findings: 0, persons: 0 },
            countsByCode: codeCounts(),
            countsBySeverity: severityCounts(),
            scan: aScanStatus({ state: 'idle', sources: { done: 0, total: 0 } }),
          }),
        ),
      )
      .reply('scan/start', ok(aScanStatus({ state: 'running', sources: { done: 1, total: 8 } })));
    const ui = await render(view(), fake);
    const empty = byType(ui.doc(), 'EmptyState')[0]!;
    expect(prop(empty, 'header')).toBe('No findings yet');
    expect(String(prop(empty, 'description'))).toContain('Run a scan');
    await click(button(ui.doc(), 'Scan now'));
    expect(fake.calls('scan/start')).toEqual([{ mode: 'resume' }]);
    expect(hasText(ui.doc(), 'Sources listed: 1 of 8')).toBe(true);
    expect(prop(button(ui.doc(), 'Resume scan'), 'isDisabled')).toBe(true);
  });

  test('Restart scan is offered only while a scan runs, and restarts it', async () => {
    const running = aScanStatus({ state: 'running', scanId: 'scan-1', sources: { done: 5, total: 8 } });
    const fake = new FakeBackend()
      .reply('overview', ok(anOverview({ scan: aScanStatus({ state: 'completed' }) })))
      .on('scan/start', (p) =>
        ok(
          p.mode === 'restart'
            ? aScanStatus({ state: 'running', scanId: 'scan-2', sources: { done: 0, total: 8 } })
            : running,
        ),
      );
    const ui = await render(view('admin'), fake);
    expect(byText(ui.doc(), 'Button', 'Restart scan')).toHaveLength(0);
    await click(button(ui.doc(), 'Scan now'));
    expect(hasText(ui.doc(), 'Sources listed: 5 of 8')).toBe(true);
    await click(button(ui.doc(), 'Restart scan'));
    expect(fake.calls('scan/start')).toEqual([{ mode: 'resume' }, { mode: 'restart' }]);
    expect(hasText(ui.doc(), 'Sources listed: 0 of 8')).toBe(true);
    expect(fake.problems).toEqual([]);
  });

  test('forbidden tells a project admin which permission they need', async () => {
    const fake = new FakeBackend().reply('overview', fail('AUTH.FORBIDDEN', 'Not allowed.'));
    const ui = await render(view('project'), fake);
    expect(hasText(ui.doc(), 'You need to be a project admin of this project')).toBe(true);
    expect(byType(ui.doc(), 'Button')).toHaveLength(0);
  });

  test('forbidden on the space page speaks of space admins', async () => {
    const fake = new FakeBackend().reply('overview', fail('AUTH.FORBIDDEN', 'Not allowed.'));
    const ui = await render(view('space'), fake);
    expect(hasText(ui.doc(), 'You need to be a space admin of this space')).toBe(true);
  });

  test('rate limited says when to retry, and Retry invokes again', async () => {
    let answer: Envelope<Overview> = fail('UPSTREAM.RATE_LIMITED', 'Slow down.');
    const fake = new FakeBackend().on('overview', () => answer);
    const ui = await render(view(), fake);
    expect(hasText(ui.doc(), 'Wait about a minute, then retry')).toBe(true);
    answer = ok(anOverview());
    await click(button(ui.doc(), 'Retry'));
    expect(fake.calls('overview')).toHaveLength(2);
    expect(hasText(ui.doc(), '3 open findings')).toBe(true);
  });

  test('an unknown fault ends in a generic next step with the code for support', async () => {
    const fake = new FakeBackend().reply('overview', fail('APP.INTERNAL', 'Something failed.'));
    const ui = await render(view(), fake);
    expect(hasText(ui.doc(), 'Reload the page')).toBe(true);
    expect(hasText(ui.doc(), 'APP.INTERNAL')).toBe(true);
  });

  test('an answer outside the contract is refused by the bridge, not rendered', async () => {
    const fake = new FakeBackend().on('overview', () => ({ ok: true, data: { totals: 'lots' } }) as never);
    const ui = await render(view(), fake);
    expect(fake.problems).toHaveLength(1);
    fake.problems.length = 0;
    expect(hasText(ui.doc(), 'UPSTREAM.UNEXPECTED_RESPONSE')).toBe(true);
    expect(byType(ui.doc(), 'BarChart')).toHaveLength(0);
  });
});
