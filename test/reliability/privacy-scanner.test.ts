/**
 * The log scanner that runs after jest (scripts/scan-logs.ts) cannot pass silently: it catches a planted
 * seed email, a planted display name (any case) and an email of no seed, names the file and line, fails on
 * an empty log directory, and passes a clean log. It reads every email and display name of the demo seed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoScenario } from '../../local/atlassian-site/scenarios/demo';
import { scanLogDir, seedNeedles } from '../../scripts/scan-logs';
import { captureLogs } from './support/part-b-logs';

const logs = captureLogs();
const accounts = demoScenario().accounts;
const withEmail = accounts.filter((a) => a.email !== null);
const CLEAN = '{"level":"info","operation":"watch","message":"watch tick","changed":0}';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ir-scan-logs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('reads every email and display name of the demo seed', () => {
  const needles = seedNeedles();
  expect(withEmail.length).toBeGreaterThan(20);
  expect(needles.filter((n) => n.kind === 'seed email').map((n) => n.text)).toEqual(
    withEmail.map((a) => a.email),
  );
  expect(needles.filter((n) => n.kind === 'seed display name').map((n) => n.text)).toEqual(
    accounts.map((a) => a.displayName),
  );
});

it('passes a clean log and fails when there is no log at all', () => {
  writeFileSync(path.join(dir, 'clean.log'), `${CLEAN}\n${CLEAN}\n`);
  expect(scanLogDir(dir)).toEqual({ files: 1, lines: 2, hits: [] });
  expect(scanLogDir(path.join(dir, 'missing')).files).toBe(0);
});

it.each(withEmail.map((a, i) => [i, a.email ?? '', a.displayName]))(
  'catches seed account #%i by email and by display name, naming file and line',
  (_i, email, displayName) => {
    const file = path.join(dir, 'planted.log');
    writeFileSync(file, `${CLEAN}\n{"message":"oops","who":"${email.toUpperCase()}"}\n${CLEAN}\n`);
    const byEmail = scanLogDir(dir).hits;
    expect(byEmail.map((h) => [h.file, h.line])).toContainEqual([file, 2]);
    expect(byEmail.every((h) => h.line === 2)).toBe(true);
    writeFileSync(file, `${CLEAN}\n${CLEAN}\n[console.warn] reconciling ${displayName.toLowerCase()} now\n`);
    const byName = scanLogDir(dir).hits;
    // Twin accounts share a display name: one hit per seed account with that name, all on line 3.
    expect(byName.length).toBe(accounts.filter((a) => a.displayName === displayName).length);
    expect(byName).toContainEqual({ file, line: 3, what: expect.stringMatching(/^seed display name #\d+$/) });
    expect(byName.every((h) => h.file === file && h.line === 3)).toBe(true);
  },
);

it('catches an email-shaped string that belongs to no seed account, and counts hits per file', () => {
  writeFileSync(path.join(dir, 'a.log'), `${CLEAN}\nuser x.y+tag@sub.example.org failed\n`);
  writeFileSync(path.join(dir, 'b.log'), `${CLEAN}\n`);
  const report = scanLogDir(dir);
  expect(report.files).toBe(2);
  expect(report.hits).toEqual([{ file: path.join(dir, 'a.log'), line: 2, what: '1 email-shaped string(s)' }]);
});

it('captures this file’s own console output into its suite log', () => {
  const before = logs.lines;
  console.info('privacy-scanner: capture probe');
  expect(logs.lines).toBe(before + 1);
  expect(logs.file).toMatch(/test-output[\\/]logs[\\/]reliability-privacy-scanner\.log$/);
});
