/**
 * Renders a view through the real @forge/react reconciler (forge-offline.md §4) with a recording bridge:
 * `reconcile` updates the captured forgeDoc, `getContext` answers the Forge context, `invoke` goes to the
 * FakeBackend. Each render is unmounted after its test; the test fails on any contract problem the fake saw.
 */
import './install-bridge';
import React, { act, useState } from 'react';
import ForgeReconciler from '@forge/react';
import { setBridgeHandler } from './install-bridge';
import type { FakeBackend } from './fake-backend';
import type { DocNode } from './forge-doc';

export type PanelKind = 'project' | 'space' | 'admin';

export const contextFor = (kind: PanelKind): Record<string, unknown> => {
  const base = {
    accountId: 'admin-1',
    cloudId: 'cloud-1',
    siteUrl: 'https://acme.atlassian.net',
    locale: 'en-US',
  };
  switch (kind) {
    case 'project':
      return {
        ...base,
        moduleKey: 'identity-reconciler-project-settings',
        extension: {
          type: 'jira:projectSettingsPage',
          project: { id: '10000', key: 'SD', type: 'service_desk' },
        },
      };
    case 'space':
      return {
        ...base,
        moduleKey: 'identity-reconciler-space-settings',
        extension: { type: 'confluence:spaceSettings', space: { id: '99', key: 'KB' } },
      };
    case 'admin':
      return { ...base, moduleKey: 'identity-reconciler-admin', extension: { type: 'jira:adminPage' } };
  }
};

export interface Rendered {
  readonly doc: () => DocNode;
  readonly commands: string[];
}

const mounted: (() => void)[] = [];
let activeFake: FakeBackend | null = null;

/** Lets pending invokes resolve and React commit what they set. */
export const settle = async (): Promise<void> => {
  await act(async () => {
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
  });
};

export const render = async (
  element: React.ReactElement,
  fake: FakeBackend,
  kind: PanelKind = 'project',
): Promise<Rendered> => {
  let root: DocNode | null = null;
  const commands: string[] = [];
  activeFake = fake;
  setBridgeHandler((cmd, data) => {
    commands.push(cmd);
    if (cmd === 'reconcile') {
      root = (data as { forgeDoc: DocNode }).forgeDoc;
      return Promise.resolve();
    }
    if (cmd === 'getContext') return Promise.resolve(contextFor(kind));
    if (cmd === 'invoke') {
      const { functionKey, payload } = data as { functionKey: string; payload: unknown };
      return fake.handle(functionKey, payload);
    }
    return Promise.resolve(undefined);
  });
  let hide: () => void = () => undefined;
  const Gate = ({ children }: { children: React.ReactNode }): React.ReactNode => {
    const [shown, setShown] = useState(true);
    hide = () => setShown(false);
    return shown ? children : null;
  };
  mounted.push(() => hide());
  await act(async () => {
    ForgeReconciler.render(<Gate>{element}</Gate>);
    await Promise.resolve();
  });
  await settle();
  return {
    doc: () => {
      if (root === null) throw new Error('nothing was reconciled');
      return root;
    },
    commands,
  };
};

/** Calls a handler prop the way the host would on a user action, then lets the app settle. */
export const fire = async (node: DocNode, handler: string, ...args: unknown[]): Promise<void> => {
  const fn = node.props?.[handler];
  if (typeof fn !== 'function') throw new Error(`${node.type} has no ${handler} handler`);
  await act(async () => {
    (fn as (...a: unknown[]) => unknown)(...args);
    await Promise.resolve();
  });
  await settle();
};

export const click = (node: DocNode): Promise<void> => fire(node, 'onClick');

afterEach(async () => {
  const problems = activeFake?.problems ?? [];
  activeFake = null;
  while (mounted.length) {
    const hideOne = mounted.pop();
    await act(async () => {
      hideOne?.();
      await Promise.resolve();
    });
  }
  expect(problems).toEqual([]);
});
