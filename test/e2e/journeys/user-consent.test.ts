/**
 * A user who has not yet allowed the app access opens a panel on a fresh installation: the real resolver
 * handler (src/handlers/resolver.ts, through @forge/resolver) calls asUser, the local runtime answers as the
 * Forge proxy does (401 + `forge-proxy-error: NEEDS_AUTHENTICATION_ERR`, local/forge-runtime/consent.ts), the
 * real @forge/api throws NeedsAuthenticationError, and the resolver lets it reach the platform (which shows
 * the "Allow access" prompt) — one refused call, no retries, no error envelope. The code this replaces
 * matched `e.name` against 'NeedsAuthenticationError' (the SDK's name is NEEDS_AUTHENTICATION_ERR), so it
 * retried 4 times (5 refused calls) and answered UPSTREAM.UNAVAILABLE. After the user allows access, the
 * same call answers normally.
 */
import { DEMO_IDS } from '../../../local/atlassian-site/scenarios/demo';
import { NEEDS_AUTHENTICATION_ERR } from '../../../local/forge-runtime';
import { MODULES, startHarness, type Harness } from './harness';

jest.setTimeout(60_000);

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ consentedAccounts: [] }); // a fresh installation: nobody has allowed access
});

afterAll(async () => {
  await h?.close();
});

const overviewAs = (accountId: string) =>
  h.runtime.invokeResolver(MODULES.admin, 'overview', {}, { accountId, extension: {} });

describe('user consent (asUser before the user allowed access)', () => {
  it('throws NeedsAuthenticationError to the platform after one refused call, then works once allowed', async () => {
    const alice = DEMO_IDS.alice;
    expect(h.runtime.consent.has(alice)).toBe(false);

    const refused = await overviewAs(alice);
    // One refused call and the SDK's error; the old code: 5 refused calls and an UPSTREAM.UNAVAILABLE envelope.
    expect({
      refusals: h.runtime.consent.refusals(),
      answer: refused.ok ? refused.value : refused.error.name,
    }).toEqual({ refusals: 1, answer: NEEDS_AUTHENTICATION_ERR });
    expect(refused.ok).toBe(false);
    if (refused.ok) throw new Error('unreachable');
    // The error the platform sees is the SDK's own, not an envelope: it prompts the user for consent.
    expect(refused.error.name).toBe(NEEDS_AUTHENTICATION_ERR);
    expect(refused.record).toMatchObject({ outcome: 'error', error: { name: NEEDS_AUTHENTICATION_ERR } });

    h.runtime.consent.grant(alice); // what the preview's "Allow access" button does
    const allowed = await overviewAs(alice);
    expect(allowed.ok).toBe(true);
    if (!allowed.ok) throw new Error('unreachable');
    expect(allowed.value).toMatchObject({ ok: true, data: { scope: { type: 'site' } } });
    expect(h.runtime.consent.refusals()).toBe(1);
  });

  it('is per user: another user who has not allowed access is still refused', async () => {
    const before = h.runtime.consent.refusals();
    const bob = await overviewAs(DEMO_IDS.bob);
    expect(bob.ok).toBe(false);
    if (bob.ok) throw new Error('unreachable');
    expect(bob.error.name).toBe(NEEDS_AUTHENTICATION_ERR);
    expect(h.runtime.consent.refusals()).toBe(before + 1);
    expect(h.runtime.consent.list()).toEqual([DEMO_IDS.alice]);
  });
});
