/** Loads the panel's overview (totals, counts by code and severity, scan progress) once per mount. */
import { RESOLVER_NAMES } from '../contracts';
import { useCallOnMount } from './use-call';

export const useOverview = () => useCallOnMount(RESOLVER_NAMES.overview, {});
