/**
 * A Confluence user was created (possibly a guest: VERIFY the event fires for guest invitations). The
 * payload has no email, so the job targets the account; the consumer reads the email as the app.
 */
import { triggerDeps } from '../wiring';
import { enqueue, ignored, rejected, type Deps, type TriggerOutcome } from './enqueue';
import type { JobBody } from './jobs.schema';
import { reconcilePersonJob } from './jobs';
import { ConfluenceUserCreatedEventSchema } from './on-conf-user-created.schema';
import { parseInput } from './parse';

export const handleConfluenceUserCreated = async (event: unknown, deps: Deps): Promise<TriggerOutcome> => {
  const parsed = parseInput(ConfluenceUserCreatedEventSchema, event, 'Confluence user created event');
  if (!parsed.ok) return rejected(parsed.error, deps);
  const { user, selfGenerated } = parsed.value;
  if (selfGenerated === true) return ignored('self-generated', deps);
  if (user.accountType === 'app') return ignored('app account', deps);
  return enqueue(
    [reconcilePersonJob({ accountId: user.accountId }, 'confluence-user-created', deps.now())],
    deps,
  );
};

export const onConfUserCreated = (event: unknown): Promise<TriggerOutcome> =>
  handleConfluenceUserCreated(event, triggerDeps<JobBody>('on-conf-user-created'));
