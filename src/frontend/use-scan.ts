/**
 * Scan status and controls. Given the status the overview already carries, it does not fetch it again;
 * `refresh` asks scan/status, `start` asks scan/start (resume or restart) and shows what it answers.
 */
import { useCallback, useState } from 'react';
import { RESOLVER_NAMES, type ResolverError } from '../contracts';
import type { ScanStatus } from './types';
import { useCall } from './use-call';

export interface ScanHook {
  readonly status: ScanStatus;
  readonly busy: boolean;
  readonly error: ResolverError | null;
  readonly start: (mode: 'resume' | 'restart') => void;
  readonly refresh: () => void;
}

export const useScan = (initial: ScanStatus): ScanHook => {
  const [status, setStatus] = useState<ScanStatus>(initial);
  const [error, setError] = useState<ResolverError | null>(null);
  const startCall = useCall(RESOLVER_NAMES.scanStart);
  const statusCall = useCall(RESOLVER_NAMES.scanStatus);
  const settle = useCallback(
    (envelope: { ok: true; data: ScanStatus } | { ok: false; error: ResolverError }) => {
      if (envelope.ok) {
        setStatus(envelope.data);
        setError(null);
      } else {
        setError(envelope.error);
      }
    },
    [],
  );
  const { run: runStart } = startCall;
  const { run: runStatus } = statusCall;
  const start = useCallback(
    (mode: 'resume' | 'restart') => void runStart({ mode }).then(settle),
    [runStart, settle],
  );
  const refresh = useCallback(() => void runStatus({}).then(settle), [runStatus, settle]);
  const busy = startCall.state.status === 'loading' || statusCall.state.status === 'loading';
  return { status, busy, error, start, refresh };
};
