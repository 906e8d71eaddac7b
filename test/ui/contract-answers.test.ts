/**
 * The fields the panels now rely on are part of the contract both ways: the FakeBackend (and so every UI
 * test) refuses answers that drop or bend them, and the new plan/confirm-step payload is strict.
 */
import { FakeBackend, ok } from './support/fake-backend';
import { aFinding, anApplyResult, anAuditEntry } from './support/fixtures';

const problemsOf = async (name: Parameters<FakeBackend['handle']>[0], payload: unknown, answer: unknown) => {
  const fake = new FakeBackend().on(name as never, () => answer as never);
  await fake.handle(name, payload);
  return fake.problems;
};

const applied = anApplyResult([
  { actionKey: 'add:aa-1:g', outcome: 'applied', auditId: 'a-1', errorCode: null },
  { actionKey: 'remove:aa-2:g', outcome: 'failed', auditId: 'a-2', errorCode: 'UPSTREAM.FORBIDDEN' },
]);

describe('contract-checked answers', () => {
  it('accepts the well-formed answers the UI tests use', async () => {
    expect(await problemsOf('plan/apply', { planId: 'plan-1' }, ok(applied))).toEqual([]);
    expect(
      await problemsOf(
        'findings/list',
        {},
        ok({
          items: [aFinding('f-1')],
          cursor: null,
          total: 1,
          totalIsLowerBound: false,
          searchIsPartial: false,
        }),
      ),
    ).toEqual([]);
    expect(await problemsOf('audit/list', {}, ok({ items: [anAuditEntry('a-1')], cursor: null }))).toEqual(
      [],
    );
  });

  it.each([
    ['a queued status (the apply is never queued)', { ...applied, status: 'queued' }],
    ['fewer step outcomes than actions', { ...applied, actionCount: 3 }],
    ['a partial apply without its error', { ...applied, error: null }],
    ['a clean apply with an error', anApplyResult([], { error: { code: 'APP.INTERNAL', message: 'x' } })],
    [
      'an unknown step outcome',
      { ...applied, steps: [{ ...applied.steps[0], outcome: 'queued' }, applied.steps[1]] },
    ],
    [
      'a step error code outside the contract',
      { ...applied, steps: [applied.steps[0], { ...applied.steps[1], errorCode: 'SQL' }] },
    ],
  ])('plan/apply: refuses %s', async (_label, data) => {
    expect(await problemsOf('plan/apply', { planId: 'plan-1' }, ok(data))).toHaveLength(1);
  });

  it('findings/list: refuses a page without its total, or a negative one', async () => {
    expect(await problemsOf('findings/list', {}, ok({ items: [], cursor: null }))).toHaveLength(1);
    expect(
      await problemsOf(
        'findings/list',
        {},
        ok({ items: [], cursor: null, total: -1, totalIsLowerBound: false, searchIsPartial: false }),
      ),
    ).toHaveLength(1);
  });

  it('audit/list: refuses entries without undoable / undoneBy', async () => {
    const { undoable: _u, ...noFlag } = anAuditEntry('a-1');
    const { undoneBy: _b, ...noBy } = anAuditEntry('a-1');
    expect(await problemsOf('audit/list', {}, ok({ items: [noFlag], cursor: null }))).toHaveLength(1);
    expect(await problemsOf('audit/list', {}, ok({ items: [noBy], cursor: null }))).toHaveLength(1);
  });

  it.each([
    [{ code: 'UPSTREAM.RATE_LIMITED', message: 'x', retryAfter: -1 }],
    [{ code: 'UPSTREAM.RATE_LIMITED', message: 'x', retryAfter: 1.5 }],
    [{ code: 'BUDGET.EXHAUSTED', message: 'x', retryAfter: 90_000 }],
  ])('errors: refuses a retryAfter that is not whole seconds within a day (%j)', async (error) => {
    expect(await problemsOf('overview', {}, { ok: false, error })).toHaveLength(1);
  });

  it('plan/confirm-step: strict payload, answer names the audit entry', async () => {
    const answer = ok({ planId: 'plan-1', actionKey: 'guide:x', auditId: 'a-7', confirmedAt: 1 });
    expect(await problemsOf('plan/confirm-step', { planId: 'plan-1', actionKey: 'guide:x' }, answer)).toEqual(
      [],
    );
    expect(
      await problemsOf(
        'plan/confirm-step',
        { planId: 'plan-1', actionKey: 'guide:x', accountId: 'me' },
        answer,
      ),
    ).toHaveLength(1);
    expect(
      await problemsOf(
        'plan/confirm-step',
        { planId: 'plan-1', actionKey: 'guide:x' },
        ok({ planId: 'plan-1' }),
      ),
    ).toHaveLength(1);
  });
});
