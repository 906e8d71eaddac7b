/**
 * findings/list, person/card and findings/export-csv. Payloads are strict (unknown keys rejected) and carry
 * no caller identity or scope: who asks, and for which desk or space, comes from the Forge context. The
 * filter fields only narrow; the resolver intersects them with the scope the context authorises.
 */
import { z } from 'zod';
import {
  AccountSchema,
  EmailKeySchema,
  EpochMsSchema,
  FindingCodeSchema,
  FindingSchema,
  IdSchema,
  SeveritySchema,
  SpaceKeySchema,
} from './model';

/** Opaque continuation token minted by the server (never a Custom Entity Store cursor kept across calls). */
export const CursorSchema = z.string().min(1).max(1024);
/** Custom Entity Store queries return at most 100 rows per page. */
export const PageLimitSchema = z.number().int().min(1).max(100);

export const FindingFilterSchema = z.strictObject({
  codes: z.array(FindingCodeSchema).max(11).optional(),
  severities: z.array(SeveritySchema).max(4).optional(),
  /** Narrow to these desks (service desk ids); ignored outside the caller's authorised scope. */
  deskIds: z.array(IdSchema).max(50).optional(),
  /** Narrow to these spaces; ignored outside the caller's authorised scope. */
  spaceKeys: z.array(SpaceKeySchema).max(50).optional(),
  /**
   * Search text: part of an email or a name. Each word is a case-insensitive prefix of an email, its local
   * part or domain (or a `.`/`_`/`-`/`+` piece of the local part), or a display-name word.
   */
  search: z.string().trim().min(1).max(320).optional(),
});

export const FindingsListPayloadSchema = z.strictObject({
  filter: FindingFilterSchema.optional(),
  cursor: CursorSchema.optional(),
  limit: PageLimitSchema.default(25),
});

export const FindingListItemSchema = FindingSchema.extend({
  detectedAt: EpochMsSchema,
  updatedAt: EpochMsSchema,
  /**
   * The display name of the person the finding is about (from the app's stored snapshot), shown before the
   * email; null for a space finding or when every account of the person hides its name.
   */
  subjectName: z.string().min(1).max(255).nullable(),
});

export const FindingsListResponseSchema = z.strictObject({
  items: z.array(FindingListItemSchema),
  cursor: CursorSchema.nullable(),
  /**
   * Stored findings matching the filter within the caller's scope, counted by the same store query as the
   * page at the time of this call (so every page of one listing may see a different total if a scan writes
   * in between). Counting stops at 500: then `totalIsLowerBound` is true and there are more.
   */
  total: z.number().int().nonnegative(),
  totalIsLowerBound: z.boolean(),
  /** The search matched more than 50 people: only the first 50 (in word order) are listed; type more. */
  searchIsPartial: z.boolean(),
});

export const PersonCardPayloadSchema = z.strictObject({ emailKey: EmailKeySchema });

export const PersonCardResponseSchema = z.strictObject({
  emailKey: EmailKeySchema,
  accounts: z.array(AccountSchema),
  findings: z.array(FindingListItemSchema),
  evaluatedAt: EpochMsSchema.nullable(),
});

export const FindingsExportPayloadSchema = z.strictObject({ filter: FindingFilterSchema.optional() });

/** Resolver responses are capped at 5 MB by Forge; the export stops short of that and says so. */
export const FindingsExportResponseSchema = z.strictObject({
  filename: z.string().regex(/^[A-Za-z0-9._-]{1,100}\.csv$/),
  csv: z.string().max(4_500_000),
  rowCount: z.number().int().nonnegative(),
  truncated: z.boolean(),
});
