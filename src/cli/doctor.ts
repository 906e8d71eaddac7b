/**
 * `identity-reconciler doctor`: probes, read-only and with the audit's API token, each docs/assumptions.md row a
 * token can check (src/adapters/jira/assumption-probes.ts), and says for every other row why it cannot be
 * checked this way. pass / fail / cannot-check per row, as text and JSON (docs/cli.md "doctor").
 */
import { isUpstreamError } from '../core/ports';
import { err, ok, type Result } from '../core/result';
import { createBasicAuthTransport } from '../adapters/http/basic-auth-transport';
import { InstallationLimits, systemTime } from '../adapters/http/limits';
import { createRestClient } from '../adapters/http/request';
import { probeAssumptions, type ProbeResult } from '../adapters/jira/assumption-probes';

/** Rows of docs/assumptions.md no API token can check, and why (test/unit/cli/doctor.test.ts pins the ids). */
export const NOT_PROBED: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    Array.from({ length: 14 }, (_, i) => [
      `M${i + 1}`,
      'needs the app deployed and installed (manifest, events, storage): see docs/release-checklist.md',
    ]),
  ),
  R1: 'the email API answers apps only (asApp), not an API token',
  R4: 'needs knowledge-base spaces set to "Anyone" and to "All logged-in users" and space-permission reads',
  C1: "needs the app installed: it is about Forge's user-consent step",
  T2: 'rate-limit headers only show on a 429, which a probe must not provoke',
  T5: 'the cloud id is not in the REST APIs the token may call',
};

export type DoctorRow = ProbeResult;

export interface DoctorReport {
  readonly site: string;
  readonly checkedAs: string;
  readonly rows: readonly DoctorRow[];
}

export type DoctorFailure = { readonly kind: 'unreachable' | 'interrupted'; readonly message: string };

export async function runDoctor(options: {
  readonly siteUrl: string;
  readonly email: string;
  readonly apiToken: string;
  readonly fetch?: typeof fetch;
}): Promise<Result<DoctorReport, DoctorFailure>> {
  let answered = 0;
  const client = createRestClient({
    as: 'current-user',
    points: { record: () => undefined }, // API-token traffic books no app points (assumptions T2)
    limits: new InstallationLimits(systemTime, 2),
    transport: createBasicAuthTransport({
      siteUrl: options.siteUrl,
      email: options.email,
      apiToken: options.apiToken,
      onResponse: () => {
        answered += 1;
      },
      ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    }),
  });
  let probed: ProbeResult[];
  try {
    probed = await probeAssumptions(client);
  } catch (e) {
    if (!isUpstreamError(e)) throw e;
    return err({
      kind: answered === 0 ? 'unreachable' : 'interrupted',
      message:
        answered === 0
          ? `The site could not be reached at this URL (${e.message}).`
          : `The site stopped answering (${e.message}).`,
    });
  }
  const rows: DoctorRow[] = [
    ...probed,
    ...Object.entries(NOT_PROBED).map(([id, why]): DoctorRow => ({
      id,
      outcome: 'cannot-check',
      detail: why,
    })),
  ];
  return ok({ site: options.siteUrl, checkedAs: options.email, rows });
}

export const doctorText = (report: DoctorReport): string =>
  [
    `Assumption check of ${report.site} as ${report.checkedAs} (read-only; rows of docs/assumptions.md)`,
    ...report.rows.map((r) => `  ${r.outcome.toUpperCase().padEnd(12)} ${r.id.padEnd(4)} ${r.detail}`),
    '',
  ].join('\n');
