/**
 * The second argument of every Forge function that is not a resolver (product trigger, scheduled trigger,
 * queue consumer): Forge's "Function Arguments" page, section "Context Schema" — "Context is the same for all
 * modules": `{ installContext, principal?, license?, installation?, workspaceId? }`. It carries no `cloudId`
 * and no `moduleKey`; the site is named by `installContext`, the ARI of the installation's context, which for
 * a Jira or Confluence site is `ari:cloud:<product>::site/<cloudId>` (the scheduled-trigger page's context
 * example: `installContext: 'ari:cloud:jira::site/4f27…'`).
 */
import { z } from 'zod';
import { guarded } from './parse';

export const CloudIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'not a cloud id');

const SITE_ARI = /^ari:cloud:(?:jira|confluence|compass)::site\/([^/\s]+)$/;

/** The installation's site ARI; the cloud id is its last segment. */
export const InstallContextSchema = z
  .string()
  .max(256)
  .regex(SITE_ARI, 'not a site ARI (ari:cloud:<product>::site/<cloudId>)')
  .transform((ari) => ari.replace(SITE_ARI, '$1'))
  .pipe(CloudIdSchema);

export const FunctionContextSchema = guarded(
  z.object({
    installContext: InstallContextSchema,
    principal: z.object({ accountId: z.string().min(1).max(128) }).optional(),
    workspaceId: z.string().max(256).optional(),
  }),
);
