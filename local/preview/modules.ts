/**
 * The manifest, read the way Forge reads it for UI Kit: every module with `resource` + `render: native`, the
 * resource path it names, and the Forge context (`view.getContext()` and the resolver's `context.extension`)
 * that a module of that type gets for a given person, desk and space.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  identityFor,
  type PanelSelection,
  type PreviewDirectory,
  type PreviewIdentity,
  type UiModule,
} from './protocol';

export interface UiManifest {
  appId: string;
  modules: UiModule[];
  /** Resource key → absolute entry file (UI Kit) or folder (Custom UI). */
  resources: Map<string, string>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function readUiManifest(manifestPath: string): UiManifest {
  const doc: unknown = parse(readFileSync(manifestPath, 'utf8'));
  if (!isRecord(doc)) throw new Error(`${manifestPath}: not a YAML mapping`);
  const root = path.dirname(path.resolve(manifestPath));
  const resources = new Map<string, string>();
  for (const r of Array.isArray(doc.resources) ? (doc.resources as unknown[]) : []) {
    if (isRecord(r) && typeof r.key === 'string' && typeof r.path === 'string')
      resources.set(r.key, path.resolve(root, r.path));
  }
  const modules: UiModule[] = [];
  const moduleGroups = isRecord(doc.modules) ? doc.modules : {};
  for (const [type, entries] of Object.entries(moduleGroups)) {
    if (!Array.isArray(entries)) continue;
    for (const m of entries as unknown[]) {
      if (!isRecord(m) || typeof m.key !== 'string' || typeof m.resource !== 'string') continue;
      if (m.render !== 'native') continue;
      const resourceKey = m.resource.split('/')[0] ?? m.resource;
      if (!resources.has(resourceKey))
        throw new Error(`${manifestPath}: module ${m.key} names missing resource '${resourceKey}'`);
      modules.push({
        key: m.key,
        type,
        title: typeof m.title === 'string' ? m.title : m.key,
        resource: resourceKey,
        displayConditions: isRecord(m.displayConditions) ? m.displayConditions : {},
      });
    }
  }
  const app = isRecord(doc.app) ? doc.app : {};
  return { appId: typeof app.id === 'string' ? app.id : 'local-app', modules, resources };
}

/** `context.extension` for a module type: Jira project pages carry the project, Confluence space pages the space. */
export function extensionFor(
  module: UiModule,
  directory: PreviewDirectory,
  selection: PanelSelection,
): Record<string, unknown> {
  const extension: Record<string, unknown> = { type: module.type };
  if (module.type.startsWith('jira:project') || module.type.startsWith('jiraServiceManagement:')) {
    const desk = directory.desks.find((d) => d.id === selection.desk) ?? directory.desks[0];
    if (desk) extension.project = { id: desk.projectId, key: desk.projectKey, type: 'service_desk' };
  }
  if (module.type.startsWith('confluence:space')) {
    const space = directory.spaces.find((s) => s.id === selection.space) ?? directory.spaces[0];
    if (space) extension.space = { id: space.id, key: space.key };
  }
  return extension;
}

/** Why Atlassian would hide this page from this person; the preview renders it anyway and says so. */
export function displayNotices(
  module: UiModule,
  identity: PreviewIdentity | undefined,
  extension: Record<string, unknown>,
  directory: PreviewDirectory,
): string[] {
  if (!identity) return ['No account on the site has this role for the chosen desk or space.'];
  const notices: string[] = [];
  const project = extension.project as { id?: string } | undefined;
  const space = extension.space as { id?: string } | undefined;
  const desk = directory.desks.find((d) => d.projectId === project?.id);
  const projectAdmin =
    identity.jiraAdmin || (desk !== undefined && identity.projectAdminOf.includes(desk.id));
  const spaceAdmin = space?.id !== undefined && identity.spaceAdminOf.includes(space.id);
  const dc = module.displayConditions;
  if (dc.isProjectAdmin === true && !projectAdmin)
    notices.push('Jira hides this page from this person (displayConditions.isProjectAdmin).');
  if (dc.isSpaceAdmin === true && !spaceAdmin)
    notices.push('Confluence hides this page from this person (displayConditions.isSpaceAdmin).');
  if ((dc.isAdmin === true || module.type === 'jira:adminPage') && !identity.jiraAdmin)
    notices.push('Only Jira admins reach Jira administration pages (jira:adminPage).');
  return notices;
}

export function forgeContextFor(input: {
  module: UiModule;
  directory: PreviewDirectory;
  selection: PanelSelection;
  appId: string;
  cloudId: string;
  siteUrl: string;
}): { context: Record<string, unknown>; identity: PreviewIdentity | undefined; notices: string[] } {
  const { module, directory, selection } = input;
  const identity = identityFor(directory, selection);
  const extension = extensionFor(module, directory, selection);
  const appId = input.appId.replace(/^ari:cloud:ecosystem::app\//, '');
  const context: Record<string, unknown> = {
    accountId: identity?.accountId,
    accountType: 'licensed',
    cloudId: input.cloudId,
    siteUrl: input.siteUrl,
    environmentId: 'local',
    environmentType: 'DEVELOPMENT',
    extension,
    localId: `ari:cloud:ecosystem::extension/${appId}/local/static/${module.key}`,
    locale: 'en-US',
    moduleKey: module.key,
    timezone: 'UTC',
    theme: { colorMode: 'light' },
  };
  return { context, identity, notices: displayNotices(module, identity, extension, directory) };
}
