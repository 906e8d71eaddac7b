/**
 * Which panel this is, from the Forge context the host gives (`view.getContext()` through
 * useProductContext): the module type in `extension.type`, else the manifest module key. The resolver
 * authorises on its own; the audience only picks tabs and words.
 */
import { useProductContext } from '@forge/react';

export type Audience = 'project' | 'space' | 'admin';

const BY_EXTENSION_TYPE: Readonly<Record<string, Audience>> = {
  'jira:projectSettingsPage': 'project',
  'confluence:spaceSettings': 'space',
  'jira:adminPage': 'admin',
};

const BY_MODULE_KEY: Readonly<Record<string, Audience>> = {
  'identity-reconciler-project-settings': 'project',
  'identity-reconciler-space-settings': 'space',
  'identity-reconciler-admin': 'admin',
};

export const audienceOf = (context: { extension?: unknown; moduleKey?: unknown }): Audience | null => {
  const extension = context.extension as { type?: unknown } | undefined;
  const type = typeof extension?.type === 'string' ? extension.type : '';
  const key = typeof context.moduleKey === 'string' ? context.moduleKey : '';
  return BY_EXTENSION_TYPE[type] ?? BY_MODULE_KEY[key] ?? null;
};

/** `undefined` while the context loads; `null` when the page is none of the three modules. */
export const useAudience = (): Audience | null | undefined => {
  const context = useProductContext();
  return context === undefined ? undefined : audienceOf(context);
};
