/**
 * The panel for all three modules: it learns its audience from the Forge context, then shows tabs. Only the
 * selected tab is mounted, so each tab's hook invokes its resolver when the admin opens it, not before; the
 * shell itself asks once for the directory (names for desk, space and group ids) that every tab uses.
 */
import React, { useState } from 'react';
import { Heading, SectionMessage, Spinner, Stack, Tab, TabList, TabPanel, Tabs, Text } from '@forge/react';
import { AuditView } from './audit-view';
import { type Audience, useAudience } from './audience';
import { AudienceProvider } from './audience-context';
import { FindingsView } from './findings-view';
import { DirectoryProvider } from './names-context';
import { OverviewView } from './overview-view';
import { PolicyView } from './policy-view';

const TITLE: Readonly<Record<Audience, string>> = {
  project: 'Identity Reconciler: customers of this service desk',
  space: 'Identity Reconciler: guests of this space',
  admin: 'Identity Reconciler: whole site',
};

const TABS = ['Overview', 'Findings', 'Audit', 'Policy'] as const;
type TabName = (typeof TABS)[number];

export const PanelShell = (): React.JSX.Element => {
  const audience = useAudience();
  const [selected, setSelected] = useState(0);
  if (audience === undefined) return <Spinner label="Loading" />;
  if (audience === null) {
    return (
      <SectionMessage appearance="warning" title="This page is not an Identity Reconciler panel">
        <Text>
          Open the app from Jira project settings, Confluence space settings or Jira administration → Apps.
        </Text>
      </SectionMessage>
    );
  }
  const tabs: readonly TabName[] = audience === 'admin' ? TABS : TABS.filter((t) => t !== 'Policy');
  const content = (name: TabName): React.JSX.Element => {
    switch (name) {
      case 'Overview':
        return <OverviewView onShowFindings={() => setSelected(1)} />;
      case 'Findings':
        return <FindingsView />;
      case 'Audit':
        return <AuditView />;
      case 'Policy':
        return <PolicyView />;
    }
  };
  return (
    <AudienceProvider audience={audience}>
      <DirectoryProvider>
        <Stack space="space.200">
          <Heading size="medium">{TITLE[audience]}</Heading>
          <Tabs
            id="identity-reconciler-tabs"
            selected={selected}
            onChange={(index: number) => setSelected(index)}
          >
            <TabList>
              {tabs.map((name) => (
                <Tab key={name}>{name}</Tab>
              ))}
            </TabList>
            {tabs.map((name, index) => (
              <TabPanel key={name}>{index === selected ? content(name) : <Text> </Text>}</TabPanel>
            ))}
          </Tabs>
        </Stack>
      </DirectoryProvider>
    </AudienceProvider>
  );
};
