/**
 * directory: names for the desk ids, space keys and group ids the panels show, from the site snapshot the
 * last scan stored (no REST call). Only what the caller may see: a project admin gets their desks, a space
 * admin their space, a site admin everything; scoped admins get the groups their scope's fixes name.
 */
import { z } from 'zod';
import { EpochMsSchema, IdSchema, SpaceKeySchema } from './model';

const NameSchema = z.string().min(1).max(255);

export const DirectoryResponseSchema = z.strictObject({
  desks: z.array(z.strictObject({ id: IdSchema, name: NameSchema, projectKey: NameSchema })).max(5000),
  spaces: z.array(z.strictObject({ key: SpaceKeySchema, name: NameSchema })).max(5000),
  groups: z.array(z.strictObject({ id: IdSchema, name: NameSchema })).max(5000),
  /** When the snapshot was taken; null before the first scan (then every list is empty). */
  asOf: EpochMsSchema.nullable(),
});
