/**
 * `identity-reconciler audit`: the command-line entry (package.json `bin`, `npm run audit -- …`). Parses and
 * validates flags and environment variables with zod, runs {@link runAudit}, prints the terminal summary,
 * writes the JSON / CSV / HTML reports and exits with a documented code (docs/cli.md "Exit codes").
 * The API token is read from `--token` or IR_API_TOKEN and never printed, logged or written.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PolicySchema } from '../contracts';
import type { Policy } from '../core/model';
import { type AuditCheckpoint, type AuditFailure, type AuditProgress, runAudit } from './audit';
import { doctorText, runDoctor } from './doctor';
import { hasFindingAtLeast, toCsv, toHtml, toJson, toTerminal } from './report';

/** Exit codes (docs/cli.md). */
export const EXIT = {
  ok: 0,
  /** `--fail-on` matched: a finding at or above that severity. */
  findings: 1,
  usage: 2,
  unauthenticated: 3,
  forbidden: 4,
  unreachable: 5,
  /** Rate limited or the site stopped answering; rerun with the same --checkpoint to resume. */
  interrupted: 6,
  /** The site lacks a product the audit cannot do without (Confluence). */
  unsupported: 7,
  internal: 70,
} as const;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const SiteUrlSchema = z
  .string({ error: 'the site URL is required (--site or IR_SITE)' })
  .trim()
  .transform((raw, ctx) => {
    const fail = (message: string): never => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return fail('the site URL is not a URL (e.g. https://your-site.atlassian.net)');
    }
    if (!(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))))
      return fail('the site URL must be https:// (plain http only for a local emulated site)');
    if (url.pathname.replace(/\/+$/, '') !== '' || url.search !== '' || url.username !== '')
      return fail('give the site root only, e.g. https://your-site.atlassian.net (no path, query or user)');
    return url.origin;
  });

const AuditArgsSchema = z.strictObject({
  site: SiteUrlSchema,
  email: z.email({ error: 'the account email is required and must be an email (--email or IR_EMAIL)' }),
  token: z
    .string({ error: 'the API token is required (--token or IR_API_TOKEN)' })
    .min(1, { error: 'the API token is empty (--token or IR_API_TOKEN)' }),
  cloudId: z
    .string()
    .regex(/^[0-9a-f-]{36}$/i, { error: "--cloud-id is the site's cloud id (a UUID)" })
    .optional(),
  policy: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  checkpoint: z.string().min(1).optional(),
  fresh: z.boolean(),
  failOn: z
    .enum(['high', 'medium', 'low', 'info'], { error: '--fail-on takes high, medium, low or info' })
    .optional(),
  concurrency: z.coerce.number().int().min(1).max(10, { error: '--concurrency is 1 to 10' }),
  maxWait: z.coerce.number().int().min(1).max(3600, { error: '--max-wait is 1 to 3600 seconds' }),
  quiet: z.boolean(),
  progress: z.boolean(),
});
export type AuditArgs = z.infer<typeof AuditArgsSchema>;

const DoctorArgsSchema = AuditArgsSchema.pick({ site: true, email: true, token: true }).extend({
  json: z.string().min(1).optional(),
});

/** A policy file as the admin page saves it; schemaVersion and the plan settings may be left out. */
const PolicyFileSchema = PolicySchema.extend({
  schemaVersion: z.literal(1).default(1),
  protectedAccountIds: PolicySchema.shape.protectedAccountIds.default([]),
  blastRadiusThreshold: PolicySchema.shape.blastRadiusThreshold.default(10),
  autoFixActorAccountId: PolicySchema.shape.autoFixActorAccountId.default(null),
});

const NO_LINKS: Policy = {
  schemaVersion: 1,
  links: [],
  protectedAccountIds: [],
  blastRadiusThreshold: 10,
  autoFixActorAccountId: null,
};

export const USAGE = `Usage: identity-reconciler audit --site <url> --email <email> [options]
  Read-only audit of an Atlassian cloud site with an API token (docs/cli.md).
  --site <url>          site root, e.g. https://acme.atlassian.net     (env IR_SITE)
  --email <email>       the Atlassian account the token belongs to      (env IR_EMAIL)
  --token <token>       API token (prefer the env variable)             (env IR_API_TOKEN)
  --cloud-id <uuid>     the site's cloud id, for admin.atlassian.com links (env IR_CLOUD_ID)
  --policy <file.json>  Link policy (desk ↔ spaces ↔ groups, allowed domains), as the admin page saves it
  --out <dir>           write identity-audit.json, .csv and .html there
  --checkpoint <file>   save progress as it goes; rerun to resume (--fresh starts over)
  --fail-on <severity>  exit 1 when a finding is at or above high | medium | low | info
  --concurrency <n>     requests in flight at most (1-10, default 4)
  --max-wait <s>        longest Retry-After the audit waits out before stopping (default 60)
  --quiet | --progress  no progress / progress on stderr even when it is not a terminal

Usage: identity-reconciler doctor --site <url> --email <email> [--json <file>|-]
  Probes, read-only, each docs/assumptions.md row an API token can check: pass / fail / cannot-check.
  Exit 0 when nothing failed, 1 when a row failed, 3 on a refused token, 5 when the site is unreachable.
`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stderrIsTty: boolean;
  readonly fetch?: typeof fetch;
}

type Parsed = { ok: true; args: AuditArgs } | { ok: false; message: string };

export function parseAuditArgs(argv: readonly string[], env: CliIo['env']): Parsed {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        site: { type: 'string' },
        email: { type: 'string' },
        token: { type: 'string' },
        'cloud-id': { type: 'string' },
        policy: { type: 'string' },
        out: { type: 'string' },
        checkpoint: { type: 'string' },
        fresh: { type: 'boolean', default: false },
        'fail-on': { type: 'string' },
        concurrency: { type: 'string', default: '4' },
        'max-wait': { type: 'string', default: '60' },
        quiet: { type: 'boolean', default: false },
        progress: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  const parsed = AuditArgsSchema.safeParse({
    site: values.site ?? env.IR_SITE,
    email: values.email ?? env.IR_EMAIL,
    token: values.token ?? env.IR_API_TOKEN,
    cloudId: values['cloud-id'] ?? env.IR_CLOUD_ID,
    policy: values.policy,
    out: values.out,
    checkpoint: values.checkpoint,
    fresh: values.fresh,
    failOn: values['fail-on'],
    concurrency: values.concurrency,
    maxWait: values['max-wait'],
    quiet: values.quiet,
    progress: values.progress,
  });
  if (!parsed.success)
    // Messages only: zod issues never carry the token's value here (no input echo in these messages).
    return { ok: false, message: parsed.error.issues.map((i) => i.message).join('; ') };
  return { ok: true, args: parsed.data };
}

const readPolicy = (file: string | undefined): Policy | string => {
  if (file === undefined) return NO_LINKS;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    return `the policy file ${file} cannot be read as JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  const parsed = PolicyFileSchema.safeParse(raw);
  if (!parsed.success)
    return `the policy file ${file} is not a policy: ${parsed.error.issues
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ')}`;
  return parsed.data;
};

const CheckpointSchema = z.looseObject({
  version: z.literal(1),
  siteUrl: z.string(),
  email: z.string(),
  startedAt: z.string(),
  state: z.looseObject({}),
  notVisible: z.array(z.looseObject({})),
  requests: z.looseObject({}),
});

const readCheckpoint = (file: string, args: AuditArgs): AuditCheckpoint | null | string => {
  if (args.fresh || !existsSync(file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return `the checkpoint ${file} is not valid JSON (use --fresh to start over)`;
  }
  const parsed = CheckpointSchema.safeParse(raw);
  if (!parsed.success) return `the checkpoint ${file} is not an audit checkpoint (use --fresh to start over)`;
  if (parsed.data.siteUrl !== args.site || parsed.data.email !== args.email)
    return `the checkpoint ${file} belongs to another site or account (use --fresh to start over)`;
  return raw as AuditCheckpoint;
};

const writeAtomically = (file: string, text: string): void => {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
};

const EXIT_OF: Readonly<Record<AuditFailure['kind'], number>> = {
  unauthenticated: EXIT.unauthenticated,
  forbidden: EXIT.forbidden,
  unreachable: EXIT.unreachable,
  interrupted: EXIT.interrupted,
  unsupported: EXIT.unsupported,
  unexpected: EXIT.internal,
};

const describeFailure = (f: AuditFailure, checkpoint: string | undefined): string => {
  switch (f.kind) {
    case 'forbidden':
      return `${f.message}\n  It needs: ${f.needs}.`;
    case 'interrupted':
      return `${f.message}\n  ${
        checkpoint === undefined
          ? 'Rerun with --checkpoint <file> to keep progress between runs.'
          : `Progress is saved in ${checkpoint}: rerun the same command to resume.`
      }`;
    default:
      return f.message;
  }
};

const progressLine = (p: AuditProgress): string =>
  `audit: ${p.sourcesDone}/${p.sourcesTotal} sources (${p.phase}), ${p.accountsSeen} accounts, ` +
  `${p.personsEvaluated} persons evaluated, ${p.requests} requests\n`;

export async function runAuditCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseAuditArgs(argv, io.env);
  if (!parsed.ok) {
    io.stderr(`identity-reconciler audit: ${parsed.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const { args } = parsed;
  const policy = readPolicy(args.policy);
  if (typeof policy === 'string') {
    io.stderr(`identity-reconciler audit: ${policy}\n`);
    return EXIT.usage;
  }
  const resumeFrom = args.checkpoint === undefined ? null : readCheckpoint(args.checkpoint, args);
  if (typeof resumeFrom === 'string') {
    io.stderr(`identity-reconciler audit: ${resumeFrom}\n`);
    return EXIT.usage;
  }
  const showProgress = !args.quiet && (args.progress || io.stderrIsTty);
  const checkpointFile = args.checkpoint;
  const result = await runAudit({
    siteUrl: args.site,
    email: args.email,
    apiToken: args.token,
    cloudId: args.cloudId ?? null,
    policy,
    concurrency: args.concurrency,
    maxWaitMs: args.maxWait * 1000,
    resumeFrom,
    ...(checkpointFile !== undefined
      ? {
          onCheckpoint: (c: AuditCheckpoint) => {
            writeAtomically(checkpointFile, JSON.stringify(c));
            return Promise.resolve();
          },
        }
      : {}),
    ...(showProgress ? { onProgress: (p: AuditProgress) => io.stderr(progressLine(p)) } : {}),
    ...(io.fetch !== undefined ? { fetch: io.fetch } : {}),
  });
  if (!result.ok) {
    io.stderr(`identity-reconciler audit: ${describeFailure(result.error, checkpointFile)}\n`);
    return EXIT_OF[result.error.kind];
  }
  const report = result.value;
  io.stdout(toTerminal(report));
  if (args.out !== undefined) {
    mkdirSync(args.out, { recursive: true });
    writeAtomically(join(args.out, 'identity-audit.json'), toJson(report));
    writeAtomically(join(args.out, 'identity-audit.csv'), toCsv(report));
    writeAtomically(join(args.out, 'identity-audit.html'), toHtml(report));
    io.stdout(`  Reports: ${join(args.out, 'identity-audit.{json,csv,html}')}\n`);
  }
  return args.failOn !== undefined && hasFindingAtLeast(report.findings, args.failOn)
    ? EXIT.findings
    : EXIT.ok;
}

export async function runDoctorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        site: { type: 'string' },
        email: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'string' },
      },
    }));
  } catch (e) {
    io.stderr(`identity-reconciler doctor: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const parsed = DoctorArgsSchema.safeParse({
    site: values.site ?? io.env.IR_SITE,
    email: values.email ?? io.env.IR_EMAIL,
    token: values.token ?? io.env.IR_API_TOKEN,
    json: values.json,
  });
  if (!parsed.success) {
    io.stderr(
      `identity-reconciler doctor: ${parsed.error.issues.map((i) => i.message).join('; ')}\n\n${USAGE}`,
    );
    return EXIT.usage;
  }
  const args = parsed.data;
  const result = await runDoctor({
    siteUrl: args.site,
    email: args.email,
    apiToken: args.token,
    ...(io.fetch !== undefined ? { fetch: io.fetch } : {}),
  });
  if (!result.ok) {
    io.stderr(`identity-reconciler doctor: ${result.error.message}\n`);
    return result.error.kind === 'unreachable' ? EXIT.unreachable : EXIT.interrupted;
  }
  io.stdout(doctorText(result.value));
  const json = `${JSON.stringify({ reportVersion: 1, ...result.value }, null, 2)}\n`;
  if (args.json === '-') io.stdout(json);
  else if (args.json !== undefined) writeAtomically(args.json, json);
  const t1 = result.value.rows.find((r) => r.id === 'T1');
  if (t1?.outcome === 'fail' && /answered 401/.test(t1.detail)) return EXIT.unauthenticated;
  return result.value.rows.some((r) => r.outcome === 'fail') ? EXIT.findings : EXIT.ok;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'audit') return runAuditCommand(rest, io);
  if (command === 'doctor') return runDoctorCommand(rest, io);
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(USAGE);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  io.stderr(`identity-reconciler: unknown command '${command}'\n\n${USAGE}`);
  return EXIT.usage;
}

/** Runs the CLI on this process's argv, streams and environment; sets the exit code. */
export function runFromProcess(): void {
  main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    stderrIsTty: process.stderr.isTTY === true,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `identity-reconciler: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = EXIT.internal;
    },
  );
}

if (require.main === module) runFromProcess();
