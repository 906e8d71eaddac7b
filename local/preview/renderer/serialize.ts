/**
 * The boundary between the app's realm and the renderer, kept as strict as Forge's: the renderer never sees
 * the app's live forgeDoc (which @forge/react mutates in place) nor its functions. Each `reconcile` is copied
 * into plain data; a function prop becomes `{__forgeFunction__: id}` (its `__id__` from @forge/react), kept in
 * a table, and DOM events call it back with plain, serialisable arguments.
 */

export interface DocNode {
  type: string;
  key: string;
  props: Record<string, unknown>;
  children: DocNode[];
}

export const FN = '__forgeFunction__';
export const ELEMENT = '__forgeElement__';

type AnyFn = (...args: unknown[]) => unknown;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

let counter = 0;

export class FunctionTable {
  private current = new Map<string, AnyFn>();
  private previous = new Map<string, AnyFn>();

  /** A new render generation: functions of the one before stay callable (events in flight). */
  begin(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  register(fn: AnyFn): { [FN]: string } {
    const tagged = fn as AnyFn & { __id__?: string };
    const id = tagged.__id__ ?? `local-${++counter}`;
    this.current.set(id, fn);
    return { [FN]: id };
  }

  call(id: string, args: unknown[]): unknown {
    const fn = this.current.get(id) ?? this.previous.get(id);
    if (!fn) throw new Error(`function ${id} is no longer part of the rendered tree`);
    return fn(...args);
  }
}

const isReactElement = (v: Record<string, unknown>): boolean =>
  typeof v.$$typeof === 'symbol' && 'props' in v;

/** React children inside a prop (e.g. EmptyState primaryAction) → forgeDoc-like nodes. */
function elementChildren(children: unknown, table: FunctionTable, path: string): DocNode[] {
  const out: DocNode[] = [];
  const visit = (c: unknown, i: number): void => {
    if (c === null || c === undefined || typeof c === 'boolean') return;
    if (Array.isArray(c)) return c.forEach((x, j) => visit(x, i * 100 + j));
    if (typeof c === 'string' || typeof c === 'number')
      return void out.push({ type: 'String', key: `${path}.${i}`, props: { text: String(c) }, children: [] });
    if (isRecord(c) && isReactElement(c)) return void out.push(elementNode(c, table, `${path}.${i}`));
  };
  visit(children, 0);
  return out;
}

function elementNode(el: Record<string, unknown>, table: FunctionTable, path: string): DocNode {
  const props: Record<string, unknown> = isRecord(el.props) ? el.props : {};
  const { children, ...rest } = props;
  const type =
    typeof el.type === 'string'
      ? el.type
      : `component:${(el.type as { name?: string } | undefined)?.name ?? 'anonymous'}`;
  return {
    type,
    key: typeof el.key === 'string' ? el.key : path,
    props: cloneProps(rest, table, path),
    children: elementChildren(children, table, path),
  };
}

function cloneValue(v: unknown, table: FunctionTable, path: string, depth: number): unknown {
  if (depth > 40) return undefined;
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'function') return table.register(v as AnyFn);
  if (Array.isArray(v)) return v.map((x, i) => cloneValue(x, table, `${path}.${i}`, depth + 1));
  if (v instanceof Date) return v.toISOString();
  if (isRecord(v)) {
    if (isReactElement(v)) return { [ELEMENT]: elementNode(v, table, path) };
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const c = cloneValue(x, table, `${path}.${k}`, depth + 1);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return undefined; // symbols, bigint, undefined: not transferable
}

function cloneProps(
  props: Record<string, unknown>,
  table: FunctionTable,
  path: string,
): Record<string, unknown> {
  return cloneValue(props, table, path, 0) as Record<string, unknown>;
}

/** Copy the app's forgeDoc into plain data, registering its functions. */
export function snapshotDoc(raw: unknown, table: FunctionTable): DocNode {
  const visit = (n: unknown, path: string): DocNode => {
    const node = isRecord(n) ? n : {};
    const type = typeof node.type === 'string' ? node.type : 'Unknown';
    const key = typeof node.key === 'string' ? node.key : path;
    const props = isRecord(node.props) ? cloneProps(node.props, table, key) : {};
    const children = Array.isArray(node.children)
      ? node.children.map((c: unknown, i: number) => visit(c, `${path}.${i}`))
      : [];
    return { type, key, props, children };
  };
  return visit(raw, 'root');
}

const targetShape = (t: unknown): Record<string, unknown> | undefined => {
  if (!isRecord(t)) return undefined;
  const el = t as Partial<HTMLInputElement>;
  const out: Record<string, unknown> = {};
  for (const k of ['value', 'checked', 'name', 'id', 'type', 'tagName'] as const)
    if (el[k] !== undefined && el[k] !== null) out[k] = el[k];
  return out;
};

const noop = (): void => undefined;

/**
 * Arguments for a callback, as plain data: DOM/React events become `{type, target{value, checked, name, id}}`
 * (with no-op preventDefault/stopPropagation so ordinary handlers run), DOM nodes and functions are dropped.
 */
export function sanitizeArgs(args: unknown[]): unknown[] {
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
    if (depth > 8) return undefined;
    if (typeof Node !== 'undefined' && v instanceof Node) return undefined;
    const r = v as Record<string, unknown>;
    if ((typeof Event !== 'undefined' && v instanceof Event) || ('nativeEvent' in r && 'target' in r)) {
      return {
        type: r.type,
        target: targetShape(r.target),
        currentTarget: targetShape(r.currentTarget),
        ...(typeof r.key === 'string' ? { key: r.key } : {}),
        preventDefault: noop,
        stopPropagation: noop,
        persist: noop,
      };
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(r)) {
      const c = walk(x, depth + 1);
      if (c !== undefined) out[k] = c;
    }
    return out;
  };
  return args.map((a) => walk(a, 0));
}
