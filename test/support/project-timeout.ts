/**
 * setupFilesAfterEnv of every jest project: the project's default test and hook timeout (jest.config.cjs
 * TIMEOUT_MS, passed as the PROJECT_TIMEOUT_MS global). A test file's own jest.setTimeout runs later and wins.
 */
const timeout = (globalThis as { PROJECT_TIMEOUT_MS?: unknown }).PROJECT_TIMEOUT_MS;
if (typeof timeout !== 'number')
  throw new Error('jest.config.cjs sets no PROJECT_TIMEOUT_MS for this project');
jest.setTimeout(timeout);
