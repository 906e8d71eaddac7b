import type { Desk } from '../model/site';
import type { Page, PageRequest } from './directory';

/** JSM desks and their customer lists. */
export interface ServiceDesks {
  /**
   * Every desk of the site, with its access (closed / open / public / unknown) as far as it is knowable.
   * @throws UpstreamError when the desks cannot be listed.
   */
  desks(): Promise<Desk[]>;
  /**
   * One page of a desk's customer list (account ids), optionally narrowed to customers matching an email.
   * @throws UpstreamError when the list cannot be read.
   */
  customersOfDesk(deskId: string, page: PageRequest, matchingEmail?: string): Promise<Page<string>>;
  /**
   * Total customers on the desk's list (the watch's baseline; JSM lists carry no total, so adapters may
   * have to walk the list).
   * @throws UpstreamError when the list cannot be read.
   */
  customerCount(deskId: string): Promise<number>;
  /**
   * Whether the desk's list holds more than `knownTotal` customers: the list is append-ordered, so this
   * reads at most the one customer at index `knownTotal` (one base point when nothing was added). A removal
   * is not seen. Optional: without it the watch compares {@link customerCount} with `knownTotal`.
   * @throws UpstreamError when the list cannot be read.
   */
  customersBeyond?(deskId: string, knownTotal: number): Promise<boolean>;
  /**
   * Put accounts on the desk's customer list. Idempotent for accounts already on it.
   * @throws UpstreamError (forbidden when the acting user is not a desk admin).
   */
  addCustomers(deskId: string, accountIds: readonly string[]): Promise<void>;
  /**
   * Take accounts off the desk's customer list. Only closed desks accept removals.
   * @throws UpstreamError (rejected when the desk is not closed; forbidden when not a desk admin).
   */
  removeCustomers(deskId: string, accountIds: readonly string[]): Promise<void>;
}
