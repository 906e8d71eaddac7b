/**
 * A Jira user was created or updated. Hint only (it may be late, repeated, or never sent for portal-only
 * customers: VERIFY): validate, then enqueue a deduplicated reconcile of the person behind the account.
 * App accounts never count as a person's identities and are ignored.
 */
import { triggerDeps } from '../wiring';
import { enqueue, ignored, rejected, type Deps, type TriggerOutcome } from './enqueue';
import type { JobBody } from './jobs.schema';
import { reconcilePersonJob } from './jobs';
import { JiraUserEventSchema } from './on-jira-user-changed.schema';
import { parseInput } from './parse';

export const handleJiraUserChanged = async (event: unknown, deps: Deps): Promise<TriggerOutcome> => {
  const parsed = parseInput(JiraUserEventSchema, event, 'Jira user event');
  if (!parsed.ok) return rejected(parsed.error, deps);
  const { eventType, user } = parsed.value;
  if (user.accountType === 'app') return ignored('app account', deps);
  const reason = eventType === 'avi:jira:created:user' ? 'jira-user-created' : 'jira-user-updated';
  return enqueue([reconcilePersonJob({ accountId: user.accountId }, reason, deps.now())], deps);
};

export const onJiraUserChanged = (event: unknown): Promise<TriggerOutcome> =>
  handleJiraUserChanged(event, triggerDeps<JobBody>('on-jira-user-changed'));
