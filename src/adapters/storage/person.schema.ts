/**
 * Custom Entity Store entity `person` (manifest app.storage.entities): one person per email key, with the
 * accounts and memberships last observed and the findings they produced. Parsed on every read (rule 15).
 * Top-level keys equal the entity's declared attributes (checked by the manifest contract test).
 */
import { z } from 'zod';
import { SEVERITIES } from '../../core/model';
import { AccountSchema, EmailKeySchema, EpochMsSchema, IdSchema, SpaceKeySchema } from '../../contracts';

export const PERSON_ENTITY = 'person';

export const PersonRecordSchema = z.object({
  schemaVersion: z.literal(1),
  emailKey: EmailKeySchema,
  accounts: z.array(AccountSchema),
  deskIds: z.array(IdSchema),
  spaceKeys: z.array(SpaceKeySchema),
  findingIds: z.array(IdSchema),
  /** `none` when the person has no open finding (still indexed, so clean persons are countable). */
  worstSeverity: z.enum([...SEVERITIES, 'none']),
  evaluatedAt: EpochMsSchema,
  /**
   * The words the person is found by (core/model/search.ts), each stored as a `person-word` row keyed by its
   * position here, so the next write knows which rows to delete. Rows written before search existed: [].
   */
  searchWords: z.array(z.string().min(1).max(100)).max(40).default([]),
});
export type PersonRecord = z.output<typeof PersonRecordSchema>;

export const PERSON_WORD_ENTITY = 'person-word';

/**
 * Custom Entity Store entity `person-word`: one search word of one person. Index `by-word` (range `word`)
 * answers "persons with a word starting with …" through a `beginsWith` range condition.
 */
export const PersonWordRecordSchema = z.object({
  schemaVersion: z.literal(1),
  word: z.string().min(1).max(100),
  personKey: EmailKeySchema,
});

/** KVS key `person-of:<accountId>`: the person an account belonged to when last seen (joins events to persons). */
export const AccountPersonRecordSchema = z.object({
  schemaVersion: z.literal(1),
  accountId: z.string().min(1).max(128),
  personKey: EmailKeySchema,
});
