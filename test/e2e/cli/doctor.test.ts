/**
 * `identity-reconciler doctor` against the emulated demo site: each docs/assumptions.md row a token can check is
 * probed read-only (pass / fail / cannot-check), every other row says why not, and every row it names exists in
 * docs/assumptions.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSite, type SiteHandle } from '../../../local/atlassian-site/index';
import { DEMO_API_TOKENS, demoScenario } from '../../../local/atlassian-site/scenarios/demo';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import { EXIT, main } from '../../../src/cli/main';

jest.setTimeout(60_000);

let site: SiteHandle;
beforeEach(async () => {
  site = await createSite({ clock: new VirtualClock({ follow: true }), seed: demoScenario() });
});
afterEach(async () => {
  await site.close();
});

const doctor = async (token: string) => {
  let stdout = '';
  let stderr = '';
  const code = await main(
    ['doctor', '--site', site.url, '--email', DEMO_API_TOKENS.alice.email, '--json', '-'],
    {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { IR_API_TOKEN: token },
      stderrIsTty: false,
    },
  );
  const json = stdout.slice(stdout.indexOf('{'));
  return {
    code,
    stdout,
    stderr,
    rows: (JSON.parse(json) as { rows: { id: string; outcome: string }[] }).rows,
  };
};

it('probes the rows a token can check, read-only, and names why the others cannot be checked', async () => {
  const { code, rows } = await doctor(DEMO_API_TOKENS.alice.token);
  const outcome = Object.fromEntries(rows.map((r) => [r.id, r.outcome]));
  expect(outcome).toMatchObject({
    T1: 'pass',
    R2: 'pass',
    R3: 'pass',
    T3: 'pass', // the email API refuses the token, as the spec says
    T4: 'cannot-check', // the demo site has JSM
    R5: 'fail', // the emulated site's baseUrl is plain http: exactly what R5 would catch on a real site
    R1: 'cannot-check',
    M1: 'cannot-check',
  });
  expect(code).toBe(EXIT.findings);
  expect(site.requests.entries).toEqual([]); // GETs only: the site logged no POST, PUT or DELETE
  const documented = readFileSync(path.join(__dirname, '../../../docs/assumptions.md'), 'utf8');
  for (const row of rows) expect(documented).toMatch(new RegExp(`^\\| ${row.id} +\\|`, 'm'));
});

it('exits 3 when the token is refused', async () => {
  const { code, rows } = await doctor('wrong-token');
  expect(rows.find((r) => r.id === 'T1')).toMatchObject({ outcome: 'fail' });
  expect(code).toBe(EXIT.unauthenticated);
});
