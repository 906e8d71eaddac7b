/** One account of a person, for the side-by-side comparison on the person card. */
import React from 'react';
import { Box, Heading, Inline, Lozenge, Stack, Text, xcss } from '@forge/react';
import { KIND_LABEL, STATUS_LABEL, formatTime, listOrNone } from './labels';
import { useNames } from './names-context';
import type { Account } from './types';

const cardStyle = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.medium',
  padding: 'space.150',
  width: '280px',
});

const EMAIL_SOURCE: Readonly<Record<Account['emailSource'], string>> = {
  profile: 'from the profile',
  'email-api': 'read by the app (hidden on the profile)',
  unresolved: 'could not be read',
};

export const AccountCard = ({ account }: { readonly account: Account }): React.JSX.Element => {
  const kind = KIND_LABEL[account.kind];
  const status = STATUS_LABEL[account.status];
  const names = useNames();
  return (
    <Box xcss={cardStyle}>
      <Stack space="space.100">
        <Heading size="xsmall">{account.displayName || '(name hidden)'}</Heading>
        <Inline space="space.050" shouldWrap>
          <Lozenge appearance={kind.appearance}>{kind.text}</Lozenge>
          <Lozenge appearance={status.appearance}>{status.text}</Lozenge>
          {account.isGuest && <Lozenge appearance="new">Confluence guest</Lozenge>}
          {account.hasConfluenceUserRole && <Lozenge appearance="moved">Confluence user</Lozenge>}
        </Inline>
        <Text size="small">{`Account id: ${account.accountId}`}</Text>
        <Text>{`Email: ${account.email ?? 'unknown'} (${EMAIL_SOURCE[account.emailSource]})`}</Text>
        <Text>{`Groups: ${listOrNone(account.groupIds.map(names.group))}`}</Text>
        <Text>{`Customer of desks: ${listOrNone(account.customerOfDeskIds.map(names.desk))}`}</Text>
        <Text>{`Reported on desks: ${listOrNone(account.reporterOnDeskIds.map(names.desk))}`}</Text>
        {account.isGuest && (
          <Text>{`Guest of spaces: ${listOrNone(account.guestSpaceKeys.map(names.space))}`}</Text>
        )}
        <Text>{`First seen: ${formatTime(account.firstSeenAt)}`}</Text>
      </Stack>
    </Box>
  );
};
