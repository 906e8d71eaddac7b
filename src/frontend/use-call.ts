/**
 * One resolver call's loading / error / data state, the building block of the feature hooks. `run` is the
 * only way to invoke, so a hook calls it from an effect or a click, never from render.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Envelope, PayloadIn, ResolverError, ResolverName, ResponseData } from '../contracts';
import { call } from './bridge';

export type CallState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: ResolverError }
  | { readonly status: 'ready'; readonly data: T };

export interface CallHandle<N extends ResolverName> {
  readonly state: CallState<ResponseData<N>>;
  readonly run: (payload: PayloadIn<N>) => Promise<Envelope<ResponseData<N>>>;
  readonly reset: () => void;
}

export const useCall = <N extends ResolverName>(name: N): CallHandle<N> => {
  const [state, setState] = useState<CallState<ResponseData<N>>>({ status: 'idle' });
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const run = useCallback(
    async (payload: PayloadIn<N>) => {
      setState({ status: 'loading' });
      const envelope = await call(name, payload);
      if (live.current) {
        setState(
          envelope.ok ? { status: 'ready', data: envelope.data } : { status: 'error', error: envelope.error },
        );
      }
      return envelope;
    },
    [name],
  );
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, run, reset };
};

/** Runs the call once when the component mounts (and again only through the returned `reload`). */
export const useCallOnMount = <N extends ResolverName>(
  name: N,
  payload: PayloadIn<N>,
): CallHandle<N> & { readonly reload: () => void } => {
  const handle = useCall(name);
  const first = useRef(payload);
  const { run } = handle;
  const reload = useCallback(() => void run(first.current), [run]);
  useEffect(() => {
    void run(first.current);
  }, [run]);
  return { ...handle, reload };
};
