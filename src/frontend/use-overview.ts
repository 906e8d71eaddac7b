/** Loads the panel's overview once per mount and owns its loading / error state (style.md rule 43). */
import { useEffect, useState } from 'react';
import { RESOLVER_NAMES, type ResolverError, type ResponseData } from '../contracts';
import { call } from './bridge';

export type OverviewState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: ResolverError }
  | { readonly status: 'ready'; readonly overview: ResponseData<typeof RESOLVER_NAMES.overview> };

export const useOverview = (): OverviewState => {
  const [state, setState] = useState<OverviewState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    call(RESOLVER_NAMES.overview, {})
      .then((envelope) => {
        if (!live) return;
        setState(
          envelope.ok
            ? { status: 'ready', overview: envelope.data }
            : { status: 'error', error: envelope.error },
        );
      })
      .catch(() => {
        if (live)
          setState({ status: 'error', error: { code: 'APP.INTERNAL', message: 'Could not reach the app.' } });
      });
    return () => {
      live = false;
    };
  }, []);
  return state;
};
