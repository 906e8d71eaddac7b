/** Policy tab (site admin page only): Links, protected accounts, blast-radius threshold; errors per field. */
import React from 'react';
import {
  Button,
  ErrorMessage,
  Heading,
  Label,
  SectionMessage,
  Spinner,
  Stack,
  Text,
  TextArea,
  Textfield,
  User,
} from '@forge/react';
import { ErrorNotice } from './error-notice';
import { LinkEditor } from './link-editor';
import { usePolicy } from './use-policy';

export const PolicyView = (): React.JSX.Element => {
  const policy = usePolicy();
  const { draft, errors } = policy;
  if (policy.loaded.status === 'error') {
    return (
      <ErrorNotice
        title="The policy could not be loaded"
        error={policy.loaded.error}
        onRetry={policy.reload}
      />
    );
  }
  if (draft === null) return <Spinner label="Loading the policy" />;
  const actor = policy.policy?.autoFixActorAccountId ?? null;
  return (
    <Stack space="space.200">
      <SectionMessage appearance="warning" title="Who automatic fixes run as">
        <Stack space="space.050">
          <Text>
            Auto-fix switches add accounts to groups and desks without a preview. They run with the rights of
            the admin who last saved a policy with auto-fix on: saving this page makes that you. Protected
            accounts never get automatic actions.
          </Text>
          {actor !== null && (
            <Stack space="space.050">
              <Text>Automatic fixes currently run as:</Text>
              <User accountId={actor} />
            </Stack>
          )}
        </Stack>
      </SectionMessage>
      <Heading size="small">Links</Heading>
      {draft.links.length === 0 && (
        <Text>
          No Links yet. Add one to tie a service desk to its knowledge base spaces and guest groups.
        </Text>
      )}
      {draft.links.map((link, index) => (
        <LinkEditor
          key={link.id}
          index={index}
          link={link}
          errors={errors}
          onChange={policy.editLink}
          onRemove={policy.removeLink}
        />
      ))}
      <Button iconBefore="add" onClick={policy.addLink}>
        Add link
      </Button>
      <Label labelFor="protected-accounts">Protected account ids (one per line)</Label>
      <TextArea
        id="protected-accounts"
        name="protectedAccountIds"
        value={draft.protectedAccountIds}
        isInvalid={errors.protectedAccountIds !== undefined}
        onChange={(e) => policy.edit((d) => ({ ...d, protectedAccountIds: String(e.target.value ?? '') }))}
      />
      {errors.protectedAccountIds !== undefined && <ErrorMessage>{errors.protectedAccountIds}</ErrorMessage>}
      <Label labelFor="blast-radius">
        Blast-radius threshold (removals allowed in one plan without confirmation)
      </Label>
      <Textfield
        id="blast-radius"
        name="blastRadiusThreshold"
        type="number"
        value={draft.blastRadiusThreshold}
        isInvalid={errors.blastRadiusThreshold !== undefined}
        onChange={(e) => policy.edit((d) => ({ ...d, blastRadiusThreshold: String(e.target.value ?? '') }))}
      />
      {errors.blastRadiusThreshold !== undefined && (
        <ErrorMessage>{errors.blastRadiusThreshold}</ErrorMessage>
      )}
      {errors.links !== undefined && <ErrorMessage>{errors.links}</ErrorMessage>}
      {policy.save.status === 'error' && (
        <ErrorNotice title="The policy was not saved" error={policy.save.error} />
      )}
      {policy.saved && (
        <SectionMessage appearance="success" title="Policy saved">
          <Text>The next event, watch and scan use it.</Text>
        </SectionMessage>
      )}
      <Button appearance="primary" isDisabled={policy.save.status === 'loading'} onClick={policy.submit}>
        Save policy
      </Button>
    </Stack>
  );
};
