/**
 * User consent, per installation and per account: which users have allowed the app to act as them.
 *
 * The platform rule (Forge docs, "Product fetch API" → "Contextual methods" → `api.asUser()`): "If the user
 * initiating the request has not granted permission to the app, the request is made without a valid
 * Authorization header. If the API returns a 401 and there isn't a valid Authorization header, then an Error
 * is thrown. If this error isn't caught, the user is prompted to grant access to the app. If the user grants
 * access, the app is re-initialized."
 *
 * What the proxy answers, as the SDK reads it (node_modules/@forge/api/out/api/fetch.js,
 * `handleProxyResponseErrors`): a response carrying `forge-proxy-error: NEEDS_AUTHENTICATION_ERR` is thrown
 * as `NeedsAuthenticationError` (errors.js: name `NEEDS_AUTHENTICATION_ERR`, status 401); any other
 * `forge-proxy-error` value as `ProxyRequestError` (name `PROXY_ERR`).
 *
 * So an asUser REST call (`provider: 'user'`) for an account that has not consented gets 401 with that
 * header and never reaches the site; once `grant(accountId)` ran, the call goes through. The state lives
 * in memory, or in `<kvsFile>.consent.json` (atomic writes, like the KVS file) so `npm start` keeps who
 * clicked "Allow access" across restarts. docs/local-runtime.md § "User consent".
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/** The `forge-proxy-error` value @forge/api turns into NeedsAuthenticationError (api/fetch.js). */
export const NEEDS_AUTHENTICATION_ERR = 'NEEDS_AUTHENTICATION_ERR';

const persistedSchema = z.object({ consented: z.array(z.string()) });

export interface ConsentOptions {
  /** Persist to this JSON file; omitted = memory only. */
  file?: string;
  /** Accounts that have already allowed access when the runtime starts (an installation in use). */
  granted?: Iterable<string>;
}

export class ConsentRegistry {
  private readonly accounts = new Set<string>();
  private refused = 0;

  constructor(private readonly options: ConsentOptions = {}) {
    if (options.file !== undefined && existsSync(options.file)) {
      const parsed = persistedSchema.safeParse(JSON.parse(readFileSync(options.file, 'utf8')));
      if (!parsed.success) throw new Error(`${options.file}: not a consent file (${parsed.error.message})`);
      for (const id of parsed.data.consented) this.accounts.add(id);
    }
    for (const id of options.granted ?? []) this.accounts.add(id);
    if (options.granted !== undefined) this.persist();
  }

  /** The user clicked "Allow access": their asUser calls go through from now on. */
  grant(accountId: string): void {
    if (accountId.length === 0) throw new RangeError('consent needs an account id');
    if (this.accounts.has(accountId)) return;
    this.accounts.add(accountId);
    this.persist();
  }

  /** The user revoked the app's access (Atlassian account settings → Connected apps). */
  revoke(accountId: string): void {
    if (this.accounts.delete(accountId)) this.persist();
  }

  has(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  list(): string[] {
    return [...this.accounts].sort();
  }

  /** How many asUser calls were answered with NEEDS_AUTHENTICATION_ERR (each retry counts). */
  refusals(): number {
    return this.refused;
  }

  /** The proxy's answer to an asUser call by `accountId`: a 401 consent refusal, or null to forward it. */
  gate(accountId: string): Response | null {
    if (this.accounts.has(accountId)) return null;
    this.refused += 1;
    return new Response(null, { status: 401, headers: { 'forge-proxy-error': NEEDS_AUTHENTICATION_ERR } });
  }

  private persist(): void {
    const file = this.options.file;
    if (file === undefined) return;
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify({ consented: this.list() }));
    renameSync(temp, file);
  }
}
