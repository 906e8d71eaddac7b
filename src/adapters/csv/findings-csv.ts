/**
 * Findings export as CSV (RFC 4180 via csv-stringify): a header row of the given columns, then one row per
 * finding. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) are prefixed with `'`.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

const safeCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

export const createFindingsCsv = (
  rows: readonly Record<string, string>[],
  columns: readonly string[],
): string =>
  stringify(
    rows.map((row) => columns.map((column) => safeCell(row[column] ?? ''))),
    { header: true, columns: [...columns], record_delimiter: 'windows' },
  );
