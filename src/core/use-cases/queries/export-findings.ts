/**
 * export-findings: pure rows for the CSV export, within the viewer's scope, filter and search, one row per
 * finding: email, display name, account ids, code, severity, desks (name and project key), spaces (name and
 * key), title, fixes and explanation. Desks and spaces are named from the stored site snapshot as the
 * viewer's directory names them (get-directory.ts), else by id; display names come from the stored persons.
 * Emails (email keys) are only included when the caller says the viewer may see them; otherwise persons are
 * named by an opaque token (the same hash finding ids use). Stops at `maxRows` and says so.
 */
import type { DomainError } from '../../errors';
import { canSeeFinding, isUnresolvedKey, type PersonKey, type Viewer } from '../../model';
import type { FindingStore, PersonStore, PolicyStore, SiteSnapshotStore } from '../../ports';
import { ok, type Result } from '../../result';
import { subjectToken } from '../../rules/common';
import { searchedQuery } from '../shared/search';
import type { FindingFilter } from '../shared/visibility';
import { getDirectory } from './get-directory';
import { subjectNamesOf } from './list-findings';

export interface ExportFindingsDeps {
  readonly findings: FindingStore;
  readonly persons: Pick<PersonStore, 'findByWordPrefix' | 'getMany'>;
  readonly siteSnapshots: SiteSnapshotStore;
  readonly policies: PolicyStore;
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
  /** Email key, `unresolved:<accountId>`, or an opaque person token when emails are hidden; '' for a space. */
  readonly email: string;
  /** The person's display name ('' when hidden, or for a space finding). */
  readonly displayName: string;
  readonly accountIds: string;
  /** `Name (PROJECTKEY)` of each desk the finding touches, `; `-separated (the id when the name is unknown). */
  readonly desks: string;
  /** `Name (KEY)` of each space the finding touches (or is about), `; `-separated. */
  readonly spaces: string;
  readonly title: string;
  readonly fixes: string;
  readonly explanation: string;
}

export const EXPORT_COLUMNS: readonly (keyof ExportRow)[] = [
  'findingId',
  'email',
  'displayName',
  'accountIds',
  'code',
  'severity',
  'desks',
  'spaces',
  'title',
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
  const directory = await getDirectory(deps, { viewer: input.viewer });
  if (!directory.ok) return directory;
  const deskNames = new Map(directory.value.desks.map((d) => [d.id, `${d.name} (${d.projectKey})`]));
  const spaceNames = new Map(directory.value.spaces.map((s) => [s.key, `${s.name} (${s.key})`]));
  const rows: ExportRow[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.findings.list(query, { cursor, limit: PAGE });
    const visible = page.items.filter((f) => canSeeFinding(input.viewer, f));
    const names = await subjectNamesOf(deps.persons, visible);
    for (const f of visible) {
      if (rows.length === max) return ok({ rows, truncated: true });
      const email =
        f.subject.type === 'space'
          ? ''
          : input.includeEmails || isUnresolvedKey(f.subject.emailKey as PersonKey)
            ? f.subject.emailKey
            : `person:${subjectToken(f.subject)}`;
      const spaceKeys =
        f.subject.type === 'space' && !f.scope.spaceKeys.includes(f.subject.spaceKey)
          ? [f.subject.spaceKey, ...f.scope.spaceKeys]
          : f.scope.spaceKeys;
      rows.push({
        findingId: f.id,
        code: f.code,
        severity: f.severity,
        email,
        displayName: f.subject.type === 'person' ? (names.get(f.subject.emailKey) ?? '') : '',
        accountIds: f.evidence.accountIds.join(' '),
        desks: f.scope.deskIds.map((id) => deskNames.get(id) ?? id).join('; '),
        spaces: spaceKeys.map((key) => spaceNames.get(key) ?? key).join('; '),
        title: f.title,
        fixes: f.fixes.map((x) => `${x.safety}:${x.action.type}`).join(' '),
        explanation: f.explanation,
      });
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  return ok({ rows, truncated: false });
};
