import type { Desk, Group, Space } from '../model/site';
import type { Directory } from './directory';
import type { ServiceDesks } from './service-desks';

/** The site facts every rule needs besides persons: where the Customer and Guest roles live. */
export interface SiteInfo {
  readonly cloudId: string;
  readonly siteUrl: string;
  /** `jira-servicemanagement-customers-<site>`. */
  readonly customersGroup: Group;
  /** Other groups mapped to the JSM Customer application role. */
  readonly customerRoleGroupIds: readonly string[];
  /** Groups whose members hold the Confluence guest role (`confluence-guests-<site>`). */
  readonly guestGroupIds: readonly string[];
}

/** The site as last read: kept so a per-person reconcile does not re-list desks and spaces every time. */
export interface SiteSnapshot {
  readonly info: SiteInfo;
  readonly desks: readonly Desk[];
  /** The spaces Links name, with their KB access flags. */
  readonly spaces: readonly Space[];
  /** The groups the app reasons about (customer-role, guest and Link groups), for labels. */
  readonly groups: readonly Group[];
  readonly takenAt: number;
}

export interface SiteDirectory {
  /**
   * Site identity and the customer-role / guest groups.
   * @throws UpstreamError when the site cannot be read.
   */
  siteInfo(): Promise<SiteInfo>;
  /**
   * The given groups; unknown ids are left out (policy validation).
   * @throws UpstreamError when the groups cannot be read.
   */
  groupsByIds(groupIds: readonly string[]): Promise<Group[]>;
}

export interface SiteSnapshotStore {
  /** @throws StoreError when the read fails. */
  get(): Promise<SiteSnapshot | null>;
  /** @throws StoreError when the write fails. */
  put(snapshot: SiteSnapshot): Promise<void>;
}

/** The membership writes, bound to one acting identity. */
export interface SiteWriter {
  readonly directory: Pick<Directory, 'addMember' | 'removeMember'>;
  readonly serviceDesks: Pick<ServiceDesks, 'addCustomers' | 'removeCustomers'>;
}

/**
 * Writes run as a person (product.md §4): the clicking admin for plans and undo, the admin who enabled
 * auto-fix for automatic writes. The composition root binds this to `asUser` impersonation.
 */
export interface Impersonation {
  writerFor(actorAccountId: string): SiteWriter;
}
