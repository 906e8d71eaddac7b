/**
 * Custom Entity Store `integer` attributes are 32-bit, so an epoch-millisecond time does not fit. The
 * indexed time attributes are stored as epoch **seconds** (safe until 2038; see the report's manifest note:
 * declaring them `float` would keep milliseconds) and turned back into milliseconds on read, exactly from the
 * embedded body where it carries the time (audit `entry.at`, plan `plan.createdAt`), otherwise × 1000.
 * The record schemas keep describing the logical, millisecond record.
 */
const TIME_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  person: ['evaluatedAt'],
  finding: ['detectedAt', 'updatedAt'],
  'finding-scope': ['updatedAt'],
  plan: ['createdAt'],
  audit: ['at'],
};

export const toSeconds = (ms: number): number => Math.floor(ms / 1000);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const toStoredEntity = <T>(entity: string, value: T): T => {
  const attributes = TIME_ATTRIBUTES[entity];
  if (attributes === undefined || !isRecord(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const name of attributes) {
    const v = out[name];
    if (typeof v === 'number') out[name] = toSeconds(v);
  }
  return out as T;
};

export const fromStoredEntity = (entity: string, value: unknown): unknown => {
  const attributes = TIME_ATTRIBUTES[entity];
  if (attributes === undefined || !isRecord(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const name of attributes) {
    const v = out[name];
    if (typeof v === 'number') out[name] = v * 1000;
  }
  const entry = out['entry'];
  if (entity === 'audit' && isRecord(entry) && typeof entry['at'] === 'number') out['at'] = entry['at'];
  const plan = out['plan'];
  if (entity === 'plan' && isRecord(plan) && typeof plan['createdAt'] === 'number')
    out['createdAt'] = plan['createdAt'];
  return out;
};
