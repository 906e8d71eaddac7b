/** An error state that says what happened and what to do next, with a retry where a retry can help. */
import React from 'react';
import { Button, SectionMessage, Stack, Text } from '@forge/react';
import type { ResolverError } from '../contracts';
import { useAudienceValue } from './audience-context';
import { isRetryable, nextStep } from './messages';

export interface ErrorNoticeProps {
  readonly title: string;
  readonly error: ResolverError;
  readonly onRetry?: () => void;
}

export const ErrorNotice = ({ title, error, onRetry }: ErrorNoticeProps): React.JSX.Element => {
  const audience = useAudienceValue();
  return (
    <SectionMessage appearance={error.code === 'AUTH.FORBIDDEN' ? 'warning' : 'error'} title={title}>
      <Stack space="space.100">
        <Text>{nextStep(error, audience)}</Text>
        <Text>{`Details: ${error.message} (${error.code})`}</Text>
        {onRetry && isRetryable(error) && <Button onClick={onRetry}>Retry</Button>}
      </Stack>
    </SectionMessage>
  );
};
