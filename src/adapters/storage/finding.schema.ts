/**
 * Custom Entity Store entities `finding` (one open finding, indexed by code / severity / email) and
 * `finding-scope` (one row per desk or space a finding touches, so a project or space admin pages through
 * only theirs). Indexed attributes are denormalised copies of the embedded finding; the refinements keep
 * them equal, so an index can never point at a row whose body says otherwise.
 */
import { z } from 'zod';
import {
  EmailKeySchema,
  EpochMsSchema,
  FindingCodeSchema,
  FindingSchema,
  IdSchema,
  SeveritySchema,
  SpaceKeySchema,
} from '../../contracts';

export const FINDING_ENTITY = 'finding';
export const FINDING_SCOPE_ENTITY = 'finding-scope';

/** Site-setting findings (subject `space`) have no person: their email key attribute is empty. */
const IndexedEmailKeySchema = z.union([EmailKeySchema, z.literal('')]);

export const FindingRecordSchema = z
  .object({
    schemaVersion: z.literal(1),
    findingId: IdSchema,
    code: FindingCodeSchema,
    severity: SeveritySchema,
    subjectType: z.enum(['person', 'space']),
    emailKey: IndexedEmailKeySchema,
    detectedAt: EpochMsSchema,
    updatedAt: EpochMsSchema,
    finding: FindingSchema,
  })
  .superRefine((record, ctx) => {
    const { finding } = record;
    const expectedEmail = finding.subject.type === 'person' ? finding.subject.emailKey : '';
    const mismatch =
      finding.id !== record.findingId ||
      finding.code !== record.code ||
      finding.severity !== record.severity ||
      finding.subject.type !== record.subjectType ||
      expectedEmail !== record.emailKey;
    if (mismatch)
      ctx.addIssue({
        code: 'custom',
        message: 'indexed attributes differ from the finding',
        path: ['finding'],
      });
    if (record.updatedAt < record.detectedAt) {
      ctx.addIssue({ code: 'custom', message: 'updatedAt before detectedAt', path: ['updatedAt'] });
    }
  });
export type FindingRecord = z.output<typeof FindingRecordSchema>;

export const FindingScopeRecordSchema = z
  .object({
    schemaVersion: z.literal(1),
    findingId: IdSchema,
    scopeType: z.enum(['desk', 'space']),
    /** A service desk id, or a space key. */
    scopeId: z.string().min(1).max(255),
    code: FindingCodeSchema,
    severity: SeveritySchema,
    emailKey: IndexedEmailKeySchema,
    updatedAt: EpochMsSchema,
  })
  .superRefine((record, ctx) => {
    const valid =
      record.scopeType === 'desk'
        ? IdSchema.safeParse(record.scopeId)
        : SpaceKeySchema.safeParse(record.scopeId);
    if (!valid.success)
      ctx.addIssue({ code: 'custom', message: `not a ${record.scopeType} id`, path: ['scopeId'] });
  });
export type FindingScopeRecord = z.output<typeof FindingScopeRecordSchema>;

/** KVS key `finding-subject:<subjectKey>`: the findings stored for one subject (replaced as a whole). */
export const FindingSubjectRecordSchema = z.object({
  schemaVersion: z.literal(1),
  subjectKey: z.string().min(1).max(400),
  findingIds: z.array(IdSchema).max(100),
  /** The desks and spaces those findings touch (their finding-scope rows). */
  scopes: z.array(z.object({ scopeType: z.enum(['desk', 'space']), scopeId: z.string().min(1).max(255) })),
});
