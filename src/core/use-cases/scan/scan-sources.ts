/**
 * The scan's source list: every list the rules need, each read once at its largest page size, then the
 * bulk lookups for the accounts those lists named, then the in-store phases. Reading fewer lists would miss
 * a fact some rule needs; reading any list twice, or at a smaller page, costs more points: this is the REST
 * lower bound for the catalogue (docs/use-cases.md §Scan).
 */
import type { Policy } from '../../model/site';
import type { SiteSnapshot } from '../../ports';
import { relevantGroupIds } from '../shared/site-context';

/** In-store phases after the lists and lookups, in order. */
export const SCAN_PHASES = [
  'profiles',
  'emails',
  'guests',
  'persons',
  'evaluate',
  'site-findings',
  'sweep-persons',
  'sweep-findings',
  'cleanup',
] as const;
export type ScanPhase = (typeof SCAN_PHASES)[number];

export const groupSource = (groupId: string): string => `group:${groupId}`;
export const deskSource = (deskId: string): string => `desk:${deskId}`;

export type ParsedSource =
  | { readonly kind: 'group'; readonly id: string }
  | { readonly kind: 'desk'; readonly id: string }
  | { readonly kind: 'phase'; readonly phase: ScanPhase };

export const parseSource = (source: string): ParsedSource | null => {
  if (source.startsWith('group:')) return { kind: 'group', id: source.slice('group:'.length) };
  if (source.startsWith('desk:')) return { kind: 'desk', id: source.slice('desk:'.length) };
  const phase = SCAN_PHASES.find((p) => p === source);
  return phase === undefined ? null : { kind: 'phase', phase };
};

/**
 * Groups holding the Customer role, the guest role and every Link group (deduplicated), each desk's
 * customer list, then the phases.
 */
export const planScanSources = (snapshot: SiteSnapshot, policy: Policy): string[] => [
  ...relevantGroupIds(snapshot.info, policy).map(groupSource),
  ...snapshot.desks.map((d) => deskSource(d.id)),
  ...SCAN_PHASES,
];
