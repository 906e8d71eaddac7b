/** One Link of the policy: desk ↔ spaces ↔ groups, allowed domains and its auto-fix switches. */
import React from 'react';
import { Button, ErrorMessage, Heading, Label, Stack, Textfield, Toggle } from '@forge/react';
import type { FieldErrors, LinkDraft } from './policy-draft';

export interface LinkEditorProps {
  readonly index: number;
  readonly link: LinkDraft;
  readonly errors: FieldErrors;
  readonly onChange: (index: number, patch: Partial<LinkDraft>) => void;
  readonly onRemove: (index: number) => void;
}

type TextKey = 'deskId' | 'spaceKeys' | 'groupIds' | 'allowedDomains';

const TEXT_FIELDS: readonly { key: TextKey; label: string; placeholder: string }[] = [
  { key: 'deskId', label: 'Service desk id', placeholder: '10' },
  { key: 'spaceKeys', label: 'Knowledge base spaces (keys, comma separated)', placeholder: 'KB, HELP' },
  { key: 'groupIds', label: 'Guest or space groups (ids, comma separated)', placeholder: 'grp-partners' },
  {
    key: 'allowedDomains',
    label: 'Allowed customer email domains (comma separated)',
    placeholder: 'example.com',
  },
];

export const LinkEditor = ({
  index,
  link,
  errors,
  onChange,
  onRemove,
}: LinkEditorProps): React.JSX.Element => {
  const at = (field: string): string | undefined => errors[`links.${index}.${field}`];
  return (
    <Stack space="space.100">
      <Heading size="xsmall">{`Link ${index + 1}`}</Heading>
      {TEXT_FIELDS.map(({ key, label, placeholder }) => (
        <Stack key={key} space="space.050">
          <Label labelFor={`link-${index}-${key}`}>{label}</Label>
          <Textfield
            id={`link-${index}-${key}`}
            name={`links.${index}.${key}`}
            placeholder={placeholder}
            value={link[key]}
            isInvalid={at(key) !== undefined}
            onChange={(e) => onChange(index, { [key]: String(e.target.value ?? '') })}
          />
          {at(key) !== undefined && <ErrorMessage>{at(key)}</ErrorMessage>}
        </Stack>
      ))}
      <Toggle
        id={`link-${index}-customerRole`}
        label="Automatically give guests of these spaces the Customer role"
        isChecked={link.customerRole}
        onChange={() => onChange(index, { customerRole: !link.customerRole })}
      />
      <Label labelFor={`link-${index}-customerRole`}>Auto-fix: give the Customer role</Label>
      <Toggle
        id={`link-${index}-linkedGroupAdd`}
        label="Automatically add desk customers who are guests of these spaces to the groups"
        isChecked={link.linkedGroupAdd}
        onChange={() => onChange(index, { linkedGroupAdd: !link.linkedGroupAdd })}
      />
      <Label labelFor={`link-${index}-linkedGroupAdd`}>Auto-fix: add to the linked groups</Label>
      {at('autoFix') !== undefined && <ErrorMessage>{at('autoFix')}</ErrorMessage>}
      <Button appearance="subtle" iconBefore="trash" onClick={() => onRemove(index)}>
        {`Remove link ${index + 1}`}
      </Button>
    </Stack>
  );
};
