/**
 * The envelope both scheduled triggers share: parse the invocation (the site comes from the context), build
 * the services, run the body, and turn any fault into a logged outcome. Forge does not retry scheduled
 * triggers, so nothing is rethrown: the next tick tries again. The exported handlers answer
 * {@link scheduledResponse}.
 */
import { appServices, operationLogger, type Logger, type Services } from '../wiring';
import { outcomeOfFault, type JobOutcome } from './job-outcome';
import { parseScheduledInvocation, type ScheduledResponse } from './scheduled.schema';

export const runScheduled = async (
  kind: 'watch' | 'scan',
  event: unknown,
  context: unknown,
  servicesFor: (cloudId: string) => Services = appServices,
  body: (services: Services, log: Logger) => Promise<JobOutcome>,
): Promise<JobOutcome> => {
  const log = operationLogger(kind);
  const invocation = parseScheduledInvocation(event, context);
  if (!invocation.ok) {
    log.error('scheduled invocation rejected', { firstPath: invocation.error.issues?.[0]?.path ?? null });
    return { status: 'dropped', reason: 'invalid invocation' };
  }
  const services = servicesFor(invocation.value.cloudId);
  try {
    return await body(services, log);
  } catch (thrown) {
    return outcomeOfFault(thrown, kind, log);
  }
};

/**
 * The answer Forge expects from a scheduled function ("Scheduled triggers" function reference, "Response"):
 * `statusCode` 204 is success, 5xx an error; a missing or other shape is recorded as 424 Failed dependency.
 * A dropped invocation or a failed run is an error (500); the next tick tries again either way.
 */
export const scheduledResponse = (outcome: JobOutcome): ScheduledResponse =>
  'status' in outcome && outcome.status === 'done' ? { statusCode: 204 } : { statusCode: 500 };
