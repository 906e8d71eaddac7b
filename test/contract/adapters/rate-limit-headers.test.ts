/**
 * What the request layer reads from one answer's rate-limit headers (forge-platform.md §3.8 "Headers"), as
 * the emulated site and the docs spell them: the pool's limit and remaining count, and its reset on our
 * clock, from the structured `RateLimit` `t=` (relative) before the absolute `X-RateLimit-Reset`.
 */
import { observeRateLimit } from '../../../src/adapters/http/headers';
import { poolAdmits } from '../../../src/adapters/http/limits';

const NOW = Date.UTC(2026, 10, 23, 9, 30, 0);
const headers = (h: Record<string, string>) => new Headers(h);

it('reads limit, remaining and the reset from the relative t, even when the absolute reset disagrees', () => {
  const seen = observeRateLimit(
    headers({
      'X-RateLimit-Limit': '65000',
      'X-RateLimit-Remaining': '9000',
      'X-RateLimit-Reset': '2026-11-23T12:00:00.000Z', // another clock's idea of the next hour
      'X-RateLimit-NearLimit': 'true',
      RateLimit: '"global-app-quota";r=9000;t=1800',
    }),
    NOW,
  );
  expect(seen).toEqual({
    limit: 65_000,
    remaining: 9_000,
    resetAt: NOW + 1_800_000,
    nearLimit: true,
    at: NOW,
  });
});

it('falls back to X-RateLimit-Reset without a structured header, and to r= without X-RateLimit-Remaining', () => {
  expect(
    observeRateLimit(
      headers({
        'X-RateLimit-Limit': '65000',
        'X-RateLimit-Remaining': '100',
        'X-RateLimit-Reset': '2026-11-23T10:00:00.000Z',
      }),
      NOW,
    ),
  ).toMatchObject({ remaining: 100, resetAt: Date.UTC(2026, 10, 23, 10) });
  expect(
    observeRateLimit(
      headers({ 'X-RateLimit-Limit': '65000', RateLimit: '"global-app-quota";r=42;t=60' }),
      NOW,
    ),
  ).toMatchObject({ remaining: 42, resetAt: NOW + 60_000 });
});

it('reads the Beta- spellings used before enforcement', () => {
  expect(
    observeRateLimit(
      headers({
        'X-Beta-RateLimit-Limit': '65000',
        'X-Beta-RateLimit-Remaining': '5',
        'Beta-RateLimit': '"global-app-quota";r=5;t=10',
      }),
      NOW,
    ),
  ).toMatchObject({ limit: 65_000, remaining: 5, resetAt: NOW + 10_000 });
});

it('admits bulk work down to 20% of the pool and interactive work down to its last point', () => {
  const view = { limit: 65_000, remaining: 13_100, resetAt: NOW + 60_000 };
  expect(poolAdmits(view, 'bulk', 100, NOW)).toEqual({ ok: true });
  expect(poolAdmits(view, 'bulk', 101, NOW)).toEqual({ ok: false, until: NOW + 60_000 });
  expect(poolAdmits({ ...view, remaining: 10 }, 'interactive', 10, NOW)).toEqual({ ok: true });
  expect(poolAdmits({ ...view, remaining: 10 }, 'interactive', 11, NOW)).toMatchObject({ ok: false });
  expect(poolAdmits({ ...view, remaining: 0 }, 'bulk', 1, NOW + 60_000)).toEqual({ ok: true }); // window reset
  expect(poolAdmits(null, 'bulk', 1_000_000, NOW)).toEqual({ ok: true }); // nothing known yet
});
