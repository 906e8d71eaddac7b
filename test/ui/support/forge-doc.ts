/** Queries over the forgeDoc the real @forge/react reconciler sends with `callBridge('reconcile', …)`. */
export interface DocNode {
  readonly type: string;
  readonly key?: string;
  readonly props?: Record<string, unknown>;
  readonly children: readonly DocNode[];
}

export const all = (node: DocNode, match: (n: DocNode) => boolean): DocNode[] => {
  const out: DocNode[] = [];
  const walk = (n: DocNode): void => {
    if (match(n)) out.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
};

export const byType = (node: DocNode, type: string): DocNode[] => all(node, (n) => n.type === type);

/** All text under a node (String nodes), joined. */
export const textOf = (node: DocNode): string =>
  node.type === 'String'
    ? typeof node.props?.text === 'string'
      ? node.props.text
      : ''
    : node.children.map(textOf).join('');

export const hasText = (node: DocNode, text: string): boolean => textOf(node).includes(text);

export const byText = (node: DocNode, type: string, text: string): DocNode[] =>
  byType(node, type).filter((n) => textOf(n).includes(text));

/** The single node of `type` whose text equals `label` (or contains it); fails listing what is there. */
export const theOne = (node: DocNode, type: string, label: string): DocNode => {
  const nodes = byType(node, type);
  const exact = nodes.filter((n) => textOf(n).trim() === label);
  const found = exact.length ? exact : nodes.filter((n) => textOf(n).includes(label));
  if (found.length !== 1) {
    throw new Error(
      `expected one ${type} '${label}', found ${found.length}; ${type}s: ${nodes.map((n) => `'${textOf(n)}'`).join(', ')}`,
    );
  }
  return found[0] as DocNode;
};

export const button = (node: DocNode, label: string): DocNode => theOne(node, 'Button', label);

export const prop = <T = unknown>(node: DocNode, name: string): T => node.props?.[name] as T;
