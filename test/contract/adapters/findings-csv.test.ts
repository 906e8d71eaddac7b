/**
 * The findings CSV (issue 16 item 1): one row per finding under the export's header, every cell a
 * spreadsheet would run as a formula defused with a leading `'`, and names with commas, quotes and line
 * breaks kept whole (RFC 4180 quoting).
 */
import { createFindingsCsv } from '../../../src/adapters/csv/findings-csv';
import { EXPORT_COLUMNS } from '../../../src/core/use-cases/queries/export-findings';

const row = (overrides: Record<string, string> = {}): Record<string, string> => ({
  findingId: 'f-1',
  email: 'grace.lee@example.org',
  displayName: 'Grace Lee',
  accountIds: 'qm:grace aa-grace',
  code: 'DUPLICATE_ACCOUNTS',
  severity: 'high',
  desks: 'Customer Support (CS)',
  spaces: 'Customer KB (CSKB)',
  title: 'Two accounts',
  fixes: 'manual:guidedStep',
  explanation: 'One email, two accounts.',
  ...overrides,
});

const parse = (csv: string): string[][] => {
  // Minimal RFC 4180 reader for the assertions (quoted cells, doubled quotes, CRLF records).
  const records: string[][] = [];
  let cell = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\r' && csv[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || record.length > 0) records.push([...record, cell]);
  return records;
};

describe('findings CSV', () => {
  it('has the export header and one row per finding with email, name, ids, desks and spaces by name', () => {
    const [header, ...rows] = parse(createFindingsCsv([row(), row({ findingId: 'f-2' })], EXPORT_COLUMNS));
    expect(header).toEqual([...EXPORT_COLUMNS]);
    expect(header).toEqual(
      expect.arrayContaining(['email', 'displayName', 'accountIds', 'code', 'severity', 'desks', 'spaces']),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(EXPORT_COLUMNS.map((c) => row()[c]));
  });

  it.each(['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])(
    'defuses a cell starting like a formula: %p',
    (name) => {
      const [, cells] = parse(createFindingsCsv([row({ displayName: name })], EXPORT_COLUMNS));
      expect(cells?.[EXPORT_COLUMNS.indexOf('displayName')]).toBe(`'${name}`);
    },
  );

  it('keeps commas, quotes and line breaks inside a name whole', () => {
    const name = 'Lee, Grace "G"\nCS';
    const [, cells] = parse(createFindingsCsv([row({ displayName: name })], EXPORT_COLUMNS));
    expect(cells?.[EXPORT_COLUMNS.indexOf('displayName')]).toBe(name);
    expect(cells).toHaveLength(EXPORT_COLUMNS.length);
  });
});
