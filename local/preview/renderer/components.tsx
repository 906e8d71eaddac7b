/**
 * forgeDoc → Atlassian Design System. Each UI Kit type maps to the ADS component Atlassian's own renderer uses
 * (installed under node_modules/@atlaskit); forgeDoc props mirror ADS props, so most pass through. Where no ADS
 * package is installed (Checkbox, EmptyState, charts, Code, flags) the component is composed from ADS
 * primitives and tokens and docs/preview.md says so. Unknown types render a visible "unsupported" box.
 */
import React, { useEffect, useState, type ReactNode } from 'react';
import Avatar from '@atlaskit/avatar';
import Badge from '@atlaskit/badge';
import Breadcrumbs, { BreadcrumbsItem } from '@atlaskit/breadcrumbs';
import Button, { LinkButton } from '@atlaskit/button/new';
import ButtonGroup from '@atlaskit/button/button-group';
import DynamicTable from '@atlaskit/dynamic-table';
import {
  ErrorMessage,
  FormFooter,
  FormHeader,
  FormSection,
  HelperMessage,
  Label,
  RequiredAsterisk,
  ValidMessage,
} from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Link from '@atlaskit/link';
import Lozenge from '@atlaskit/lozenge';
import ModalDialog, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import Pagination from '@atlaskit/pagination';
import { Bleed, Box, Inline, Pressable, Stack, Text, xcss } from '@atlaskit/primitives';
import ProgressBar from '@atlaskit/progress-bar';
import { Radio, RadioGroup } from '@atlaskit/radio';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import SimpleTag from '@atlaskit/tag/simple-tag';
import TagGroup from '@atlaskit/tag-group';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import Tooltip from '@atlaskit/tooltip';
import { BarChart, LineChart, PieChart } from './charts';
import { ELEMENT, FN, type DocNode } from './serialize';

export interface RenderEnv {
  /** Calls an app function (by forgeDoc function id) with plain arguments. */
  call(id: string, args: unknown[]): void;
  /** Reports a navigation the app asked for (Link clicks). */
  navigate(url: string, newTab: boolean): void;
  /** Account id → display name, read from the site. */
  userName(accountId: string): Promise<string>;
}

type Props = Record<string, unknown>;
type Mapper = (node: DocNode, props: Props, children: ReactNode, env: RenderEnv) => ReactNode;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
// ADS components have precise prop types; forgeDoc props are data whose shape @forge/react already typed.
const cast = (p: unknown): never => p as never;
const spread = (p: unknown): Record<string, never> => p as Record<string, never>;
/** A prop as text: strings and numbers as they are, anything else (objects, functions) as the fallback. */
const str = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : fallback;

/** Turns snapshot props back into live ones: function refs call into the app, element refs render. */
export function liveProps(props: Props, env: RenderEnv): Props {
  const live = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(live);
    if (!isRecord(v)) return v;
    if (typeof v[FN] === 'string') {
      const id = v[FN];
      return (...args: unknown[]) => env.call(id, args);
    }
    if (isRecord(v[ELEMENT])) return renderNode(v[ELEMENT] as unknown as DocNode, env);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, live(x)]));
  };
  return live(props) as Props;
}

const pick = (p: Props, keys: readonly string[]): Props => {
  const out: Props = {};
  for (const k of keys) if (p[k] !== undefined) out[k] = p[k];
  return out;
};
const omit = (p: Props, keys: readonly string[]): Props =>
  Object.fromEntries(Object.entries(p).filter(([k]) => !keys.includes(k)));

/** Forge's xcss() returns the style object itself; ADS primitives want theirs. */
const withXcss = (p: Props): Props => {
  if (!isRecord(p.xcss)) return omit(p, ['xcss']);
  try {
    return { ...p, xcss: xcss(cast(p.xcss)) };
  } catch {
    return omit(p, ['xcss']);
  }
};

const textOf = (node: DocNode): string =>
  node.type === 'String' ? str(node.props.text) : node.children.map(textOf).join('');

/** Inputs keep a local value so typing is instant; the app's value wins whenever it changes. */
function useMirror<T>(value: T | undefined, fallback: T): [T, (v: T) => void] {
  const [local, setLocal] = useState<T>(value ?? fallback);
  useEffect(() => {
    if (value !== undefined) setLocal(value);
  }, [value]);
  return [local, setLocal];
}

const MirroredTextfield = ({ p, area }: { p: Props; area: boolean }): React.JSX.Element => {
  const controlled = p.value !== undefined;
  const [value, setValue] = useMirror<string>(controlled ? String(p.value) : undefined, '');
  const onChange = (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>): void => {
    if (controlled) setValue(e.target.value);
    (p.onChange as ((e: unknown) => void) | undefined)?.(e);
  };
  const common = { ...omit(p, ['value', 'onChange']), ...(controlled ? { value } : {}), onChange };
  return area ? <TextArea {...spread(common)} /> : <Textfield {...spread(common)} />;
};

const MirroredToggle = ({ p }: { p: Props }): React.JSX.Element => {
  const controlled = p.isChecked !== undefined;
  const [checked, setChecked] = useMirror<boolean>(controlled ? Boolean(p.isChecked) : undefined, false);
  return (
    <Toggle
      {...spread(omit(p, ['isChecked', 'onChange']))}
      {...(controlled ? { isChecked: checked } : {})}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
        if (controlled) setChecked(e.target.checked);
        (p.onChange as ((e: unknown) => void) | undefined)?.(e);
      }}
    />
  );
};

/** No @atlaskit/checkbox is installed: a native checkbox drawn with ADS tokens. */
const CheckboxView = ({ p, label }: { p: Props; label: ReactNode }): React.JSX.Element => {
  const controlled = p.isChecked !== undefined;
  const [checked, setChecked] = useMirror<boolean>(
    controlled ? Boolean(p.isChecked) : undefined,
    Boolean(p.defaultChecked),
  );
  return (
    <label className="fp-checkbox" data-testid={typeof p.testId === 'string' ? p.testId : undefined}>
      <input
        type="checkbox"
        id={typeof p.id === 'string' ? p.id : undefined}
        name={typeof p.name === 'string' ? p.name : undefined}
        value={typeof p.value === 'string' || typeof p.value === 'number' ? p.value : undefined}
        checked={checked}
        disabled={p.isDisabled === true}
        required={p.isRequired === true}
        aria-invalid={p.isInvalid === true || undefined}
        onChange={(e) => {
          setChecked(e.target.checked);
          (p.onChange as ((e: unknown) => void) | undefined)?.(e);
        }}
      />
      <span>{label}</span>
      {p.isRequired === true && <RequiredAsterisk />}
    </label>
  );
};

/** CheckboxGroup: checkboxes sharing a name; onChange gets the checked values (kept locally when uncontrolled). */
const CheckboxGroupView = ({ p }: { p: Props }): React.JSX.Element => {
  const options = Array.isArray(p.options) ? (p.options as { label: string; value: string }[]) : [];
  const controlled = Array.isArray(p.value) ? (p.value as string[]) : undefined;
  const initial = Array.isArray(p.defaultValue) ? (p.defaultValue as string[]) : [];
  const [values, setValues] = useMirror<string[]>(controlled, initial);
  return (
    <Stack space="space.050">
      {options.map((o) => (
        <CheckboxView
          key={o.value}
          label={o.label}
          p={{
            name: p.name,
            value: o.value,
            isDisabled: p.isDisabled,
            isChecked: values.includes(o.value),
            onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
              const next = e.target.checked
                ? [...values.filter((v) => v !== o.value), o.value]
                : values.filter((v) => v !== o.value);
              setValues(next);
              (p.onChange as ((v: unknown) => void) | undefined)?.(next);
            },
          }}
        />
      ))}
    </Stack>
  );
};

const UserView = ({ accountId, hideName, env }: { accountId: string; hideName: boolean; env: RenderEnv }) => {
  const [name, setName] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    env.userName(accountId).then(
      (n) => live && setName(n),
      () => live && setName(accountId),
    );
    return () => {
      live = false;
    };
  }, [accountId, env]);
  return (
    <span className="fp-user" data-account-id={accountId} title={accountId}>
      <Avatar size="small" name={name ?? accountId} />
      {!hideName && (
        <span>
          <span className="fp-user-name">{name ?? '…'}</span> <span className="fp-user-id">{accountId}</span>
        </span>
      )}
    </span>
  );
};

/** No @atlaskit/empty-state is installed: composed as ADS's EmptyState lays out (centred header, text, actions). */
const EmptyStateView = ({ p }: { p: Props }): React.JSX.Element => (
  <div
    className={`fp-empty-state ${p.width === 'narrow' ? 'fp-narrow' : 'fp-wide'}`}
    data-testid={cast(p.testId)}
  >
    <Stack space="space.200" alignInline="center">
      <Heading size="medium" as={cast(`h${Number(p.headingLevel ?? 2)}`)}>
        {str(p.header)}
      </Heading>
      {p.description !== undefined && <Text as="p">{p.description as ReactNode}</Text>}
      {p.isLoading === true && <Spinner size="medium" />}
      <Inline space="space.100" alignInline="center">
        {p.secondaryAction as ReactNode}
        {p.primaryAction as ReactNode}
      </Inline>
      {p.tertiaryAction as ReactNode}
    </Stack>
  </div>
);

const cellProps = (n: DocNode, env: RenderEnv): Props => liveProps(omit(n.props, ['cellKey']), env);

const dynamicTable: Mapper = (node, props, _children, env) => {
  const wrapper = (name: string) =>
    node.children.find((c) => c.type === 'ContentWrapper' && c.props.name === name);
  const head = wrapper('head');
  const rows = wrapper('rows');
  const cells = (row: DocNode) =>
    row.children
      .filter((c) => c.type === 'Cell')
      .map((c) => ({
        ...cellProps(c, env),
        key: c.props.cellKey as string | number,
        content: renderChildren(c.children, env),
      }));
  const tableProps: Props = {
    ...omit(props, ['emptyView']),
    head: head ? { cells: cells(head) } : undefined,
    rows: rows?.children
      .filter((r) => r.type === 'Row')
      .map((r) => ({
        ...liveProps(omit(r.props, ['rowKey']), env),
        key: String(r.props.rowKey),
        cells: cells(r),
      })),
    emptyView: typeof props.emptyView === 'string' ? <Text as="p">{props.emptyView}</Text> : props.emptyView,
  };
  return <DynamicTable {...spread(tableProps)} />;
};

const sectionMessage: Mapper = (node, props, _children, env) => {
  const actionNodes = node.children.filter((c) => c.type === 'SectionMessageAction');
  const content = node.children.filter((c) => c.type !== 'SectionMessageAction');
  const fromProp: unknown[] = Array.isArray(props.actions)
    ? (props.actions as unknown[])
    : props.actions !== undefined
      ? [props.actions]
      : [];
  const actions = [...fromProp, ...actionNodes.map((a) => renderNode(a, env))];
  return (
    <SectionMessage
      {...spread(omit(props, ['actions']))}
      {...(actions.length > 0 ? { actions: cast(actions) } : {})}
    >
      {renderChildren(content, env)}
    </SectionMessage>
  );
};

const BUTTON_KEYS = [
  'appearance',
  'autoFocus',
  'isDisabled',
  'isSelected',
  'onBlur',
  'onClick',
  'onFocus',
  'testId',
  'shouldFitContainer',
  'type',
  'isLoading',
] as const;

const buttonProps = (p: Props): Props => ({
  ...pick(p, BUTTON_KEYS),
  ...(p.spacing === 'none' ? { spacing: 'compact' } : p.spacing !== undefined ? { spacing: p.spacing } : {}),
});

const linkClick =
  (env: RenderEnv, href: string, newTab: boolean, onClick: unknown) =>
  (e: React.MouseEvent): void => {
    e.preventDefault();
    if (typeof onClick === 'function') (onClick as (e: unknown) => void)(e);
    env.navigate(href, newTab);
  };

const MAP: Record<string, Mapper> = {
  Root: (_n, _p, children) => <div className="fp-root">{children}</div>,
  String: (n) => str(n.props.text),
  Text: (_n, p, children) => (
    <Text {...spread(pick(p, ['as', 'align', 'color', 'size', 'weight', 'maxLines', 'testId']))}>
      {children}
    </Text>
  ),
  Strong: (_n, _p, children) => <strong>{children}</strong>,
  Em: (_n, _p, children) => <em>{children}</em>,
  Heading: (_n, p, children) => (
    <Heading size={cast(p.size ?? 'medium')} {...spread(pick(p, ['as', 'color', 'id', 'testId']))}>
      {children}
    </Heading>
  ),
  Stack: (_n, p, children) => <Stack {...spread(withXcss(p))}>{children}</Stack>,
  Inline: (_n, p, children) => <Inline {...spread(withXcss(p))}>{children}</Inline>,
  Box: (_n, p, children) => <Box {...spread(withXcss(p))}>{children}</Box>,
  Bleed: (_n, p, children) => <Bleed {...spread(p)}>{children}</Bleed>,
  Pressable: (_n, p, children) => <Pressable {...spread(withXcss(p))}>{children}</Pressable>,
  Button: (_n, p, children) => <Button {...spread(buttonProps(p))}>{children}</Button>,
  LoadingButton: (_n, p, children) => (
    <Button {...spread({ ...buttonProps(p), isLoading: p.isLoading === true })}>{children}</Button>
  ),
  ButtonGroup: (_n, p, children) => (
    <ButtonGroup {...spread(pick(p, ['label', 'titleId']))}>{children}</ButtonGroup>
  ),
  LinkButton: (_n, p, children, env) => {
    const href = str(p.href, '#');
    const appearance = p.appearance === 'link' || p.appearance === 'subtle-link' ? 'subtle' : p.appearance;
    return (
      <LinkButton
        href={href}
        {...spread({ ...buttonProps(p), appearance, target: p.target })}
        onClick={linkClick(env, href, p.target === '_blank', p.onClick)}
      >
        {children}
      </LinkButton>
    );
  },
  Link: (_n, p, children, env) => {
    const href = str(p.href, '#');
    const newTab = p.openNewTab === true;
    return (
      <Link
        href={href}
        {...(newTab ? { target: '_blank' } : {})}
        onClick={linkClick(env, href, newTab, p.onClick)}
      >
        {children}
      </Link>
    );
  },
  Lozenge: (_n, p, children) => (
    <Lozenge {...spread(pick(p, ['appearance', 'isBold', 'maxWidth', 'testId']))}>{children}</Lozenge>
  ),
  Badge: (_n, p, children) => <Badge {...spread(pick(p, ['appearance', 'max', 'testId']))}>{children}</Badge>,
  SectionMessage: sectionMessage,
  SectionMessageAction: (_n, p, children) => (
    <SectionMessageAction {...spread(p)}>{children}</SectionMessageAction>
  ),
  Spinner: (_n, p) => <Spinner {...spread(pick(p, ['size', 'appearance', 'label', 'testId', 'delay']))} />,
  ProgressBar: (_n, p) => (
    <ProgressBar {...spread(pick(p, ['value', 'appearance', 'isIndeterminate', 'ariaLabel', 'testId']))} />
  ),
  DynamicTable: dynamicTable,
  // DynamicTable's own parts (consumed by the DynamicTable mapper; outside one they just render their content).
  ContentWrapper: (_n, _p, children) => <>{children}</>,
  Row: (_n, _p, children) => <>{children}</>,
  Cell: (_n, _p, children) => <>{children}</>,
  EmptyState: (_n, p) => <EmptyStateView p={p} />,
  Modal: (_n, p, children) => (
    <ModalDialog
      {...spread(
        pick(p, ['autoFocus', 'onClose', 'shouldScrollInViewport', 'label', 'testId', 'width', 'height']),
      )}
    >
      {p.title !== undefined && (
        <ModalHeader>
          <ModalTitle>{str(p.title)}</ModalTitle>
        </ModalHeader>
      )}
      {children}
    </ModalDialog>
  ),
  ModalHeader: (_n, p, children) => <ModalHeader {...spread(p)}>{children}</ModalHeader>,
  ModalTitle: (_n, p, children) => <ModalTitle {...spread(p)}>{children}</ModalTitle>,
  ModalBody: (_n, p, children) => <ModalBody {...spread(p)}>{children}</ModalBody>,
  ModalFooter: (_n, p, children) => <ModalFooter {...spread(p)}>{children}</ModalFooter>,
  ModalTransition: (_n, _p, children) => <ModalTransition>{children}</ModalTransition>,
  Tabs: (n, p, children) => (
    <Tabs id={str(p.id, `forge-tabs-${n.key}`)} {...spread(omit(p, ['id']))}>
      {children}
    </Tabs>
  ),
  TabList: (_n, p, children) => <TabList {...spread(p)}>{children}</TabList>,
  Tab: (_n, p, children) => <Tab {...spread(p)}>{children}</Tab>,
  TabPanel: (_n, p, children) => (
    <TabPanel {...spread(p)}>
      <div className="fp-tab-panel">{children}</div>
    </TabPanel>
  ),
  Select: (_n, p) => <Select {...spread({ menuPortalTarget: document.body, ...p })} />,
  Textfield: (_n, p) => <MirroredTextfield p={p} area={false} />,
  TextArea: (_n, p) => <MirroredTextfield p={p} area />,
  Toggle: (_n, p) => <MirroredToggle p={p} />,
  Checkbox: (_n, p) => <CheckboxView p={p} label={p.label as ReactNode} />,
  CheckboxGroup: (_n, p) => <CheckboxGroupView p={p} />,
  Radio: (_n, p) => <Radio {...spread(p)} />,
  RadioGroup: (_n, p) => <RadioGroup options={cast(p.options ?? [])} {...spread(omit(p, ['options']))} />,
  Form: (_n, p, children) => (
    <form
      noValidate
      id={typeof p.id === 'string' ? p.id : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        (p.onSubmit as ((e: unknown) => void) | undefined)?.(e);
      }}
    >
      {children}
    </form>
  ),
  FormHeader: (_n, p, children) => <FormHeader {...spread(p)}>{children}</FormHeader>,
  FormSection: (_n, p, children) => <FormSection {...spread(p)}>{children}</FormSection>,
  FormFooter: (_n, p, children) => <FormFooter {...spread(p)}>{children}</FormFooter>,
  Label: (_n, p, children) => (
    <Label htmlFor={str(p.labelFor)} {...spread(pick(p, ['id', 'testId']))}>
      {children}
    </Label>
  ),
  HelperMessage: (_n, _p, children) => <HelperMessage>{children}</HelperMessage>,
  ErrorMessage: (_n, _p, children) => <ErrorMessage>{children}</ErrorMessage>,
  ValidMessage: (_n, _p, children) => <ValidMessage>{children}</ValidMessage>,
  RequiredAsterisk: () => <RequiredAsterisk />,
  Tooltip: (_n, p, children) => (
    <Tooltip
      content={cast(p.content)}
      {...spread(pick(p, ['position', 'mousePosition', 'truncate', 'testId', 'delay']))}
    >
      <span className="fp-tooltip-trigger">{children}</span>
    </Tooltip>
  ),
  Tag: (_n, p) => (
    <SimpleTag text={str(p.text)} {...spread(pick(p, ['color', 'appearance', 'href', 'testId']))} />
  ),
  TagGroup: (_n, p, children) => <TagGroup {...spread(pick(p, ['alignment', 'label']))}>{children}</TagGroup>,
  User: (_n, p, _c, env) => (
    <UserView accountId={str(p.accountId)} hideName={p.hideDisplayName === true} env={env} />
  ),
  UserGroup: (_n, p, children, env) => (
    <span className="fp-user-group">
      {Array.isArray(p.accountIds)
        ? (p.accountIds as string[]).map((id) => (
            <UserView key={id} accountId={id} hideName={false} env={env} />
          ))
        : children}
    </span>
  ),
  Pagination: (_n, p) => <Pagination pages={cast(p.pages ?? [])} {...spread(omit(p, ['pages']))} />,
  BarChart: (_n, p) => <BarChart p={p} />,
  HorizontalBarChart: (_n, p) => <BarChart p={p} horizontal />,
  StackBarChart: (_n, p) => <BarChart p={p} />,
  HorizontalStackBarChart: (_n, p) => <BarChart p={p} horizontal />,
  LineChart: (_n, p) => <LineChart p={p} />,
  PieChart: (_n, p) => <PieChart p={p} />,
  DonutChart: (_n, p) => <PieChart p={p} donut />,
  Breadcrumbs: (_n, p, children) => <Breadcrumbs {...spread(p)}>{children}</Breadcrumbs>,
  BreadcrumbsItem: (_n, p, _c, env) => {
    const href = str(p.href, '#');
    return (
      <BreadcrumbsItem
        text={str(p.text)}
        {...spread(omit(p, ['text']))}
        onClick={linkClick(env, href, false, p.onClick)}
      />
    );
  },
  Code: (_n, _p, children) => <code className="fp-code">{children}</code>,
  CodeBlock: (n, p) => (
    <pre className="fp-code-block" data-language={cast(p.language)}>
      <code>{typeof p.text === 'string' ? p.text : n.children.map(textOf).join('')}</code>
    </pre>
  ),
  List: (_n, p, children) =>
    p.type === 'ordered' ? <ol className="fp-list">{children}</ol> : <ul className="fp-list">{children}</ul>,
  ListItem: (_n, _p, children) => <li>{children}</li>,
  Image: (_n, p) => (
    <img
      src={str(p.src)}
      alt={str(p.alt)}
      {...(p.width !== undefined ? { width: cast(p.width) } : {})}
      {...(p.height !== undefined ? { height: cast(p.height) } : {})}
    />
  ),
};

/** The types this renderer maps (docs/preview.md lists them; the gallery test checks them). */
export const MAPPED_TYPES: readonly string[] = Object.keys(MAP);

const Unsupported = ({ node, children }: { node: DocNode; children: ReactNode }): React.JSX.Element => (
  <div className="fp-unsupported" data-unsupported={node.type}>
    <div className="fp-unsupported-title">unsupported component &lt;{node.type}&gt;</div>
    {children}
  </div>
);

export function renderChildren(nodes: DocNode[], env: RenderEnv): ReactNode {
  return nodes.map((n) => renderNode(n, env));
}

/** A node's ADS element (not wrapped: ADS containers such as TabList inspect their direct children). */
export function renderNode(node: DocNode, env: RenderEnv): ReactNode {
  const mapper = MAP[node.type];
  const children = node.children.length > 0 ? renderChildren(node.children, env) : undefined;
  if (!mapper) return <Unsupported node={node}>{children}</Unsupported>;
  const props = liveProps(node.props, env);
  return withKey(mapper(node, props, children, env), node.key);
}

const withKey = (el: ReactNode, key: string): ReactNode =>
  React.isValidElement(el) && el.key === null ? React.cloneElement(el, { key }) : el;
