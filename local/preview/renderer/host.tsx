/**
 * The preview host page: a Jira/Confluence-like frame around one panel iframe, with the "viewing as" switch
 * (role + desk + space, resolved to a real account of the site), the module switch, a control strip that makes
 * demo changes on the emulated site and moves the virtual clock, flags the app shows, and the event log.
 * The selection lives in the page URL (?module=&role=&desk=&space=) so a reload or a link keeps it.
 */
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import Avatar from '@atlaskit/avatar';
import Button from '@atlaskit/button/new';
import ButtonGroup from '@atlaskit/button/button-group';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import TextArea from '@atlaskit/textarea';
import { setGlobalTheme } from '@atlaskit/tokens';
import {
  identityFor,
  PREVIEW_ROLES,
  ROLE_LABELS,
  type HostBootstrap,
  type HostState,
  type LogEntry,
  type PanelMessage,
  type PanelSelection,
  type PreviewRole,
} from '../protocol';
import { BASE_CSS, injectCss } from './styles';

declare global {
  interface Window {
    __PREVIEW_HOST__: HostBootstrap;
  }
}

const boot = window.__PREVIEW_HOST__;

injectCss(`${BASE_CSS}
body { background: var(--ds-surface-sunken, #F7F8F9); }
.ph-top { display: flex; align-items: center; justify-content: space-between; padding: 8px 24px; background: var(--ds-surface, #fff);
  border-bottom: 1px solid var(--ds-border, #091E4224); }
.ph-main { display: grid; grid-template-columns: 320px 1fr; gap: 24px; padding: 24px; align-items: start; }
.ph-card { background: var(--ds-surface, #fff); border-radius: 8px; box-shadow: var(--ds-shadow-raised, 0 1px 1px #091E4240); padding: 16px; }
.ph-page { background: var(--ds-surface, #fff); border-radius: 8px; box-shadow: var(--ds-shadow-raised, 0 1px 1px #091E4240); padding: 24px 32px; min-width: 0; }
.ph-crumbs { color: var(--ds-text-subtle, #44546F); font: var(--ds-font-body-small, 12px/16px sans-serif); margin-bottom: 8px; }
.ph-frame { width: 100%; border: 0; min-height: 560px; display: block; }
.ph-log { max-height: 360px; overflow: auto; font: var(--ds-font-body-small, 12px/16px sans-serif); }
.ph-log-row { display: grid; grid-template-columns: 64px 84px 1fr; gap: 8px; padding: 4px 0; border-bottom: 1px solid var(--ds-border, #091E4224); align-items: start; }
.ph-mono { font-family: var(--ds-font-family-code, monospace); font-size: 11px; }
.ph-flags { position: fixed; left: 24px; bottom: 24px; display: flex; flex-direction: column-reverse; gap: 8px; z-index: 1000; width: 400px; }
.ph-flag { background: var(--ds-surface-overlay, #fff); border-radius: 4px; box-shadow: var(--ds-shadow-overlay, 0 8px 12px #091E4226, 0 0 1px #091E424F);
  padding: 16px; border-left: 4px solid var(--ds-border-information, #1D7AFC); }
.ph-flag[data-type=success] { border-left-color: var(--ds-border-success, #22A06B); }
.ph-flag[data-type=warning] { border-left-color: var(--ds-border-warning, #E56910); }
.ph-flag[data-type=error] { border-left-color: var(--ds-border-danger, #E34935); }
`);

const KIND_APPEARANCE: Record<string, 'default' | 'success' | 'removed' | 'inprogress' | 'new' | 'moved'> = {
  invoke: 'inprogress',
  bridge: 'default',
  flag: 'new',
  navigate: 'moved',
  action: 'new',
  clock: 'default',
  feed: 'default',
  consent: 'success',
  error: 'removed',
};

const initialSelection = (): PanelSelection => {
  const q = new URLSearchParams(window.location.search);
  const role = q.get('role') as PreviewRole | null;
  const module = q.get('module');
  return {
    module: boot.modules.some((m) => m.key === module) ? (module as string) : (boot.modules[0]?.key ?? ''),
    role: role !== null && PREVIEW_ROLES.includes(role) ? role : 'site-admin',
    desk: q.get('desk') ?? boot.directory.desks[0]?.id,
    space: q.get('space') ?? boot.directory.spaces[0]?.id,
  };
};

const panelSrc = (s: PanelSelection): string => {
  const q = new URLSearchParams({ module: s.module, role: s.role });
  if (s.desk !== undefined) q.set('desk', s.desk);
  if (s.space !== undefined) q.set('space', s.space);
  return `/panel?${q.toString()}`;
};

const post = async (path: string, body: unknown): Promise<unknown> => {
  const r = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return r.json();
};

interface Flag {
  id: string;
  title: string;
  description: string;
  type: string;
}

function Host(): React.JSX.Element {
  const [selection, setSelection] = useState<PanelSelection>(initialSelection);
  const [reloads, setReloads] = useState(0);
  const [frameHeight, setFrameHeight] = useState(560);
  const [notices, setNotices] = useState<string[]>([]);
  const [flags, setFlags] = useState<Flag[]>([]);
  const [log, setLog] = useState<LogEntry[]>([]);
  const [now, setNow] = useState('');
  const [presetIndex, setPresetIndex] = useState(0);
  const [busy, setBusy] = useState(false);

  const module = boot.modules.find((m) => m.key === selection.module);
  const identity = identityFor(boot.directory, selection);
  const src = useMemo(() => panelSrc(selection), [selection]);

  const fillPreset = useCallback(
    (i: number): string => {
      const preset = boot.actions[i];
      if (!preset) return '{}';
      const body: Record<string, unknown> = { ...preset.body };
      if ('deskId' in body && selection.desk !== undefined) body.deskId = selection.desk;
      if ('spaceId' in body && selection.space !== undefined) body.spaceId = selection.space;
      return JSON.stringify(body, null, 2);
    },
    [selection.desk, selection.space],
  );
  const [actionBody, setActionBody] = useState(() => fillPreset(0));

  useEffect(() => {
    const url = new URL(window.location.href);
    url.search = new URLSearchParams(panelSrc(selection).split('?')[1]).toString();
    window.history.replaceState(null, '', url);
  }, [selection]);

  useEffect(() => {
    const onMessage = (e: MessageEvent<PanelMessage>) => {
      if (e.origin !== window.location.origin || e.data?.source !== 'forge-preview-panel') return;
      const data = (e.data.data ?? {}) as Record<string, unknown>;
      if (e.data.cmd === 'panel-ready')
        setNotices(Array.isArray(data.notices) ? (data.notices as string[]) : []);
      // As tall as the panel, but never taller than the window: modals and menus are positioned in the
      // iframe's viewport, so it must stay on screen (taller panels scroll inside, as product pages do).
      if (e.data.cmd === 'resize' && typeof data.height === 'number')
        setFrameHeight(Math.max(560, Math.min(data.height + 8, window.innerHeight - 120)));
      if (e.data.cmd === 'showFlag') {
        const flag: Flag = {
          id: typeof data.id === 'string' ? data.id : String(Date.now()),
          title: typeof data.title === 'string' ? data.title : '',
          description: typeof data.description === 'string' ? data.description : '',
          type: typeof data.type === 'string' ? data.type : 'info',
        };
        setFlags((f) => [...f.filter((x) => x.id !== flag.id), flag]);
        if (data.isAutoDismiss === true)
          setTimeout(() => setFlags((f) => f.filter((x) => x.id !== flag.id)), 8000);
      }
      if (e.data.cmd === 'closeFlag') setFlags((f) => f.filter((x) => x.id !== String(data.id)));
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  useEffect(() => {
    let after = 0;
    let live = true;
    // One poll at a time: while the host is busy (a slow resolver call), overlapping polls would all ask
    // for the same `after` and list the same entries several times.
    let polling = false;
    const poll = async () => {
      if (polling) return;
      polling = true;
      try {
        const state = (await (await fetch(`/api/state?after=${after}`)).json()) as HostState;
        if (!live) return;
        const fresh = state.log.filter((e) => e.seq > after);
        after = Math.max(after, state.lastSeq);
        setNow(state.now);
        if (fresh.length > 0) setLog((l) => [...fresh.reverse(), ...l].slice(0, 300));
      } catch {
        // the host went away; keep polling quietly
      } finally {
        polling = false;
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), 1000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  const update = (patch: Partial<PanelSelection>) => setSelection((s) => ({ ...s, ...patch }));
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };
  const sendAction = () =>
    run(async () => {
      const preset = boot.actions[presetIndex];
      if (!preset) return;
      let body: unknown;
      try {
        body = JSON.parse(actionBody) as unknown;
      } catch {
        body = {};
      }
      await post('/api/action', { action: preset.action, body });
    });
  const advance = (ms: number) => run(() => post('/api/clock', { ms }));

  const deskOptions = boot.directory.desks.map((d) => ({
    label: `${d.projectName} (${d.projectKey})`,
    value: d.id,
  }));
  const spaceOptions = boot.directory.spaces.map((s) => ({ label: `${s.name} (${s.key})`, value: s.id }));
  const presetOptions = boot.actions.map((a, i) => ({ label: a.label, value: String(i) }));
  const desk = boot.directory.desks.find((d) => d.id === selection.desk);
  const space = boot.directory.spaces.find((s) => s.id === selection.space);
  const where =
    module?.type.startsWith('confluence:') === true
      ? `Confluence › Spaces › ${space?.name ?? '?'} › Space settings › Apps`
      : module?.type === 'jira:adminPage'
        ? 'Jira › Settings › Apps'
        : `Jira › Projects › ${desk?.projectName ?? '?'} › Project settings › Apps`;

  return (
    <>
      <div className="ph-top">
        <Inline space="space.150" alignBlock="center">
          <Heading size="small">Identity Reconciler · panel preview</Heading>
          <Lozenge appearance="new">local</Lozenge>
        </Inline>
        <Inline space="space.100" alignBlock="center">
          <Text size="small" color="color.text.subtle">
            virtual time
          </Text>
          <span className="ph-mono" data-testid="preview-now">
            {now.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}
          </span>
        </Inline>
      </div>
      <div className="ph-main">
        <Stack space="space.200">
          <div className="ph-card">
            <Stack space="space.150">
              <Heading size="xsmall">Module</Heading>
              <Stack space="space.050">
                {boot.modules.map((m) => (
                  <Button
                    key={m.key}
                    testId={`preview-module-${m.key}`}
                    isSelected={m.key === selection.module}
                    shouldFitContainer
                    onClick={() => update({ module: m.key })}
                  >
                    {`${m.type} · ${m.title}`}
                  </Button>
                ))}
              </Stack>
              <Heading size="xsmall">Viewing as</Heading>
              <Stack space="space.050">
                {PREVIEW_ROLES.map((role) => (
                  <Button
                    key={role}
                    testId={`preview-role-${role}`}
                    isSelected={role === selection.role}
                    shouldFitContainer
                    onClick={() => update({ role })}
                  >
                    {ROLE_LABELS[role]}
                  </Button>
                ))}
              </Stack>
              <Text size="small" weight="medium">
                Desk (project)
              </Text>
              <Select
                inputId="preview-desk"
                options={deskOptions}
                value={deskOptions.find((o) => o.value === selection.desk) ?? null}
                onChange={(o) => update({ desk: o?.value })}
              />
              <Text size="small" weight="medium">
                Space
              </Text>
              <Select
                inputId="preview-space"
                options={spaceOptions}
                value={spaceOptions.find((o) => o.value === selection.space) ?? null}
                onChange={(o) => update({ space: o?.value })}
              />
              <Box testId="preview-identity">
                {identity ? (
                  <Inline space="space.100" alignBlock="center">
                    <Avatar size="medium" name={identity.displayName} />
                    <Stack>
                      <Text weight="medium">{identity.displayName}</Text>
                      <span className="ph-mono" data-testid="preview-account-id">
                        {identity.accountId}
                      </span>
                    </Stack>
                  </Inline>
                ) : (
                  <SectionMessage appearance="warning">
                    <Text>No account on the site has this role for the chosen desk or space.</Text>
                  </SectionMessage>
                )}
              </Box>
            </Stack>
          </div>
          <div className="ph-card">
            <Stack space="space.150">
              <Heading size="xsmall">Cause a change</Heading>
              <Select
                inputId="preview-action"
                options={presetOptions}
                value={presetOptions[presetIndex] ?? null}
                onChange={(o) => {
                  const i = Number(o?.value ?? 0);
                  setPresetIndex(i);
                  setActionBody(fillPreset(i));
                }}
              />
              <TextArea
                value={actionBody}
                onChange={(e) => setActionBody(e.target.value)}
                isMonospaced
                minimumRows={5}
                testId="preview-action-body"
              />
              <Button
                appearance="primary"
                isDisabled={busy}
                onClick={() => void sendAction()}
                testId="preview-action-send"
              >
                {`POST /__local/actions/${boot.actions[presetIndex]?.action ?? ''}`}
              </Button>
              <Heading size="xsmall">Virtual clock</Heading>
              <Inline>
                <ButtonGroup label="Advance the clock">
                  <Button
                    isDisabled={busy}
                    onClick={() => void advance(5 * 60_000)}
                    testId="preview-clock-5m"
                  >
                    +5 min
                  </Button>
                  <Button isDisabled={busy} onClick={() => void advance(3600_000)} testId="preview-clock-1h">
                    +1 h
                  </Button>
                  <Button
                    isDisabled={busy}
                    onClick={() => void advance(24 * 3600_000)}
                    testId="preview-clock-1d"
                  >
                    +1 day
                  </Button>
                </ButtonGroup>
              </Inline>
              <Button onClick={() => setReloads((n) => n + 1)} testId="preview-reload">
                Reload panel
              </Button>
            </Stack>
          </div>
        </Stack>
        <Stack space="space.200">
          <div className="ph-page">
            <div className="ph-crumbs">{where}</div>
            <Stack space="space.150">
              <Heading size="large">{module?.title ?? 'No UI Kit module'}</Heading>
              {notices.length > 0 && (
                <SectionMessage appearance="information" title="Rendered for preview only">
                  <Stack space="space.050">
                    {notices.map((n) => (
                      <Text key={n}>{n}</Text>
                    ))}
                  </Stack>
                </SectionMessage>
              )}
              <iframe
                key={`${src}#${reloads}`}
                className="ph-frame"
                title={module?.title ?? 'panel'}
                data-testid="preview-frame"
                src={src}
                style={{ height: frameHeight }}
                sandbox="allow-scripts allow-same-origin allow-forms allow-popups"
              />
            </Stack>
          </div>
          <div className="ph-card">
            <Stack space="space.100">
              <Heading size="xsmall">Event log</Heading>
              <div className="ph-log" data-testid="preview-log">
                {log.map((e) => (
                  <div className="ph-log-row" key={e.seq} data-kind={e.kind} data-ok={String(e.ok)}>
                    <span className="ph-mono">{e.at.slice(11, 19)}</span>
                    <span>
                      <Lozenge appearance={e.ok ? KIND_APPEARANCE[e.kind] : 'removed'}>{e.kind}</Lozenge>
                    </span>
                    <span>{e.summary}</span>
                  </div>
                ))}
              </div>
            </Stack>
          </div>
        </Stack>
      </div>
      <div className="ph-flags" data-testid="preview-flags">
        {flags.map((f) => (
          <div className="ph-flag" key={f.id} data-type={f.type} role="alert">
            <Stack space="space.100">
              <Inline spread="space-between" alignBlock="center">
                <Text weight="bold">{f.title}</Text>
                <Button
                  spacing="compact"
                  appearance="subtle"
                  onClick={() => setFlags((x) => x.filter((y) => y.id !== f.id))}
                >
                  Dismiss
                </Button>
              </Inline>
              {f.description !== '' && <Text>{f.description}</Text>}
            </Stack>
          </div>
        ))}
      </div>
    </>
  );
}

void setGlobalTheme({
  colorMode: 'light',
  spacing: 'spacing',
  shape: 'shape',
  typography: 'typography-refreshed',
})
  .catch(() => undefined)
  .then(() => createRoot(document.getElementById('root') as HTMLElement).render(<Host />));
