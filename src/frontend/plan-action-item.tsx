/**
 * One planned action in the preview: what it does, its safety class, its inverse, why it is skipped; review
 * removals start unticked and are applied only when ticked (left out through plan/apply skipActionKeys); an action the viewer cannot apply themselves says who
 * can (it is left out of the apply); guided steps show their deep link and checklist, and "Mark done" once
 * the admin has done them by hand (plan/confirm-step, audited as confirmed).
 */
import React from 'react';
import { Button, Checkbox, Inline, LinkButton, List, ListItem, Lozenge, Stack, Text } from '@forge/react';
import {
  CANNOT_UNDO_DESK_ADD,
  SAFETY_LABEL,
  SKIP_REASON,
  UNDO_DESK_ADD_CONDITION,
  VIEWER_BLOCK_LABEL,
  describeAction,
  formatTime,
} from './labels';
import { useNames } from './names-context';
import type { PlannedAction } from './types';

/** The guided step's "Mark done" state: when it was recorded, or whether a request is under way. */
export interface GuidedStepMark {
  readonly doneAt: number | null;
  readonly busy: boolean;
  readonly onMarkDone: (key: string) => void;
}

export interface PlanActionItemProps {
  readonly item: PlannedAction;
  readonly included: boolean;
  readonly onToggle: (key: string) => void;
  readonly locked: boolean;
  readonly mark: GuidedStepMark;
}

export const PlanActionItem = ({
  item,
  included,
  onToggle,
  locked,
  mark,
}: PlanActionItemProps): React.JSX.Element => {
  const names = useNames();
  const safety = SAFETY_LABEL[item.safety];
  const { action } = item;
  const blocked = item.viewerCannotApply === null ? null : VIEWER_BLOCK_LABEL[item.viewerCannotApply.reason];
  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="center">
        <Lozenge appearance={safety.appearance}>{safety.text}</Lozenge>
        {item.safety === 'review' && item.skipped === null && blocked === null ? (
          <Checkbox
            label={describeAction(action, names)}
            isChecked={included}
            isDisabled={locked}
            onChange={() => onToggle(item.key)}
          />
        ) : (
          <Text>{describeAction(action, names)}</Text>
        )}
      </Inline>
      {item.inverse !== null && (
        <Text>
          {`Undo would: ${describeAction(item.inverse, names)}` +
            (action.type === 'addCustomerToDesk' ? UNDO_DESK_ADD_CONDITION : '')}
        </Text>
      )}
      {item.inverse === null && action.type === 'addCustomerToDesk' && <Text>{CANNOT_UNDO_DESK_ADD}</Text>}
      {item.skipped !== null && <Text>{SKIP_REASON[item.skipped.reason]}</Text>}
      {blocked !== null && (
        <Stack space="space.050">
          <Inline>
            <Lozenge appearance="moved">{blocked.lozenge}</Lozenge>
          </Inline>
          <Text>{blocked.text}</Text>
        </Stack>
      )}
      {action.type === 'guidedStep' && (
        <Stack space="space.050">
          <Text>No Atlassian API can do this step; do it on the linked page, following this checklist:</Text>
          <List type="ordered">
            {action.checklist.map((line) => (
              <ListItem key={line}>{line}</ListItem>
            ))}
          </List>
          <Inline space="space.100" alignBlock="center">
            <LinkButton href={action.deepLink} target="_blank">
              Open the Atlassian page
            </LinkButton>
            {item.skipped !== null ? null : mark.doneAt === null ? (
              <Button isDisabled={mark.busy} onClick={() => mark.onMarkDone(item.key)}>
                Mark done
              </Button>
            ) : (
              <Inline space="space.050" alignBlock="center">
                <Lozenge appearance="success">Done</Lozenge>
                <Text>{`Marked done ${formatTime(mark.doneAt)}`}</Text>
              </Inline>
            )}
          </Inline>
        </Stack>
      )}
    </Stack>
  );
};
