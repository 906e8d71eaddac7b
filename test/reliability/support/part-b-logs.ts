/**
 * Log capture for the privacy scan (issue 8 item 6, docs/reliability.md §6): everything the app and the local
 * runtime write to the console during a jest test file, plus one line per Forge invocation record (kind,
 * function, outcome, error name and message), goes to `test-output/logs/<suite>.log`. `scripts/scan-logs.ts`
 * scans those files after jest and fails on any email address or demo display name.
 *
 * One capture per test file (jest gives each file its own module registry and console): the first call
 * installs console wrappers, truncates the file and registers a flush after all tests. `forward: false` keeps
 * the lines out of jest's console (the fuzz suites log hundreds of thousands of rejections); `rewrite` lets a
 * suite redact what it has already classified as a known, reported bug before the line reaches the file.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import type { InvocationRecord } from '../../../local/forge-runtime';

export const LOG_DIR = path.join(__dirname, '../../../test-output/logs');

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
const FLUSH_AT_CHARS = 256 * 1024;

export interface LogCapture {
  readonly file: string;
  /** Appends one line (already formatted) to the suite's log. */
  write(line: string): void;
  /** Writes an invocation record as one line. */
  invocation(record: InvocationRecord): void;
  /** Lines written so far (this file only). */
  readonly lines: number;
  /** Lines written since the last take() (kept only after the first call), for per-case checks. */
  take(): string[];
  flush(): void;
}

/** `test/e2e/journeys/full-scan.test.ts` → `e2e-journeys-full-scan`. */
export const suiteName = (testPath: string): string => {
  const relative = path.relative(path.join(__dirname, '../..'), testPath);
  return (relative.startsWith('..') ? path.basename(testPath) : relative)
    .replace(/\.test\.tsx?$/, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-');
};

let current: LogCapture | undefined;

let forward = true;
let rewrite: ((line: string) => string) | undefined;

/** Starts (or returns) this test file's capture; `forward` set by any call applies from then on. */
export function captureLogs(
  options: { forward?: boolean; rewrite?: (line: string) => string } = {},
): LogCapture {
  if (options.forward !== undefined) forward = options.forward;
  if (options.rewrite !== undefined) rewrite = options.rewrite;
  if (current) return current;
  const testPath = expect.getState().testPath ?? 'unknown.test.ts';
  const file = path.join(LOG_DIR, `${suiteName(testPath)}.log`);
  mkdirSync(LOG_DIR, { recursive: true });
  writeFileSync(file, '');
  let buffer = '';
  let lines = 0;
  let flushAt = FLUSH_AT_CHARS;
  let recent: string[] | undefined;
  const flush = (): void => {
    if (buffer.length === 0) return;
    appendFileSync(file, buffer);
    buffer = '';
  };
  const write = (line: string): void => {
    buffer += `${rewrite ? rewrite(line) : line}\n`;
    lines += 1;
    recent?.push(line);
    if (buffer.length >= flushAt) flush();
  };
  for (const method of METHODS) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]): void => {
      write(`[console.${method}] ${format(...args)}`);
      if (forward) original(...args);
    };
  }
  try {
    afterAll(flush);
  } catch {
    flushAt = 0; // first called inside a test or hook, where jest refuses new hooks: write through
  }
  current = {
    file,
    write,
    invocation: (r) =>
      write(
        `[invocation] ${r.kind} ${r.functionKey} ${r.outcome}` +
          (r.error ? ` ${r.error.name}: ${r.error.message}` : ''),
      ),
    get lines() {
      return lines;
    },
    take: () => {
      const taken = recent ?? [];
      recent = [];
      return taken;
    },
    flush,
  };
  return current;
}
