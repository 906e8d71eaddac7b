/**
 * The data the preview host (Node) and its two browser bundles (host page, panel iframe) exchange.
 * Browser-safe: no Node imports, so the esbuild bundles can share these types.
 */

export type PreviewRole = 'site-admin' | 'project-admin' | 'space-admin' | 'non-admin';

export const PREVIEW_ROLES: readonly PreviewRole[] = [
  'site-admin',
  'project-admin',
  'space-admin',
  'non-admin',
];

export interface DeskRef {
  id: string;
  projectId: string;
  projectKey: string;
  projectName: string;
}

export interface SpaceRef {
  id: string;
  key: string;
  name: string;
}

/** One person the "viewing as" switch can pick. */
export interface PreviewIdentity {
  role: PreviewRole;
  accountId: string;
  displayName: string;
  /** project-admin: the desk they administer (the switch picks by desk). */
  deskId?: string;
  /** space-admin: the space they administer (the switch picks by space). */
  spaceId?: string;
  /** Facts the display conditions are evaluated on. */
  jiraAdmin: boolean;
  projectAdminOf: string[];
  spaceAdminOf: string[];
}

export interface PreviewDirectory {
  desks: DeskRef[];
  spaces: SpaceRef[];
  identities: PreviewIdentity[];
}

/** A UI Kit module of the manifest (`resource` + `render: native`). */
export interface UiModule {
  key: string;
  type: string;
  title: string;
  resource: string;
  displayConditions: Record<string, unknown>;
}

export interface ActionPreset {
  label: string;
  /** `/__local/actions/<action>` on the emulated site. */
  action: string;
  body: Record<string, unknown>;
}

/** What the host page is rendered with. */
export interface HostBootstrap {
  modules: UiModule[];
  directory: PreviewDirectory;
  actions: ActionPreset[];
  siteUrl: string;
}

/** Which panel the iframe shows, as whom. Travels in the iframe URL and with every call back to the host. */
export interface PanelSelection {
  module: string;
  role: PreviewRole;
  desk?: string;
  space?: string;
}

export interface PanelBootstrap {
  selection: PanelSelection;
  /** What `view.getContext()` / `useProductContext()` answer. */
  context: Record<string, unknown>;
  identity: PreviewIdentity | undefined;
  /** Why Atlassian would not show this page to this person (display conditions), rendered anyway. */
  notices: string[];
  appScript: string;
  /** The app's name on Forge's "Allow access" consent step (the module title; a real site shows the app's). */
  appName: string;
  /** The `error.name` of a resolver call that means "ask this user for consent" (@forge/api errors.js). */
  consentErrorName: string;
}

export type LogKind =
  'invoke' | 'bridge' | 'flag' | 'navigate' | 'action' | 'clock' | 'feed' | 'consent' | 'error';

export interface LogEntry {
  seq: number;
  /** Virtual time (ISO). */
  at: string;
  kind: LogKind;
  ok: boolean;
  summary: string;
  detail?: unknown;
}

export interface HostState {
  now: string;
  log: LogEntry[];
  lastSeq: number;
}

export interface InvokeAnswer {
  ok: boolean;
  value?: unknown;
  error?: { name: string; message: string };
}

/** Message the panel iframe posts to its parent (the host page). */
export interface PanelMessage {
  source: 'forge-preview-panel';
  cmd: string;
  data: unknown;
}

/** Find the identity the switch means: the role, narrowed by the chosen desk or space. */
export function identityFor(
  directory: PreviewDirectory,
  selection: Pick<PanelSelection, 'role' | 'desk' | 'space'>,
): PreviewIdentity | undefined {
  const byRole = directory.identities.filter((i) => i.role === selection.role);
  if (selection.role === 'project-admin') return byRole.find((i) => i.deskId === selection.desk);
  if (selection.role === 'space-admin') return byRole.find((i) => i.spaceId === selection.space);
  return byRole[0];
}

export const ROLE_LABELS: Readonly<Record<PreviewRole, string>> = {
  'site-admin': 'Site admin',
  'project-admin': 'Project admin of the chosen desk',
  'space-admin': 'Space admin of the chosen space',
  'non-admin': 'Non-admin',
};
