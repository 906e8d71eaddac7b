/** One server page of findings: person or space, problem, severity, desks/spaces, and row actions. */
import React from 'react';
import { Button, ButtonGroup, DynamicTable, Lozenge, Text } from '@forge/react';
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
          content: (
            <Text>
              {subject.type === 'person' ? subject.emailKey : `Space ${names.space(subject.spaceKey)}`}
            </Text>
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
