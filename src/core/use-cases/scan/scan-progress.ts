import type { ScanCursor } from '../../ports';

/** What the panels show about the scan (product.md §5 "scan progress"). */
export interface ScanProgress {
  readonly state: 'idle' | 'running' | 'finished';
  readonly scanId: string | null;
  readonly startedAt: number | null;
  readonly updatedAt: number | null;
  readonly finishedAt: number | null;
  /** The step source being worked on (`group:<id>`, `desk:<id>`, or a phase name). */
  readonly currentSource: string | null;
  readonly sourcesDone: number;
  readonly sourcesTotal: number;
  readonly accountsSeen: number;
  readonly personsEvaluated: number;
  readonly pointsUsed: number;
}

export const progressOf = (cursor: ScanCursor | null): ScanProgress =>
  cursor === null
    ? {
        state: 'idle',
        scanId: null,
        startedAt: null,
        updatedAt: null,
        finishedAt: null,
        currentSource: null,
        sourcesDone: 0,
        sourcesTotal: 0,
        accountsSeen: 0,
        personsEvaluated: 0,
        pointsUsed: 0,
      }
    : {
        state: cursor.finishedAt === null ? 'running' : 'finished',
        scanId: cursor.scanId,
        startedAt: cursor.startedAt,
        updatedAt: cursor.updatedAt,
        finishedAt: cursor.finishedAt,
        currentSource: cursor.finishedAt === null ? cursor.source : null,
        sourcesDone: cursor.sourcesDone,
        sourcesTotal: cursor.sourcesTotal,
        accountsSeen: cursor.accountsSeen,
        personsEvaluated: cursor.personsEvaluated,
        pointsUsed: cursor.pointsUsed,
      };
