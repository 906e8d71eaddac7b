/** CSV export of the findings under the current filter (the resolver builds the CSV text). */
import { useCallback } from 'react';
import { RESOLVER_NAMES } from '../contracts';
import { compactFilter } from './filter';
import type { FindingFilter } from './types';
import { useCall } from './use-call';

export const useExport = () => {
  const exportCall = useCall(RESOLVER_NAMES.findingsExportCsv);
  const { run, reset } = exportCall;
  const exportCsv = useCallback(
    (filter: FindingFilter) => {
      const compact = compactFilter(filter);
      void run(compact ? { filter: compact } : {});
    },
    [run],
  );
  return { state: exportCall.state, exportCsv, close: reset };
};
