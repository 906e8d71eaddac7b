/**
 * Scopes and docs justify themselves only with calls the app makes: every Atlassian operationId named in a
 * manifest.yml scope comment, in the scope table of docs/manifest.md or in the operation tables of
 * docs/adapters.md is one an adapter sends (`operation: '<operationId>'` in src/adapters), and every operation
 * an adapter sends has a row in docs/adapters.md's operation → scope table (not every one needs a scope:
 * getServerInfo declares none).
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(rel);
    return rel.endsWith('.ts') ? [rel] : [];
  });

/** operationIds as Atlassian names them (a verb, then camel case): getUsersFromGroup, bulkGetGroups, … */
const OPERATION_ID = /\b(?:get|find|bulk|add|remove|create|search|update|delete|set)[A-Z][A-Za-z]*\b/g;
const namesIn = (text: string): string[] => [...new Set(text.match(OPERATION_ID) ?? [])].sort();

const sentOperations = (): string[] =>
  [
    ...new Set(
      filesUnder('src/adapters').flatMap((file) =>
        [...read(file).matchAll(/\boperation: '(\w+)'/g)].map((m) => m[1] as string),
      ),
    ),
  ].sort();

const manifestScopeComments = (): string => {
  const raw = read('manifest.yml');
  const block = raw.slice(raw.indexOf('\n  scopes:\n'));
  return block
    .split('\n')
    .filter((line) => line.startsWith('    - '))
    .map((line) => line.slice(line.indexOf('#') + 1))
    .join('\n');
};

/** The rows of the markdown table that follows `heading`. */
const tableAfter = (doc: string, heading: string): string[] => {
  const start = doc.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (const line of doc.slice(start + heading.length).split('\n')) {
    if (line.startsWith('|')) rows.push(line);
    else if (rows.length > 0) break;
  }
  return rows.slice(2);
};
const column = (rows: readonly string[], index: number): string =>
  rows.map((row) => row.split('|')[index + 1] ?? '').join('\n');

describe('operations named by scopes and docs are the ones the adapters send', () => {
  const sent = sentOperations();
  const adaptersDoc = read('docs/adapters.md');
  const operationTable = column(tableAfter(adaptersDoc, '## Operation → scope'), 0);

  it('finds the adapters’ operations', () => {
    expect(sent).toEqual(expect.arrayContaining(['getUsersFromGroup', 'createBulkUserLookup']));
  });

  it.each([
    ['manifest.yml scope comments', manifestScopeComments()],
    ['docs/manifest.md scope table', column(tableAfter(read('docs/manifest.md'), '## Scopes'), 1)],
    ['docs/adapters.md operation → scope table', operationTable],
    ['docs/adapters.md page sizes table', column(tableAfter(adaptersDoc, '## Page sizes'), 0)],
  ])('%s name no operation that no adapter sends', (_where, text) => {
    expect(namesIn(text).filter((name) => !sent.includes(name))).toEqual([]);
  });

  it('every operation an adapter sends has a row in docs/adapters.md', () => {
    const documented = namesIn(operationTable);
    expect(sent.filter((name) => !documented.includes(name))).toEqual([]);
  });
});
