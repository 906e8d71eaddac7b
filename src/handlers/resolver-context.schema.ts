/**
 * The Forge context of a resolver call (`req.context`, platform-supplied): the only source of who is asking
 * and for which project or space (forge-platform.md §5.1). Payloads never carry identity or scope.
 * The panel is told apart by `moduleKey` (our own manifest keys); the project or space by `extension`.
 */
import { z } from 'zod';
import { AccountIdSchema, IdLikeSchema, SpaceKeySchema } from '../contracts';
import { err, ok, type Result } from '../core/result';
import type { DomainError } from '../core/errors';
import { guarded, issuesOf } from './parse';

/** Manifest module key → what the panel is about. Kept equal to manifest.yml by the manifest contract test. */
export const PANEL_MODULES = {
  'identity-reconciler-project-settings': 'project',
  'identity-reconciler-space-settings': 'space',
  'identity-reconciler-admin': 'site',
} as const;
export type PanelModuleKey = keyof typeof PANEL_MODULES;

export const ResolverContextSchema = guarded(
  z.object({
    accountId: AccountIdSchema.optional(),
    cloudId: z.string().min(1).max(64).optional(),
    moduleKey: z.string().min(1).max(255),
    extension: z
      .object({
        type: z.string().max(255).optional(),
        project: z.object({ id: IdLikeSchema, key: z.string().min(1).max(255) }).optional(),
        space: z.object({ id: IdLikeSchema.optional(), key: SpaceKeySchema }).optional(),
      })
      .optional(),
  }),
);

export type CallerScope =
  | { readonly type: 'site' }
  | { readonly type: 'project'; readonly projectId: string; readonly projectKey: string }
  | { readonly type: 'space'; readonly spaceId: string | null; readonly spaceKey: string };

export interface Caller {
  readonly accountId: string;
  readonly cloudId: string | null;
  readonly moduleKey: PanelModuleKey;
  readonly scope: CallerScope;
}

type CallerError = Extract<
  DomainError,
  { code: 'INPUT.INVALID' | 'AUTH.UNAUTHENTICATED' | 'AUTH.FORBIDDEN' }
>;

const isPanelModule = (key: string): key is PanelModuleKey => Object.hasOwn(PANEL_MODULES, key);

/** Who is calling, from where. Anonymous callers and unknown modules are refused before any work. */
export const callerFrom = (context: unknown): Result<Caller, CallerError> => {
  const parsed = ResolverContextSchema.safeParse(context);
  if (!parsed.success) {
    return err({
      code: 'INPUT.INVALID',
      message: 'resolver context is invalid',
      issues: issuesOf(parsed.error),
    });
  }
  const { accountId, cloudId, moduleKey, extension } = parsed.data;
  if (accountId === undefined)
    return err({ code: 'AUTH.UNAUTHENTICATED', message: 'Sign in to use this app.' });
  if (!isPanelModule(moduleKey)) {
    return err({
      code: 'AUTH.FORBIDDEN',
      message: 'This module cannot call the app.',
      required: 'known module',
    });
  }
  const base = { accountId, cloudId: cloudId ?? null, moduleKey };
  switch (PANEL_MODULES[moduleKey]) {
    case 'site':
      return ok({ ...base, scope: { type: 'site' } });
    case 'project':
      return extension?.project
        ? ok({
            ...base,
            scope: { type: 'project', projectId: extension.project.id, projectKey: extension.project.key },
          })
        : err({ code: 'INPUT.INVALID', message: 'project settings call without a project in its context' });
    case 'space':
      return extension?.space
        ? ok({
            ...base,
            scope: { type: 'space', spaceId: extension.space.id ?? null, spaceKey: extension.space.key },
          })
        : err({ code: 'INPUT.INVALID', message: 'space settings call without a space in its context' });
  }
};
