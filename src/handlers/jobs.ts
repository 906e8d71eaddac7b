/**
 * Job builders with their dedupe keys. Product events are hints that arrive late, twice or out of order
 * (style.md rule 16): every event about the same account or space yields the same dedupe key, so the
 * consumer's dedupe marker collapses bursts into one reconciliation.
 */
import type { ReconcilePersonJob, ReconcileReason, RefreshSpaceJob } from './jobs.schema';

/** base64url keeps `@`, `+` and other email characters out of storage keys (KVS keys refuse them). */
const storageSafe = (value: string): string => Buffer.from(value, 'utf8').toString('base64url');

export const reconcilePersonJob = (
  target: { readonly accountId: string } | { readonly emailKey: string },
  reason: ReconcileReason,
  now: number,
  reportedInProjectId?: string,
): ReconcilePersonJob =>
  'accountId' in target
    ? {
        kind: 'reconcile-person',
        schemaVersion: 1,
        accountId: target.accountId,
        reason,
        dedupeKey: `reconcile-person:account:${target.accountId}`,
        requestedAt: now,
        ...(reportedInProjectId === undefined ? {} : { reportedInProjectId }),
      }
    : {
        kind: 'reconcile-person',
        schemaVersion: 1,
        emailKey: target.emailKey,
        reason,
        dedupeKey: `reconcile-person:email:${storageSafe(target.emailKey)}`,
        requestedAt: now,
      };

export const refreshSpaceJob = (
  space: { readonly id: string; readonly key: string },
  now: number,
): RefreshSpaceJob => ({
  kind: 'refresh-space',
  schemaVersion: 1,
  spaceId: space.id,
  spaceKey: space.key,
  dedupeKey: `refresh-space:${storageSafe(space.id)}`,
  requestedAt: now,
});
