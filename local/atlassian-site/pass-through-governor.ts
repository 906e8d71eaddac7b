/**
 * The governor used until the real one (governor/, rate limits, metering, faults) is wired in: it admits
 * every request and attaches no headers. Same interface, so createSite never branches on its presence.
 */
import type { Admission, Governor, OperationOutcome, RequestInfo } from './governor/types';

export class PassThroughGovernor implements Governor {
  admit(_request: RequestInfo): Admission {
    return { kind: 'serve' };
  }

  settle(_request: RequestInfo, _outcome: OperationOutcome): Record<string, string> {
    return {};
  }
}
