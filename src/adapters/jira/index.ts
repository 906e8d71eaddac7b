/**
 * What the composition root needs from the REST adapters: clients bound to a caller, the port
 * implementations, and the authorisation helpers.
 */
import type { Impersonation } from '../../core/ports';
import { createConfluenceAdapter } from '../confluence/confluence';
import { installationLimits, type InstallationLimits } from '../http/limits';
import {
  createRestClient,
  type Caller,
  type PointsSink,
  type RestClient,
  type Transport,
} from '../http/request';
import type { Directory } from '../../core/ports/directory';
import { createJiraDirectory } from './directory';
import { groupMemberTotal } from './groups';
import { createJsmServiceDesks } from './service-desks';
import { createSiteDirectory } from './site-directory';

export { isJiraAdmin, isProjectAdmin } from './authorisation';
export { isSpaceAdmin, spaceIdOfKey } from '../confluence/authorisation';

export interface RestAdaptersOptions {
  readonly cloudId: string;
  /** Books what each answer cost: the installation budget (what the site meters, per answer). */
  readonly points: PointsSink;
  /** Default: the module-wide limits of this installation (installationLimits(cloudId)). */
  readonly limits?: InstallationLimits;
  readonly random?: () => number;
  /** Default: `@forge/api`. The command-line audit passes a Basic-auth transport (src/cli). */
  readonly transport?: Transport;
  readonly maxWaitMs?: number;
  /**
   * The user invoking a UI resolver, if any. Their own writes go through `asUser()` (the invocation's user);
   * `asUser(accountId)` is offline impersonation, which needs `allowImpersonation` on every scope the
   * operation uses (Forge manifest "Permissions", "Scopes") and is kept for actors who are not present.
   */
  readonly invokingUser?: string;
}

/** A client as the given caller (app, the invoking user, or an explicit account) on the shared limits. */
export const createJiraClient = (options: RestAdaptersOptions & { readonly as: Caller }): RestClient =>
  createRestClient({
    as: options.as,
    points: options.points,
    limits: options.limits ?? installationLimits(options.cloudId),
    ...(options.random !== undefined ? { random: options.random } : {}),
    ...(options.transport !== undefined ? { transport: options.transport } : {}),
    ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
  });

/**
 * The read ports as `as` (reads default to the app: triggers, schedules and consumers have no user),
 * emails always as the app, and writes through {@link Impersonation} as the acting admin.
 */
export function createRestAdapters(options: RestAdaptersOptions & { readonly as?: Caller }) {
  const client = createJiraClient({ ...options, as: options.as ?? 'app' });
  const appClient =
    options.as === undefined || options.as === 'app' ? client : createJiraClient({ ...options, as: 'app' });
  const clientAs = (accountId: string): RestClient =>
    createJiraClient({
      ...options,
      as: accountId === options.invokingUser ? 'current-user' : { user: accountId },
    });
  const impersonation: Impersonation = {
    writerFor: (actorAccountId) => {
      const actor = clientAs(actorAccountId);
      const directory = createJiraDirectory({ client: actor, appClient });
      const serviceDesks = createJsmServiceDesks({ client: actor });
      return {
        directory: {
          addMember: (groupId, accountId) => directory.addMember(groupId, accountId),
          removeMember: (groupId, accountId) => directory.removeMember(groupId, accountId),
        },
        serviceDesks: {
          addCustomers: (deskId, ids) => serviceDesks.addCustomers(deskId, ids),
          removeCustomers: (deskId, ids) => serviceDesks.removeCustomers(deskId, ids),
        },
      };
    },
  };
  const base = createJiraDirectory({ client, appClient });
  // The watch's total read starts at the total last seen (one base point when unchanged); see groups.ts.
  const directory: Directory = {
    ...base,
    memberCount: (groupId, knownTotal) => groupMemberTotal(client, groupId, knownTotal),
  };
  return {
    client,
    directory,
    serviceDesks: createJsmServiceDesks({ client }),
    confluence: createConfluenceAdapter({ client, clientAs }),
    siteDirectory: createSiteDirectory({ client, cloudId: options.cloudId }),
    impersonation,
  };
}
