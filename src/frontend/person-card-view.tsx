/**
 * "Why can't X log in?": the diagnosis in plain language (each finding's explanation, worst first as the
 * resolver orders them) and every account of the person side by side.
 */
import React from 'react';
import {
  Button,
  EmptyState,
  Heading,
  Inline,
  Lozenge,
  SectionMessage,
  Spinner,
  Stack,
  Text,
} from '@forge/react';
import { AccountCard } from './account-card';
import { ErrorNotice } from './error-notice';
import { CODE_LABEL, SEVERITY_LABEL, formatTime } from './labels';
import { usePersonCard } from './use-person-card';

export interface PersonCardViewProps {
  readonly emailKey: string;
  readonly onBack: () => void;
  readonly onPreviewFix: (findingIds: readonly string[]) => void;
}

export const PersonCardView = ({
  emailKey,
  onBack,
  onPreviewFix,
}: PersonCardViewProps): React.JSX.Element => {
  const card = usePersonCard(emailKey);
  const { state } = card;
  // The person by name first (the first account that shows one), then the email they are keyed by.
  const name =
    state.status === 'ready'
      ? state.data.accounts.map((a) => a.displayName.trim()).find((n) => n !== '')
      : undefined;
  return (
    <Stack space="space.200">
      <Inline space="space.100" alignBlock="center">
        <Button appearance="subtle" iconBefore="arrow-left" onClick={onBack}>
          Back to findings
        </Button>
        <Heading size="small">{name === undefined ? emailKey : `${name} · ${emailKey}`}</Heading>
      </Inline>
      {(state.status === 'loading' || state.status === 'idle') && <Spinner label="Loading the person" />}
      {state.status === 'error' && (
        <ErrorNotice title="This person could not be loaded" error={state.error} onRetry={card.reload} />
      )}
      {state.status === 'ready' && (
        <Stack space="space.200">
          <Heading size="xsmall">Diagnosis</Heading>
          {state.data.findings.length === 0 ? (
            <EmptyState
              header="Nothing wrong with this person"
              description="If they still cannot log in, check the site's product access for them in Atlassian Administration."
            />
          ) : (
            state.data.findings.map((f) => (
              <SectionMessage
                key={f.id}
                appearance={f.severity === 'high' ? 'error' : 'warning'}
                title={f.title}
              >
                <Stack space="space.050">
                  <Inline space="space.050">
                    <Lozenge appearance={SEVERITY_LABEL[f.severity].appearance}>
                      {SEVERITY_LABEL[f.severity].text}
                    </Lozenge>
                    <Lozenge>{CODE_LABEL[f.code]}</Lozenge>
                  </Inline>
                  <Text>{f.explanation}</Text>
                  {f.evidence.facts.map((fact) => (
                    <Text key={fact}>{`• ${fact}`}</Text>
                  ))}
                </Stack>
              </SectionMessage>
            ))
          )}
          <Heading size="xsmall">{`Accounts (${state.data.accounts.length})`}</Heading>
          <Inline space="space.150" shouldWrap>
            {state.data.accounts.map((a) => (
              <AccountCard key={a.accountId} account={a} />
            ))}
          </Inline>
          <Text>{`Last evaluated: ${formatTime(state.data.evaluatedAt)}`}</Text>
          {state.data.findings.some((f) => f.fixes.length > 0) && (
            <Button
              appearance="primary"
              onClick={() =>
                onPreviewFix(state.data.findings.filter((f) => f.fixes.length > 0).map((f) => f.id))
              }
            >
              Preview fixes for this person
            </Button>
          )}
        </Stack>
      )}
    </Stack>
  );
};
