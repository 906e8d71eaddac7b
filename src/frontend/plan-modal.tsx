/**
 * Plan preview modal: counts by safety class, every action with its inverse, what this admin cannot apply
 * themselves and who can, the blast-radius confirmation when the resolver asks for it, "Mark done" for guided
 * steps, then apply (only when some change is the admin's to make; disabled while none is ticked, since
 * review removals start unticked), its result and undo (plan-progress.tsx). A plan of guided steps only
 * offers "Mark done" for each step and no Apply.
 */
import React from 'react';
import {
  Button,
  Checkbox,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  ProgressBar,
  SectionMessage,
  Spinner,
  Stack,
  Text,
} from '@forge/react';
import { ErrorNotice } from './error-notice';
import { VIEWER_BLOCK_LABEL } from './labels';
import { PlanActionItem } from './plan-action-item';
import { PlanProgress } from './plan-progress';
import type { PlanHook } from './use-plan';

export const PlanModal = ({
  plan,
  onClose,
}: {
  readonly plan: PlanHook;
  readonly onClose: () => void;
}): React.JSX.Element => {
  const { preview, apply } = plan;
  const applied = apply.status === 'ready' ? apply.data : null;
  const locked = apply.status === 'loading' || applied !== null;
  const data = preview.status === 'ready' ? preview.data : null;
  const unconfirmed = data !== null && data.requiresConfirmation && !plan.confirmed;
  const needsSiteAdmin =
    data?.actions.some((a) => a.viewerCannotApply?.reason === 'needs-site-admin') ?? false;
  const blockedTitle = VIEWER_BLOCK_LABEL[needsSiteAdmin ? 'needs-site-admin' : 'needs-desk-admin'].title;
  const guidedOnly =
    plan.applicable === 0 &&
    plan.blocked.length === 0 &&
    (data?.actions.some((a) => a.action.type === 'guidedStep' && a.skipped === null) ?? false);
  return (
    <ModalTransition>
      {plan.isOpen && (
        <Modal onClose={onClose} width="large">
          <ModalHeader>
            <ModalTitle>
              {applied?.status === 'applied' ? 'Fix applied' : applied ? 'Fix result' : 'Preview fix'}
            </ModalTitle>
          </ModalHeader>
          <ModalBody>
            <Stack space="space.200">
              {preview.status === 'loading' && <Spinner label="Building the plan" />}
              {preview.status === 'error' && (
                <ErrorNotice title="The plan could not be built" error={preview.error} />
              )}
              {data && (
                <Stack space="space.200">
                  <Text>
                    {`${data.counts.safe} safe, ${data.counts.review} to review, ${data.counts.manual} manual steps. Nothing changes until you apply.`}
                  </Text>
                  {plan.blocked.length > 0 && (
                    <SectionMessage appearance="information" title={blockedTitle}>
                      <Text>
                        {plan.applicable === 0
                          ? `You cannot apply ${plan.blocked.length === 1 ? 'this step' : `these ${plan.blocked.length} steps`} yourself: the change is made with your own permissions. Nothing was changed. Each step below says who can apply it.`
                          : `${plan.blocked.length} of the steps are not yours to apply (see below): Apply leaves them out.`}
                      </Text>
                    </SectionMessage>
                  )}
                  {data.actions.map((item) => (
                    <PlanActionItem
                      key={item.key}
                      item={item}
                      included={plan.isIncluded(item.key)}
                      onToggle={plan.toggleApproval}
                      locked={locked}
                      mark={{
                        doneAt: plan.done.get(item.key) ?? null,
                        busy: plan.marking !== null,
                        onMarkDone: plan.markDone,
                      }}
                    />
                  ))}
                  {guidedOnly && (
                    <Text>
                      Every step of this plan is done by hand: do each one on its Atlassian page, then mark it
                      done.
                    </Text>
                  )}
                  {plan.applicable > 0 && plan.ticked === 0 && (
                    <Text>
                      Tick the removals you approve: nothing is applied until at least one step is ticked.
                    </Text>
                  )}
                  {data.requiresConfirmation && (
                    <SectionMessage appearance="warning" title="Large change">
                      <Stack space="space.100">
                        <Text>
                          {`This plan removes more access than the policy's blast-radius threshold (${data.blastRadiusThreshold}) allows without confirmation.`}
                        </Text>
                        <Checkbox
                          label="I have reviewed the removals and want to apply them"
                          isChecked={plan.confirmed}
                          isDisabled={locked}
                          onChange={() => plan.setConfirmed(!plan.confirmed)}
                        />
                      </Stack>
                    </SectionMessage>
                  )}
                </Stack>
              )}
              {plan.confirmStep.status === 'error' && (
                <ErrorNotice title="The step was not marked done" error={plan.confirmStep.error} />
              )}
              {apply.status === 'loading' && (
                <Stack space="space.050">
                  <Text>Applying the plan, one step at a time…</Text>
                  <ProgressBar ariaLabel="Plan progress" isIndeterminate />
                </Stack>
              )}
              {apply.status === 'error' && (
                <ErrorNotice title="The plan was not applied" error={apply.error} />
              )}
              {applied && <PlanProgress plan={plan} result={applied} />}
            </Stack>
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={onClose}>
              {applied ? 'Close' : 'Cancel'}
            </Button>
            {data && !applied && plan.applicable > 0 && (
              <Button
                appearance="primary"
                isDisabled={unconfirmed || plan.ticked === 0 || apply.status === 'loading'}
                onClick={plan.applyPlan}
              >
                Apply
              </Button>
            )}
          </ModalFooter>
        </Modal>
      )}
    </ModalTransition>
  );
};
