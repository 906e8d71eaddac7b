// The only module manifest handlers name (style.md rule 2): re-exports, grouped by Forge kind. No logic here.

// Resolvers (the three UI Kit panels)
export { resolver } from './handlers/resolver';

// Product-event triggers
export { onJiraUserChanged } from './handlers/on-jira-user-changed';
export { onRequestCreated } from './handlers/on-request-created';
export { onConfUserCreated } from './handlers/on-conf-user-created';
export { onSpacePermsUpdated } from './handlers/on-space-perms-updated';

// Scheduled triggers
export { watch } from './handlers/watch';
export { scan } from './handlers/scan';

// Queue consumers
export { reconcileWorker } from './handlers/reconcile-worker';
