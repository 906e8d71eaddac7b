/**
 * One planned action in the preview: what it does, its safety class, its inverse, why it is skipped; review
 * removals can be unticked (plan/apply skipActionKeys); guided steps show their deep link and checklist.
 */
import React from 'react';
import { Checkbox, Inline, LinkButton, List, ListItem, Lozenge, Stack, Text } from '@forge/react';
import { SAFETY_LABEL, SKIP_REASON, describeAction } from './labels';
import type { PlannedAction } from './types';

export interface PlanActionItemProps {
  readonly item: PlannedAction;
  readonly included: boolean;
  readonly onToggle: (key: string) => void;
  readonly locked: boolean;
}

export const PlanActionItem = ({
  item,
  included,
  onToggle,
  locked,
}: PlanActionItemProps): React.JSX.Element => {
  const safety = SAFETY_LABEL[item.safety];
  const { action } = item;
  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="center">
        <Lozenge appearance={safety.appearance}>{safety.text}</Lozenge>
        {item.safety === 'review' && item.skipped === null ? (
          <Checkbox
            label={describeAction(action)}
            isChecked={included}
            isDisabled={locked}
            onChange={() => onToggle(item.key)}
          />
        ) : (
          <Text>{describeAction(action)}</Text>
        )}
      </Inline>
      {item.inverse !== null && <Text>{`Undo would: ${describeAction(item.inverse)}`}</Text>}
      {item.skipped !== null && <Text>{SKIP_REASON[item.skipped.reason]}</Text>}
      {action.type === 'guidedStep' && (
        <Stack space="space.050">
          <Text>No Atlassian API can do this step; do it on the linked page, following this checklist:</Text>
          <List type="ordered">
            {action.checklist.map((line) => (
              <ListItem key={line}>{line}</ListItem>
            ))}
          </List>
          <LinkButton href={action.deepLink} target="_blank">
            Open the Atlassian page
          </LinkButton>
        </Stack>
      )}
    </Stack>
  );
};
