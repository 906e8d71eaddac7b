/** The invocation's remaining time, from the Forge runtime (getAppContext); null outside an invocation. */
import { getAppContext } from '@forge/api';

export const remainingTimeMs = (): number | null => {
  try {
    const remaining = getAppContext().invocationRemainingTimeInMillis();
    return Number.isFinite(remaining) && remaining >= 0 ? remaining : null;
  } catch {
    return null;
  }
};
