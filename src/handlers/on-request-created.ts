/**
 * An issue was created. On a service project its reporter is a customer, possibly one we have never seen
 * (a KB-link sign-up, a portal-only account): enqueue a deduplicated reconcile of that person.
 */
import { triggerDeps } from '../wiring';
import { enqueue, ignored, rejected, type Deps, type TriggerOutcome } from './enqueue';
import type { JobBody } from './jobs.schema';
import { reconcilePersonJob } from './jobs';
import { IssueCreatedEventSchema, SERVICE_DESK_PROJECT_TYPE } from './on-request-created.schema';
import { parseInput } from './parse';

export const handleRequestCreated = async (event: unknown, deps: Deps): Promise<TriggerOutcome> => {
  const parsed = parseInput(IssueCreatedEventSchema, event, 'Jira issue created event');
  if (!parsed.ok) return rejected(parsed.error, deps);
  const { project, reporter } = parsed.value.issue.fields;
  if (project.projectTypeKey !== undefined && project.projectTypeKey !== SERVICE_DESK_PROJECT_TYPE) {
    return ignored('not a service project', deps);
  }
  if (!reporter) return ignored('no reporter', deps);
  if (reporter.accountType === 'app') return ignored('app reporter', deps);
  return enqueue(
    [reconcilePersonJob({ accountId: reporter.accountId }, 'request-created', deps.now(), project.id)],
    deps,
  );
};

export const onRequestCreated = (event: unknown): Promise<TriggerOutcome> =>
  handleRequestCreated(event, triggerDeps<JobBody>('on-request-created'));
