/**
 * The panel frame shared by the three modules: a heading, then loading, error or the overview totals.
 * The full panels (findings table, person card, plan preview, audit, scan progress) render inside it later.
 */
import React from 'react';
import { Heading, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import { useOverview } from './use-overview';

const NEXT_STEP: Readonly<Record<string, string>> = {
  'APP.NOT_IMPLEMENTED': 'This part of the app is not in this build yet.',
  'AUTH.FORBIDDEN': 'Only admins of this project or space can use this page.',
  'AUTH.UNAUTHENTICATED': 'Sign in to use this page.',
};

export const PanelShell = (): React.JSX.Element => {
  const state = useOverview();
  return (
    <Stack space="space.200">
      <Heading size="medium">Identity Reconciler</Heading>
      {state.status === 'loading' && <Spinner label="Loading overview" />}
      {state.status === 'error' && (
        <SectionMessage appearance="warning" title="The overview could not be loaded">
          <Text>{NEXT_STEP[state.error.code] ?? state.error.message}</Text>
        </SectionMessage>
      )}
      {state.status === 'ready' && (
        <Text>
          {`${state.overview.totals.findings} findings across ${state.overview.totals.persons} persons.`}
        </Text>
      )}
    </Stack>
  );
};
