/**
 * What `npm start` keeps from its last run. The emulated site is re-seeded from the demo scenario at every
 * start (it lives in memory), so app data stored against the last run's site — findings, persons, plans,
 * audit entries, the scan cursor, watermarks — would describe accounts and memberships the new site no longer
 * has (and times from the last run's virtual clock). Both therefore start over: the stored KVS is cleared at
 * every start. Who clicked "Allow access" is kept (the demo's account ids are the same at every start) unless
 * `--fresh` asks to forget it too. The banner says which (issue 16 item 9).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

interface LocalData {
  readonly kvsFile: string;
  readonly consentFile: string;
  /** One banner line saying what was kept and what was cleared. */
  readonly banner: string;
}

export const prepareLocalData = (dataDir: string, options: { readonly fresh: boolean }): LocalData => {
  const kvsFile = join(dataDir, 'kvs.json');
  const consentFile = `${kvsFile}.consent.json`; // who allowed access (forge-runtime/consent.ts)
  const hadData = existsSync(kvsFile);
  rmSync(kvsFile, { force: true });
  if (options.fresh) rmSync(consentFile, { force: true });
  mkdirSync(dataDir, { recursive: true });
  const data = hadData
    ? 'app data from the last run cleared (the demo site is re-seeded at every start, so both start over)'
    : 'no app data stored yet (the demo site is seeded fresh)';
  const consent = options.fresh
    ? 'who allowed access forgotten (--fresh)'
    : 'who allowed access kept (--fresh forgets it)';
  return { kvsFile, consentFile, banner: `${data}; ${consent}. Run a scan from the Overview tab.` };
};
