/**
 * Every behaviour of the emulated site that the docs (../shared/docs) and specs do not pin down, as one named
 * constant each. docs/emulated-site.md lists them under "VERIFY"; change a value here to model the other
 * reading, never scatter the guess through handlers.
 */

/** `avi:jira:created:user` on a KB sign-up (new Atlassian account). The brief's reading of forge-platform.md §1.2 (VERIFY (c)). */
export const EMIT_JIRA_CREATED_USER_ON_SIGNUP = true;
/** `avi:confluence:created:user` on a KB sign-up: the account is created through a Confluence login page. */
export const EMIT_CONFLUENCE_CREATED_USER_ON_SIGNUP = true;
/** Inviting a Confluence guest raises no event (forge-platform.md §1.3: no "guest invited"; §1.2 VERIFY). */
export const EMIT_EVENT_ON_GUEST_INVITE = false;
/** Portal-only customers (agent-added, REST-created) raise no event (product.md §4 "raise no event"). */
export const EMIT_JIRA_CREATED_USER_FOR_PORTAL_CUSTOMER = false;
/** Group add/remove raises no event (forge-platform.md §1.3: "No group membership changed" event). */
export const EMIT_JIRA_UPDATED_USER_ON_GROUP_CHANGE = false;
/** Deactivation raises no event (forge-platform.md §1.3: no org-level suspension/deactivation events). */
export const EMIT_EVENT_ON_DEACTIVATION = false;
/** Assigning a guest's space raises `permissions_updated:space:V2` (forge-platform.md §1.2 "closest signal", VERIFY). */
export const EMIT_SPACE_PERMISSIONS_UPDATED_ON_GUEST_ASSIGN = true;
/** A customer raising a request on an open/public desk lands on the desk's customer list. */
export const REQUEST_ON_OPEN_DESK_ADDS_CUSTOMER = true;
/** Adding an Atlassian account as a desk customer grants the Customer role (atlassian-identity.md §2 [doc]). */
export const DESK_CUSTOMER_ADD_GRANTS_CUSTOMER_ROLE = true;

/** Jira hides a private email by omitting `emailAddress` (spec: string, not nullable). */
export const JIRA_HIDDEN_EMAIL = 'omit' as const;
/** Confluence v1 `User.email` is nullable: hidden → null. */
export const CONFLUENCE_V1_HIDDEN_EMAIL: null = null;
/** Confluence v2 `User.email` is a non-nullable string: hidden → "". */
export const CONFLUENCE_V2_HIDDEN_EMAIL = '';

/**
 * GET /rest/api/3/user/email/bulk: the spec names a single `UnrestrictedUserEmail` object as the 200 body,
 * which cannot carry several accounts; Jira answers an array of them. We answer the array (each item valid
 * against UnrestrictedUserEmail). VERIFY on a real site.
 */
export const JIRA_EMAIL_BULK_AS_ARRAY = true;

/** The JSM status and body when `X-ExperimentalApi: opt-in` is missing on an experimental operation. */
export const JSM_EXPERIMENTAL_MISSING_STATUS = 412;
export const JSM_EXPERIMENTAL_MISSING_MESSAGE =
  "This API is experimental. Experimental APIs are not guaranteed to be stable within the preview period. You must set the header 'X-ExperimentalApi: opt-in' to opt into using this API.";

/**
 * The answer to a request whose token lacks the operation's OAuth scopes (here: an asUser(accountId)
 * impersonation token for a scope declared without `allowImpersonation`). Atlassian's OAuth 2.0 message;
 * VERIFY it is also what a Forge impersonation token gets (docs/assumptions.md F5).
 */
export const SCOPE_MISMATCH_MESSAGE = 'Unauthorized; scope does not match';

/** The application-role item shown in `expand=applicationRoles` for holders of the JSM Customer role. */
export const CUSTOMER_APPLICATION_ROLE_KEY = 'jira-servicedesk-customer';

/** `/rest/api/3/users/search` lists Atlassian and app accounts, not portal-only customers (forge-platform.md §1.4). */
export const USERS_SEARCH_INCLUDES_CUSTOMERS = false;
/** `/rest/api/3/user/search?query=` also finds portal-only customers (KB: duplicates show in user pickers). */
export const USER_SEARCH_INCLUDES_CUSTOMERS = true;
/** A query matches a hidden email (atlassian-identity.md §5 VERIFY): we say no — only visible emails match. */
export const SEARCH_MATCHES_HIDDEN_EMAIL = false;

/**
 * How v2 `GET /spaces/{id}/permissions` shows JSM unlicensed access ("All logged-in users"): a `role` principal
 * (the spec's principal types are user | group | role) with this id. Anonymous read is role `ANONYMOUS`
 * (observed in public code); the unlicensed id is not documented anywhere we found (VERIFY). The app reads any
 * role other than ANONYMOUS holding read/space as logged-in access, so only this site depends on the name.
 */
export const CONFLUENCE_V2_UNLICENSED_ROLE_ID = 'JSM_UNLICENSED';

/** Confluence v1 cannot represent portal-only customers (accountType enum atlassian|app|""): 404. */
export const CONFLUENCE_V1_CUSTOMER_IS_NOT_FOUND = true;

/** Adding an existing member to a group (Jira) is a 400, not a silent success. */
export const JIRA_ADD_EXISTING_MEMBER_IS_ERROR = true;

/**
 * `GET /rest/api/3/user/bulk` (bulkGetUsers): the spec (jira-platform.v3.json) declares the repeated
 * `accountId` parameter as an array with `maxLength: 128` — a keyword JSON Schema applies to strings only,
 * read here as "at most 128 account ids"; more → 400. VERIFY on a real site: 128 is also each id's own
 * `maxLength`, so the array bound may be a generator artefact; and the 400 message is ours.
 * `maxResults` has a default of 10 and no maximum in the spec, so the site caps a page only by the ids asked.
 */
export const JIRA_USER_BULK_MAX_IDS = 128;
export const JIRA_USER_BULK_TOO_MANY_MESSAGE = `At most ${JIRA_USER_BULK_MAX_IDS} accountId values are allowed.`;

/** Page-size caps the spec text does not state. */
export const MAX_PAGE = {
  jiraUserSearch: 1000,
  jiraUsersSearch: 1000,
  jiraGroupMember: 50,
  jiraGroupBulk: 50,
  jiraGroupsPickerDefault: 20,
  jiraSearchJql: 100,
  jsm: 50,
  confluenceV1: 200,
  confluenceV2: 250,
} as const;
