/**
 * Thrown by a handler whose work belongs to a later issue. Parsing and validation of the handler's input
 * are real and run first; only the use case behind them is missing. Resolvers map it to APP.NOT_IMPLEMENTED.
 */
export class NotImplementedInThisBuildError extends Error {
  override readonly name = 'NotImplementedInThisBuildError';
  readonly code = 'APP.NOT_IMPLEMENTED';
  constructor(
    /** What is missing, e.g. "reconcile-person job". */
    readonly feature: string,
    /** Which issue delivers it. */
    readonly plannedIn: string,
  ) {
    super(`${feature} is not implemented in this build (planned in ${plannedIn})`);
  }
}
