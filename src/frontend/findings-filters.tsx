/** Filters for the findings table: code, severity, desk, space (Select) and an email prefix search (Textfield). */
import React, { useState } from 'react';
import { Button, Inline, Label, Select, Stack, Textfield } from '@forge/react';
import { FindingCodeSchema, SeveritySchema } from '../contracts';
import { CODE_LABEL, SEARCH_LABEL, SEVERITY_LABEL } from './labels';
import { useNames } from './names-context';
import type { FindingCode, FindingFilter, Severity } from './types';

interface Option {
  readonly label: string;
  readonly value: string;
}

/** Select's onChange hands the chosen option(s); keep the values that are among the offered ones. */
const chosen = <T extends string>(selection: unknown, allowed: readonly T[]): T[] => {
  const list: unknown[] = Array.isArray(selection) ? selection : selection ? [selection] : [];
  return list
    .map((o) => (o as { value?: unknown }).value)
    .filter((v): v is T => typeof v === 'string' && (allowed as readonly string[]).includes(v));
};

const optionsOf = (values: readonly string[], label: (v: string) => string = (v) => v): Option[] =>
  values.map((value) => ({ value, label: label(value) }));

const selected = (values: readonly string[] | undefined, options: readonly Option[]): Option[] =>
  options.filter((o) => values?.includes(o.value));

export interface FindingsFiltersProps {
  readonly filter: FindingFilter;
  readonly onChange: (filter: FindingFilter) => void;
  readonly deskIds: readonly string[];
  readonly spaceKeys: readonly string[];
}

export const FindingsFilters = ({
  filter,
  onChange,
  deskIds,
  spaceKeys,
}: FindingsFiltersProps): React.JSX.Element => {
  const [text, setText] = useState(filter.search ?? '');
  const codeOptions = optionsOf(FindingCodeSchema.options, (c) => CODE_LABEL[c as FindingCode]);
  const severityOptions = optionsOf(SeveritySchema.options, (s) => SEVERITY_LABEL[s as Severity].text);
  const names = useNames();
  const deskOptions = optionsOf(deskIds, (d) => `Desk ${names.desk(d)}`);
  const spaceOptions = optionsOf(spaceKeys, (s) => `Space ${names.space(s)}`);
  return (
    <Stack space="space.100">
      <Inline space="space.100" shouldWrap>
        <Select
          isMulti
          placeholder="Problem"
          options={codeOptions}
          value={selected(filter.codes, codeOptions)}
          onChange={(v: unknown) => onChange({ ...filter, codes: chosen(v, FindingCodeSchema.options) })}
        />
        <Select
          isMulti
          placeholder="Severity"
          options={severityOptions}
          value={selected(filter.severities, severityOptions)}
          onChange={(v: unknown) => onChange({ ...filter, severities: chosen(v, SeveritySchema.options) })}
        />
        {deskOptions.length > 0 && (
          <Select
            isMulti
            placeholder="Desk"
            options={deskOptions}
            value={selected(filter.deskIds, deskOptions)}
            onChange={(v: unknown) => onChange({ ...filter, deskIds: chosen(v, deskIds) })}
          />
        )}
        {spaceOptions.length > 0 && (
          <Select
            isMulti
            placeholder="Space"
            options={spaceOptions}
            value={selected(filter.spaceKeys, spaceOptions)}
            onChange={(v: unknown) => onChange({ ...filter, spaceKeys: chosen(v, spaceKeys) })}
          />
        )}
      </Inline>
      <Label labelFor="person-search">{SEARCH_LABEL}</Label>
      <Inline space="space.100" alignBlock="center">
        <Textfield
          id="person-search"
          placeholder="grace, lee, example.com"
          value={text}
          onChange={(e) => setText(String(e.target.value ?? ''))}
        />
        <Button onClick={() => onChange({ ...filter, search: text })}>Search</Button>
        <Button
          appearance="subtle"
          onClick={() => {
            setText('');
            onChange({});
          }}
        >
          Clear filters
        </Button>
      </Inline>
    </Stack>
  );
};
