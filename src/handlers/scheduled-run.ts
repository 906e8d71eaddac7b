/**
 * The envelope both scheduled triggers share: parse the invocation (the site comes from the context), build
 * the services, run the body, and turn any fault into a logged outcome. Forge does not retry scheduled
 * triggers, so nothing is rethrown: the next tick tries again.
 */
import { appServices, operationLogger, type Logger, type Services } from '../wiring';
import { outcomeOfFault, type JobOutcome } from './job-outcome';
import { parseScheduledInvocation } from './scheduled.schema';

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
