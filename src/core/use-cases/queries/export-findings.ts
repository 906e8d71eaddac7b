/**
 * export-findings: pure rows for the CSV export, within the viewer's scope and filter. Emails (email keys)
 * are only included when the caller says the viewer may see them; otherwise persons are named by an opaque
 * token (the same hash finding ids use). Stops at `maxRows` and says so.
 */
import type { DomainError } from '../../errors';
import { canSeeFinding, isUnresolvedKey, type PersonKey, type Viewer } from '../../model';
import type { FindingStore, PersonStore } from '../../ports';
import { ok, type Result } from '../../result';
import { subjectToken } from '../../rules/common';
import { searchedQuery } from '../shared/search';
import type { FindingFilter } from '../shared/visibility';

export interface ExportFindingsDeps {
  readonly findings: FindingStore;
  readonly persons: Pick<PersonStore, 'findByWordPrefix'>;
}

export interface ExportFindingsInput {
  readonly viewer: Viewer;
  readonly filter?: FindingFilter;
  /** Whether the viewer may see email addresses (decided by the entry layer). */
  readonly includeEmails: boolean;
  readonly maxRows?: number;
}

export interface ExportRow {
  readonly findingId: string;
  readonly code: string;
  readonly severity: string;
  /** Email key, `unresolved:<accountId>`, `space:<key>`, or an opaque person token when emails are hidden. */
  readonly subject: string;
  readonly title: string;
  readonly accountIds: string;
  readonly deskIds: string;
  readonly spaceKeys: string;
  readonly fixes: string;
  readonly explanation: string;
}

export const EXPORT_COLUMNS: readonly (keyof ExportRow)[] = [
  'findingId',
  'code',
  'severity',
  'subject',
  'title',
  'accountIds',
  'deskIds',
  'spaceKeys',
  'fixes',
  'explanation',
];

const DEFAULT_MAX_ROWS = 10_000;
const PAGE = 100;

export const exportFindings = async (
  deps: ExportFindingsDeps,
  input: ExportFindingsInput,
): Promise<Result<{ readonly rows: readonly ExportRow[]; readonly truncated: boolean }, DomainError>> => {
  const searched = await searchedQuery(deps.persons, input.viewer, input.filter);
  if (!searched.ok) return searched;
  const { query } = searched.value;
  if (query === null) return ok({ rows: [], truncated: false });
  const max = input.maxRows ?? DEFAULT_MAX_ROWS;
  const rows: ExportRow[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.findings.list(query, { cursor, limit: PAGE });
    for (const f of page.items) {
      if (!canSeeFinding(input.viewer, f)) continue;
      if (rows.length === max) return ok({ rows, truncated: true });
      const subject =
        f.subject.type === 'space'
          ? `space:${f.subject.spaceKey}`
          : input.includeEmails || isUnresolvedKey(f.subject.emailKey as PersonKey)
            ? f.subject.emailKey
            : `person:${subjectToken(f.subject)}`;
      rows.push({
        findingId: f.id,
        code: f.code,
        severity: f.severity,
        subject,
        title: f.title,
        accountIds: f.evidence.accountIds.join(' '),
        deskIds: f.scope.deskIds.join(' '),
        spaceKeys: f.scope.spaceKeys.join(' '),
        fixes: f.fixes.map((x) => `${x.safety}:${x.action.type}`).join(' '),
        explanation: f.explanation,
      });
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  return ok({ rows, truncated: false });
};
