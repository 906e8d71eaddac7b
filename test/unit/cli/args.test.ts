/** Flags and environment of `identity-reconciler audit` (src/cli/main.ts), validated with zod. */
import { EXIT, main, parseAuditArgs } from '../../../src/cli/main';

const TOKEN = 'ATATT-super-secret-value';
const base = ['--site', 'https://acme.atlassian.net', '--email', 'alice@example.com'];

const run = async (argv: string[], env: Record<string, string> = {}) => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env,
    stderrIsTty: false,
  });
  return { code, stdout, stderr };
};

it('reads the site, email and token from flags or from IR_SITE / IR_EMAIL / IR_API_TOKEN', () => {
  const fromFlags = parseAuditArgs([...base, '--token', TOKEN], {});
  expect(fromFlags).toMatchObject({ ok: true, args: { site: 'https://acme.atlassian.net', token: TOKEN } });
  const fromEnv = parseAuditArgs([], {
    IR_SITE: 'https://acme.atlassian.net/',
    IR_EMAIL: 'alice@example.com',
    IR_API_TOKEN: TOKEN,
  });
  expect(fromEnv).toMatchObject({
    ok: true,
    args: { site: 'https://acme.atlassian.net', email: 'alice@example.com', concurrency: 4, maxWait: 60 },
  });
});

it.each([
  [['--site', 'ftp://acme.atlassian.net'], 'must be https://'],
  [['--site', 'http://acme.atlassian.net'], 'must be https://'],
  [['--site', 'https://acme.atlassian.net/jira/servicedesk'], 'site root only'],
  [['--site', 'not a url'], 'not a URL'],
  [['--email', 'alice'], 'must be an email'],
  [['--fail-on', 'critical'], '--fail-on takes high, medium, low or info'],
  [['--concurrency', '50'], '--concurrency is 1 to 10'],
  [['--cloud-id', 'acme'], 'cloud id'],
  [['--unknown'], "Unknown option '--unknown'"],
])('rejects %j with a clear message (exit 2) and never prints the token', async (bad, message) => {
  const args = [...base];
  for (let i = 0; i < bad.length; i += 2) {
    const at = args.indexOf(bad[i] as string);
    if (at >= 0) args.splice(at, 2);
  }
  const result = await run(['audit', ...args, ...bad], { IR_API_TOKEN: TOKEN });
  expect(result.code).toBe(EXIT.usage);
  expect(result.stderr).toContain(message);
  expect(result.stderr + result.stdout).not.toContain(TOKEN);
});

it('asks for the token when none is given, naming the flag and the variable', async () => {
  const result = await run(['audit', ...base]);
  expect(result.code).toBe(EXIT.usage);
  expect(result.stderr).toContain('the API token is required (--token or IR_API_TOKEN)');
});

it('allows plain http only for a local emulated site', () => {
  expect(
    parseAuditArgs(['--site', 'http://127.0.0.1:4010', '--email', 'a@b.co', '--token', 't'], {}).ok,
  ).toBe(true);
});

it('refuses a policy file that is not a policy, naming the field', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const file = `${mkdtempSync(`${tmpdir()}/ir-policy-`)}/policy.json`;
  writeFileSync(file, JSON.stringify({ links: [{ id: 'x' }] }));
  const result = await run(['audit', ...base, '--policy', file], { IR_API_TOKEN: TOKEN });
  expect(result.code).toBe(EXIT.usage);
  expect(result.stderr).toContain('is not a policy: links.0.deskId');
});

it('prints usage for help and for an unknown command', async () => {
  expect((await run(['help'])).stdout).toContain('Usage: identity-reconciler audit');
  const unknown = await run(['frobnicate']);
  expect(unknown.code).toBe(EXIT.usage);
  expect(unknown.stderr).toContain("unknown command 'frobnicate'");
});
