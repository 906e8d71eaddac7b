/**
 * CSV export of the findings under the current filter. The resolver returns the CSV text; UI Kit cannot
 * hand the browser a file, so the text is shown in a code block to copy into a file with the given name.
 */
import React from 'react';
import { Button, CodeBlock, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import { ErrorNotice } from './error-notice';
import type { FindingFilter } from './types';
import { useExport } from './use-export';

export const ExportView = ({ filter }: { readonly filter: FindingFilter }): React.JSX.Element => {
  const csv = useExport();
  const { state } = csv;
  return (
    <Stack space="space.100">
      <Button iconBefore="download" onClick={() => csv.exportCsv(filter)}>
        Export CSV
      </Button>
      {state.status === 'loading' && <Spinner label="Building the CSV export" />}
      {state.status === 'error' && (
        <ErrorNotice title="The export failed" error={state.error} onRetry={() => csv.exportCsv(filter)} />
      )}
      {state.status === 'ready' && (
        <Stack space="space.100">
          <Text>
            {`${state.data.rowCount} rows. Copy the text below into a file named ${state.data.filename} to open it in a spreadsheet.`}
          </Text>
          {state.data.truncated && (
            <SectionMessage appearance="warning" title="The export was cut short">
              <Text>
                It reached the size Forge allows in one answer. Narrow the filters and export the rest
                separately.
              </Text>
            </SectionMessage>
          )}
          <CodeBlock language="text" text={state.data.csv} />
          <Button appearance="subtle" onClick={csv.close}>
            Close export
          </Button>
        </Stack>
      )}
    </Stack>
  );
};
