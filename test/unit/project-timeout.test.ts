/**
 * The project timeouts of jest.config.cjs reach the tests (jest itself reads testTimeout globally only).
 * jest.setTimeout stores the value under Symbol.for('TEST_TIMEOUT_SYMBOL'), which jest-circus reads for
 * every test and hook (node_modules/jest-circus/build/jestAdapterInit.js); without the setup file it is unset
 * and jest's 5 s default applies.
 */
const TEST_TIMEOUT = Symbol.for('TEST_TIMEOUT_SYMBOL');

it('the unit project runs with its own 30 s timeout, not jest’s 5 s default', () => {
  expect((globalThis as Record<symbol, unknown>)[TEST_TIMEOUT]).toBe(30_000);
});
