/** Overview tab: totals, findings by code (bar chart) and by severity (donut), and the scan's progress. */
import React from 'react';
import { BarChart, DonutChart, EmptyState, Inline, Spinner, Stack, Text } from '@forge/react';
import { FindingCodeSchema, SeveritySchema } from '../contracts';
import { ErrorNotice } from './error-notice';
import { CODE_LABEL, SEVERITY_LABEL, formatTime } from './labels';
import { ScanView } from './scan-view';
import type { Overview } from './types';
import { useOverview } from './use-overview';

const SCOPE_TEXT = (scope: Overview['scope']): string => {
  switch (scope.type) {
    case 'site':
      return 'the whole site';
    case 'desk':
      return `the service desk of project ${scope.projectKey}`;
    case 'space':
      return `space ${scope.spaceKey}`;
  }
};

const Summary = ({ overview }: { readonly overview: Overview }): React.JSX.Element => {
  const byCode = FindingCodeSchema.options
    .map((code) => ({ code: CODE_LABEL[code], count: overview.countsByCode[code] ?? 0 }))
    .filter((row) => row.count > 0);
  const bySeverity = SeveritySchema.options
    .map((severity) => ({
      severity: SEVERITY_LABEL[severity].text,
      count: overview.countsBySeverity[severity] ?? 0,
    }))
    .filter((row) => row.count > 0);
  return (
    <Stack space="space.200">
      <Text>
        {`${overview.totals.findings} open findings across ${overview.totals.persons} persons in ${SCOPE_TEXT(overview.scope)} (as of ${formatTime(overview.generatedAt)}).`}
      </Text>
      <Inline space="space.200" shouldWrap>
        <BarChart title="Findings by problem" data={byCode} xAccessor="code" yAccessor="count" />
        <DonutChart
          title="Findings by severity"
          data={bySeverity}
          labelAccessor="severity"
          colorAccessor="severity"
          valueAccessor="count"
        />
      </Inline>
    </Stack>
  );
};

export const OverviewView = ({
  onShowFindings,
}: {
  readonly onShowFindings: () => void;
}): React.JSX.Element => {
  const overview = useOverview();
  const { state } = overview;
  if (state.status === 'idle' || state.status === 'loading') return <Spinner label="Loading the overview" />;
  if (state.status === 'error') {
    return (
      <ErrorNotice title="The overview could not be loaded" error={state.error} onRetry={overview.reload} />
    );
  }
  const data = state.data;
  const neverScanned = data.totals.findings === 0 && data.scan.completedAt === null;
  return (
    <Stack space="space.300">
      {neverScanned ? (
        <EmptyState
          header="No findings yet"
          description="The app has not finished a scan of this site yet. Run a scan: it lists customers, guests and groups within the hourly REST budget and fills this page as it goes."
        />
      ) : data.totals.findings === 0 ? (
        <EmptyState
          header="No problems found"
          description="Every customer and guest in scope is set up consistently."
        />
      ) : (
        <Stack space="space.100">
          <Summary overview={data} />
          <Inline>
            <Text>Open the Findings tab to see each person and fix them.</Text>
          </Inline>
        </Stack>
      )}
      <ScanView initial={data.scan} onCompleted={onShowFindings} />
    </Stack>
  );
};
