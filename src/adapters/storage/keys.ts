/**
 * Every KVS key and Custom Entity Store key the app writes, built here and nowhere else (style.md rule 15).
 * KVS keys accept only `[A-Za-z0-9:._\s-#]`: any part that may hold other characters (emails, ids with `@`
 * or `+`) is encoded with {@link keyPart}, which is injective, so two raw values never share a key.
 */
const SAFE = /^[A-Za-z0-9:._-]{1,200}$/;

/** A raw value as a key segment: kept when already safe, otherwise `b64.` + base64url of its UTF-8. */
export const keyPart = (raw: string): string =>
  SAFE.test(raw) && !raw.startsWith('b64.') ? raw : `b64.${Buffer.from(raw, 'utf8').toString('base64url')}`;

export const KEYS = {
  policy: 'policy',
  siteSnapshot: 'site:snapshot',
  pointsBudget: 'budget:points',
  /** Head of the scan cursor; the revisions after it are claimed with FAIL_IF_EXISTS (compare-and-set). */
  scanCursorHead: 'scan:cursor',
  scanCursorRevision: (revision: number): string => `scan:rev:${String(revision).padStart(12, '0')}`,
  watermarkPrefix: 'watch:',
  watermark: (source: string): string => `watch:${keyPart(source)}`,
  accountPerson: (accountId: string): string => `person-of:${keyPart(accountId)}`,
  findingSubjectPrefix: 'finding-subject:',
  findingSubject: (subjectKey: string): string => `finding-subject:${keyPart(subjectKey)}`,
  planApplication: (planId: string): string => `plan-application:${keyPart(planId)}`,
  undoClaim: (auditId: string): string => `undo-claim:${keyPart(auditId)}`,
  workingSetPrefix: (scanId: string): string => `ws:${keyPart(scanId)}:`,
  workingSetFactsPrefix: (scanId: string): string => `ws:${keyPart(scanId)}:f:`,
  workingSetFacts: (scanId: string, accountId: string): string =>
    `ws:${keyPart(scanId)}:f:${keyPart(accountId)}`,
  workingSetAssignmentPrefix: (scanId: string): string => `ws:${keyPart(scanId)}:a:`,
  workingSetAssignment: (scanId: string, accountId: string): string =>
    `ws:${keyPart(scanId)}:a:${keyPart(accountId)}`,
  jobDedupe: (dedupeKey: string): string => `dedupe:${keyPart(dedupeKey)}`,
  guestSpaceOf: (accountId: string): string => `guest-space:of:${keyPart(accountId)}`,
  guestSpaceChangedPrefix: 'guest-space:changed:',
  guestSpaceChanged: (spaceKey: string): string => `guest-space:changed:${keyPart(spaceKey)}`,
  guestSpaceBuilt: 'guest-space:built',
} as const;

/** Custom Entity Store entity keys. */
export const ENTITY_KEYS = {
  person: (personKey: string): string => keyPart(personKey),
  /** The `index`-th search word of a person (positions are rewritten in place, extra ones deleted). */
  personWord: (personKey: string, index: number): string => `${keyPart(personKey)}#w${index}`,
  finding: (findingId: string): string => keyPart(findingId),
  findingScope: (scopeType: 'desk' | 'space', scopeId: string, findingId: string): string =>
    `${scopeType}:${keyPart(scopeId)}:${keyPart(findingId)}`,
  plan: (planId: string): string => keyPart(planId),
  audit: (auditId: string): string => keyPart(auditId),
} as const;
