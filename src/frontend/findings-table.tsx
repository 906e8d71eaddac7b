/**
 * One server page of findings: the person (display name, email, account ids) or space, problem, severity,
 * desks/spaces by name, and row actions.
 */
import React from 'react';
import { Button, ButtonGroup, DynamicTable, Lozenge, Stack, Text } from '@forge/react';
import { CODE_LABEL, SEVERITY_LABEL, formatTime, listOrNone } from './labels';
import { useNames } from './names-context';
import type { FindingItem } from './types';

export interface FindingsTableProps {
  readonly items: readonly FindingItem[];
  readonly isLoading: boolean;
  readonly emptyView: React.JSX.Element;
  readonly onOpenPerson: (emailKey: string) => void;
  readonly onPreviewFix: (findingIds: readonly string[]) => void;
}

const HEAD = {
  cells: [
    { key: 'subject', content: 'Person or space' },
    { key: 'problem', content: 'Problem' },
    { key: 'severity', content: 'Severity' },
    { key: 'where', content: 'Desks / spaces' },
    { key: 'updated', content: 'Updated' },
    { key: 'actions', content: 'Actions' },
  ],
};

export const FindingsTable = ({
  items,
  isLoading,
  emptyView,
  onOpenPerson,
  onPreviewFix,
}: FindingsTableProps): React.JSX.Element => {
  const names = useNames();
  const rows = items.map((f) => {
    const subject = f.subject;
    const severity = SEVERITY_LABEL[f.severity];
    return {
      key: f.id,
      cells: [
        {
          key: 'subject',
          // A person by name, then email; their account ids stay visible, smaller, for copying.
          content:
            subject.type === 'person' ? (
              <Stack space="space.025">
                <Text weight="medium">{f.subjectName ?? subject.emailKey}</Text>
                {f.subjectName !== null && <Text>{subject.emailKey}</Text>}
                {f.evidence.accountIds.length > 0 && (
                  <Text size="small" color="color.text.subtle">
                    {`Account ids: ${f.evidence.accountIds.join(', ')}`}
                  </Text>
                )}
              </Stack>
            ) : (
              <Text>{`Space ${names.space(subject.spaceKey)}`}</Text>
            ),
        },
        { key: 'problem', content: <Text>{`${CODE_LABEL[f.code]}: ${f.title}`}</Text> },
        { key: 'severity', content: <Lozenge appearance={severity.appearance}>{severity.text}</Lozenge> },
        {
          key: 'where',
          content: (
            <Text>
              {`Desks: ${listOrNone(f.scope.deskIds.map(names.desk))}; spaces: ${listOrNone(f.scope.spaceKeys.map(names.space))}`}
            </Text>
          ),
        },
        { key: 'updated', content: <Text>{formatTime(f.updatedAt)}</Text> },
        {
          key: 'actions',
          content: (
            <ButtonGroup label={`Actions for ${f.id}`}>
              {subject.type === 'person' && (
                <Button appearance="subtle" onClick={() => onOpenPerson(subject.emailKey)}>
                  Open person
                </Button>
              )}
              {f.fixes.length > 0 && (
                <Button appearance="subtle" onClick={() => onPreviewFix([f.id])}>
                  Preview fix
                </Button>
              )}
            </ButtonGroup>
          ),
        },
      ],
    };
  });
  return (
    <DynamicTable caption="Findings" head={HEAD} rows={rows} isLoading={isLoading} emptyView={emptyView} />
  );
};
