/** What the admin should do next for each resolver error code, worded for the panel they are on. */
import type { ResolverError } from '../contracts';
import type { Audience } from './audience';

const FORBIDDEN: Readonly<Record<Audience, string>> = {
  project:
    'You need to be a project admin of this project. Ask a Jira admin to grant you the Administer Projects permission here.',
  space:
    'You need to be a space admin of this space. Ask a space admin to add you in Space settings → Permissions.',
  admin: 'You need to be a Jira admin to use this page. Ask your organisation admin for Jira admin rights.',
};

/** AUTH.FORBIDDEN about one action (error.needs), not the panel: the right the admin lacks for it. */
const NEEDS: Readonly<Record<NonNullable<ResolverError['needs']>, string>> = {
  'site-admin':
    'This needs a Jira admin (for example, changing group membership). Ask a Jira admin to do it from Jira administration → Apps → Identity Reconciler.',
  'desk-admin':
    "This needs an admin of that service project, or a Jira admin. Ask them to do it from the project's settings → Identity Reconciler.",
};

/** UPSTREAM.FORBIDDEN on a write made as the admin (error.madeAs `user`): their own right is missing. */
const OWN_RIGHT_MISSING =
  'Atlassian refused this change for your account: the app makes it with your own permissions, and yours do not allow it (group membership needs a site admin). Ask a Jira admin to apply it.';

const NEXT_STEP: Readonly<Partial<Record<ResolverError['code'], string>>> = {
  'AUTH.UNAUTHENTICATED': 'Your session ended. Reload the page and sign in again.',
  'UPSTREAM.RATE_LIMITED':
    'Atlassian is limiting how fast the app may call it. Wait about a minute, then retry.',
  'BUDGET.EXHAUSTED':
    "The app has used this hour's REST budget. It resets at the start of the next hour (UTC); retry then.",
  'UPSTREAM.UNAVAILABLE': 'Atlassian did not answer in time. Retry in a few minutes.',
  'UPSTREAM.FORBIDDEN':
    'The app lacks a permission on this site. Ask a site admin to check that the app is installed with all its scopes.',
  'UPSTREAM.NOT_FOUND': 'Something the app looked for no longer exists on the site. Run a scan to refresh.',
  'PERSON.NOT_FOUND': 'This person is no longer in the app’s records. Refresh the findings list.',
  'PLAN.STALE': 'The site changed since this preview. Close it and preview the fix again.',
  'PLAN.NOT_FOUND': 'This preview expired. Close it and preview the fix again.',
  'PLAN.ALREADY_APPLIED': 'This plan was already applied. See the Audit tab for its outcome.',
  'PLAN.BLAST_RADIUS_EXCEEDED':
    'This plan removes many accounts. Tick the confirmation box, then apply again.',
  'UNDO.NOT_POSSIBLE':
    'This change cannot be undone automatically any more (it changed since). Check the account by hand.',
  'STORE.CONFLICT': 'Someone saved at the same moment. Retry.',
  'INPUT.INVALID': 'Some values are not valid. Correct the fields marked below and try again.',
  'APP.NOT_IMPLEMENTED': 'This part of the app is not in this build yet.',
};

const FALLBACK = 'Something went wrong. Reload the page; if it keeps happening, contact the app vendor.';

/** "45 seconds", "about 2 minutes", "about 1 hour" (rounded up: never earlier than the server said). */
export const formatWait = (seconds: number): string => {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? 'about 1 minute' : `about ${minutes} minutes`;
  const hours = Math.ceil(minutes / 60);
  return hours === 1 ? 'about 1 hour' : `about ${hours} hours`;
};

/** The wait the server named (`retryAfter`), worded for the two codes that carry it. */
const timedStep = (error: ResolverError): string | null => {
  if (error.retryAfter === undefined) return null;
  const wait = formatWait(error.retryAfter);
  if (error.code === 'UPSTREAM.RATE_LIMITED')
    return `Atlassian is limiting how fast the app may call it. Wait ${wait}, then retry.`;
  if (error.code === 'BUDGET.EXHAUSTED')
    return `The app has used this hour's REST budget. It resets in ${wait}; retry then.`;
  return null;
};

export const nextStep = (error: ResolverError, audience: Audience): string => {
  if (error.code === 'AUTH.FORBIDDEN')
    return error.needs === undefined ? FORBIDDEN[audience] : NEEDS[error.needs];
  if (error.code === 'UPSTREAM.FORBIDDEN' && error.madeAs === 'user') return OWN_RIGHT_MISSING;
  return timedStep(error) ?? NEXT_STEP[error.code] ?? FALLBACK;
};

/** Rate limits and outages are worth a retry button; permission and input problems are not. */
export const isRetryable = (error: ResolverError): boolean =>
  [
    'UPSTREAM.RATE_LIMITED',
    'BUDGET.EXHAUSTED',
    'UPSTREAM.UNAVAILABLE',
    'STORE.CONFLICT',
    'APP.INTERNAL',
    'UPSTREAM.UNEXPECTED_RESPONSE',
  ].includes(error.code);
