/**
 * Findings tab: filters, one server page of the table, paging, CSV export; a row opens the person card
 * ("why can't X log in?") in place of the table, and "Preview fix" opens the plan preview modal.
 */
import React, { useState } from 'react';
import { Button, EmptyState, Inline, SectionMessage, Stack, Text } from '@forge/react';
import { ErrorNotice } from './error-notice';
import { ExportView } from './export-view';
import { FindingsFilters } from './findings-filters';
import { FindingsTable } from './findings-table';
import { NO_MATCH_HEADER } from './labels';
import { PersonCardView } from './person-card-view';
import { PlanModal } from './plan-modal';
import { useNames } from './names-context';
import { FINDINGS_PAGE_SIZE, useFindings } from './use-findings';
import { usePlan } from './use-plan';

/** The directory's desks or spaces plus any seen on the pages loaded so far, each once, sorted. */
const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])].sort();

const isFiltered = (filter: object): boolean =>
  Object.values(filter).some((v) => (Array.isArray(v) ? v.length > 0 : Boolean(v)));

export const FindingsView = (): React.JSX.Element => {
  const findings = useFindings();
  const plan = usePlan();
  const names = useNames();
  const [person, setPerson] = useState<string | null>(null);
  const { state } = findings;

  const planModal = (
    <PlanModal
      plan={plan}
      onClose={() => {
        plan.close();
        findings.reload();
      }}
    />
  );

  if (person !== null) {
    return (
      <Stack space="space.200">
        <PersonCardView emailKey={person} onBack={() => setPerson(null)} onPreviewFix={plan.open} />
        {planModal}
      </Stack>
    );
  }

  const items = state.status === 'ready' ? state.data.items : [];
  const emptyView = isFiltered(findings.filter) ? (
    <EmptyState header={NO_MATCH_HEADER} description="Clear the filters to see every finding." />
  ) : (
    <EmptyState
      header="No findings yet"
      description="Either everything is in order, or no scan has run yet. Run a scan from the Overview tab."
    />
  );
  const fixable = items.filter((f) => f.fixes.length > 0).map((f) => f.id);
  const total = state.status === 'ready' ? state.data.total : null;
  const more = state.status === 'ready' && state.data.totalIsLowerBound ? '+' : '';
  const pager =
    total === null
      ? `Page ${findings.page}`
      : `Page ${findings.page} of ${Math.max(1, Math.ceil(total / FINDINGS_PAGE_SIZE))}${more} · ${total}${more} ${total === 1 && more === '' ? 'finding' : 'findings'}`;

  return (
    <Stack space="space.200">
      <FindingsFilters
        filter={findings.filter}
        onChange={findings.setFilter}
        deskIds={union(names.deskIds, findings.seenDeskIds)}
        spaceKeys={union(names.spaceKeys, findings.seenSpaceKeys)}
      />
      {state.status === 'ready' && state.data.searchIsPartial && (
        <SectionMessage appearance="information" title="More than 50 people match">
          <Text>Only the findings of the first 50 are listed. Type more of the name or email to narrow.</Text>
        </SectionMessage>
      )}
      {state.status === 'error' ? (
        <ErrorNotice title="The findings could not be loaded" error={state.error} onRetry={findings.reload} />
      ) : (
        <FindingsTable
          items={items}
          isLoading={state.status !== 'ready'}
          emptyView={emptyView}
          onOpenPerson={setPerson}
          onPreviewFix={plan.open}
        />
      )}
      <Inline space="space.100" alignBlock="center">
        <Button isDisabled={findings.page === 1} onClick={findings.previous}>
          Previous page
        </Button>
        <Text>{pager}</Text>
        <Button isDisabled={!findings.hasNext || state.status !== 'ready'} onClick={findings.next}>
          Next page
        </Button>
        {fixable.length > 1 && (
          <Button appearance="primary" onClick={() => plan.open(fixable)}>
            {`Preview fixes for this page (${fixable.length})`}
          </Button>
        )}
      </Inline>
      <ExportView filter={findings.filter} />
      {planModal}
    </Stack>
  );
};
