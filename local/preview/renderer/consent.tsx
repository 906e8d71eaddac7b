/**
 * Forge's consent step, as the panel shows it when a resolver call failed with NEEDS_AUTHENTICATION_ERR
 * (the viewer has not allowed the app access yet). The platform does not hand that error to the app: the
 * user is asked to allow access, and "if the user grants access, the app is re-initialized" (Forge docs,
 * "Product fetch API" → api.asUser()). So: the app's UI is hidden, this step shows the app's name and an
 * "Allow access" button; clicking it records consent in the local runtime (POST /api/consent) and reloads
 * the panel, which re-runs the app and its calls. The real step's exact wording and its second page (the
 * scopes, "Accept") are not reproduced: docs/preview.md.
 */
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { Box, Stack, Text } from '@atlaskit/primitives';

interface ConsentStepProps {
  appName: string;
  allow: () => Promise<void>;
}

function ConsentStep({ appName, allow }: ConsentStepProps): React.JSX.Element {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onClick = (): void => {
    setBusy(true);
    setError(null);
    allow().catch((e: unknown) => {
      setBusy(false);
      setError(e instanceof Error ? e.message : String(e));
    });
  };
  return (
    <Box padding="space.400" testId="forge-consent">
      <Stack space="space.200" alignInline="start">
        <Heading size="medium">{appName} needs your permission</Heading>
        <Text>
          {appName} wants to access Atlassian products on your behalf. Allow access to use this app.
        </Text>
        <Button appearance="primary" onClick={onClick} isLoading={busy}>
          Allow access
        </Button>
        {error === null ? null : (
          <SectionMessage appearance="error" title="Could not allow access">
            <Text>{error}</Text>
          </SectionMessage>
        )}
      </Stack>
    </Box>
  );
}

let shown = false;

/** Replaces the app's UI with the consent step (once per page load). */
export function showConsentStep(appName: string, allow: () => Promise<void>): void {
  if (shown) return;
  shown = true;
  document.getElementById('root')?.setAttribute('hidden', '');
  const host = document.createElement('div');
  document.body.appendChild(host);
  createRoot(host).render(<ConsentStep appName={appName} allow={allow} />);
}
