/**
 * Conditions of the Custom Entity Store wire format (@forge/kvs 1.6.5 `conditions.js`): `where` ranges on an
 * index's range attribute, `filters` / transaction `conditions` as `{and: [...]}` or `{or: [...]}` of
 * `{property, condition, values}`.
 */
import { z } from 'zod';
import { KvsWireError } from './kvs-errors';

export const CONDITIONS = [
  'BEGINS_WITH',
  'BETWEEN',
  'CONTAINS',
  'EQUAL_TO',
  'EXISTS',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
  'NOT_CONTAINS',
  'NOT_EQUAL_TO',
  'NOT_EXISTS',
] as const;
export const WHERE_CONDITIONS = [
  'BEGINS_WITH',
  'BETWEEN',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
] as const;

export const rangeSchema = z.object({ condition: z.enum(WHERE_CONDITIONS), values: z.array(z.unknown()) });
export type RangeCondition = z.infer<typeof rangeSchema>;
export const filterItemSchema = z.object({
  property: z.string().min(1),
  condition: z.enum(CONDITIONS),
  values: z.array(z.unknown()),
});
export type FilterItem = z.infer<typeof filterItemSchema>;
export const filtersSchema = z.object({
  and: z.array(filterItemSchema).optional(),
  or: z.array(filterItemSchema).optional(),
});
export type Filters = z.infer<typeof filtersSchema>;

type Comparable = string | number;
const comparable = (v: unknown): v is Comparable => typeof v === 'string' || typeof v === 'number';

function compare(a: Comparable, b: Comparable): number | undefined {
  if (typeof a !== typeof b) return undefined;
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Evaluates one condition against an attribute value (`undefined` = attribute absent). */
export function matches(value: unknown, condition: (typeof CONDITIONS)[number], values: unknown[]): boolean {
  const [first, second] = values;
  if (condition === 'BETWEEN' && values.length < 2) {
    throw new KvsWireError(
      400,
      'INSUFFICIENT_FILTER_VALUES',
      'The specified condition needs at least two values.',
    );
  }
  if (condition !== 'EXISTS' && condition !== 'NOT_EXISTS' && values.length < 1) {
    throw new KvsWireError(400, 'INSUFFICIENT_FILTER_VALUES', `Condition ${condition} needs a value.`);
  }
  switch (condition) {
    case 'EXISTS':
      return value !== undefined;
    case 'NOT_EXISTS':
      return value === undefined;
    case 'EQUAL_TO':
      return value !== undefined && value === first;
    case 'NOT_EQUAL_TO':
      return value !== first;
    case 'BEGINS_WITH':
      return typeof value === 'string' && typeof first === 'string' && value.startsWith(first);
    case 'CONTAINS':
      return (
        (typeof value === 'string' && typeof first === 'string' && value.includes(first)) ||
        (Array.isArray(value) && value.includes(first))
      );
    case 'NOT_CONTAINS':
      return !(
        (typeof value === 'string' && typeof first === 'string' && value.includes(first)) ||
        (Array.isArray(value) && value.includes(first))
      );
    case 'BETWEEN': {
      if (!comparable(value) || !comparable(first) || !comparable(second)) return false;
      const low = compare(value, first);
      const high = compare(value, second);
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
    case 'GREATER_THAN':
    case 'GREATER_THAN_EQUAL_TO':
    case 'LESS_THAN':
    case 'LESS_THAN_EQUAL_TO': {
      if (!comparable(value) || !comparable(first)) return false;
      const c = compare(value, first);
      if (c === undefined) return false;
      if (condition === 'GREATER_THAN') return c > 0;
      if (condition === 'GREATER_THAN_EQUAL_TO') return c >= 0;
      if (condition === 'LESS_THAN') return c < 0;
      return c <= 0;
    }
  }
}

/** Validates the `{and}|{or}` envelope the way the documented CES errors describe. */
export function filterList(filters: Filters): { op: 'and' | 'or'; items: FilterItem[] } {
  if (filters.and !== undefined && filters.or !== undefined) {
    throw new KvsWireError(
      400,
      'INVALID_FILTER_OPERATORS_COMBINATION',
      'Filter operators "and" and "or" cannot be present at the same level.',
    );
  }
  const op = filters.and !== undefined ? 'and' : 'or';
  const items = filters.and ?? filters.or ?? [];
  if (items.length === 0)
    throw new KvsWireError(400, 'EMPTY_FILTER_OPERATOR', 'Filter operators "and" and "or" cannot be empty.');
  if (items.length > 100)
    throw new KvsWireError(400, 'TOO_MANY_CONDITIONS', 'A query accepts at most 100 conditions.');
  return { op, items };
}

export function matchesFilters(record: Record<string, unknown> | undefined, filters: Filters): boolean {
  const { op, items } = filterList(filters);
  const test = (f: FilterItem): boolean => matches(record?.[f.property], f.condition, f.values);
  return op === 'and' ? items.every(test) : items.some(test);
}
