/**
 * Privacy gate (issue 8 item 6, docs/reliability.md §6): scans the logs the test harnesses captured
 * (`test-output/logs/*.log`, written by test/reliability/support/part-b-logs.ts) for any email address (the
 * demo seed's, and any string shaped like one) and any display name of the demo seed. Prints `file:line`
 * and what matched (never the line itself, which may hold more personal data) and exits 1 on any hit, or
 * when there is no log to scan (a capture that silently wrote nothing must not pass).
 *
 *   npx tsx scripts/scan-logs.ts test-output/logs
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { demoScenario } from '../local/atlassian-site/scenarios/demo';

/** Anything shaped like an address: local part, @, a dotted domain with a 2+ letter TLD. */
export const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

export interface Needle {
  readonly kind: 'seed email' | 'seed display name';
  readonly text: string;
}

export interface LogHit {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

/** Every email and display name of the demo scenario (read from the seed, so new accounts are covered). */
export function seedNeedles(): Needle[] {
  const needles: Needle[] = [];
  for (const account of demoScenario().accounts) {
    if (account.email !== null) needles.push({ kind: 'seed email', text: account.email });
    needles.push({ kind: 'seed display name', text: account.displayName });
  }
  return needles;
}

/** Hits in one text: seed needles (case-insensitive) and the generic email pattern, per line. */
export function scanText(file: string, text: string, needles: readonly Needle[]): LogHit[] {
  const lowered = needles.map((n, index) => ({ ...n, index, lower: n.text.toLowerCase() }));
  const hits: LogHit[] = [];
  text.split('\n').forEach((content, i) => {
    const lower = content.toLowerCase();
    for (const n of lowered) {
      if (lower.includes(n.lower)) hits.push({ file, line: i + 1, what: `${n.kind} #${n.index}` });
    }
    const emails = content.match(EMAIL_PATTERN)?.length ?? 0;
    if (emails > 0) hits.push({ file, line: i + 1, what: `${emails} email-shaped string(s)` });
  });
  return hits;
}

export interface ScanReport {
  readonly files: number;
  readonly lines: number;
  readonly hits: LogHit[];
}

export function scanLogDir(dir: string, needles: readonly Needle[] = seedNeedles()): ScanReport {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.log'))
        .sort()
    : [];
  let lines = 0;
  const hits: LogHit[] = [];
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    lines += text.split('\n').length - 1;
    hits.push(...scanText(path.join(dir, f), text, needles));
  }
  return { files: files.length, lines, hits };
}

function main(): void {
  const dir = process.argv[2] ?? 'test-output/logs';
  const needles = seedNeedles();
  const report = scanLogDir(dir, needles);
  if (report.files === 0) {
    console.error(`scan-logs: no *.log files in ${dir}; the harnesses' log capture wrote nothing`);
    process.exit(1);
  }
  for (const hit of report.hits.slice(0, 200)) console.error(`${hit.file}:${hit.line}: ${hit.what}`);
  if (report.hits.length > 0) {
    console.error(`scan-logs: ${report.hits.length} hit(s) of personal data in ${dir}`);
    process.exit(1);
  }
  console.log(
    `scan-logs: ${report.files} files, ${report.lines} lines, ${needles.length} seed needles + email pattern: clean`,
  );
}

if (require.main === module) main();
