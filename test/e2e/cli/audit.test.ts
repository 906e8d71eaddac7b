/**
 * Issue 17: `identity-reconciler audit` against the emulated demo site, over HTTP with Basic auth (the site's
 * API tokens), through the same core and adapters as the Forge app. It finds exactly the planted findings an
 * API token can see and lists the rest as not visible with the reason; it gives the same report under
 * injected 429 bursts, 5xx and dropped connections (PUT /__local/faults); it sends nothing but GET and the
 * read-only POST lookups (the site's request log); it resumes from its checkpoint; it names what a token
 * without permission cannot see; it fails clearly on a wrong token or an unreachable site.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSite, type SiteHandle } from '../../../local/atlassian-site/index';
import {
  DEMO_API_TOKENS,
  DEMO_DESKS,
  DEMO_IDS,
  DEMO_PLANTED,
  demoScenario,
} from '../../../local/atlassian-site/scenarios/demo';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import { EXIT, main } from '../../../src/cli/main';
import { DEMO_POLICY } from '../journeys/demo-policy';

jest.setTimeout(120_000);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface JsonReport {
  findings: { id: string; code: string; evidence: { accountIds: string[] } }[];
  notVisible: { kind: string; subject: string; reason: string; needs: string | null }[];
  requests: { sent: number; byMethod: Record<string, number>; byStatus: Record<string, number> };
  resumedFromCheckpoint: boolean;
}

let dir: string;
let site: SiteHandle;
let policyFile: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ir-cli-'));
  policyFile = path.join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(DEMO_POLICY));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  // The clock follows wall time, so the site's burst buckets refill while the audit waits.
  site = await createSite({
    clock: new VirtualClock({ follow: true }),
    seed: demoScenario(),
    appId: 'ir-local',
  });
});
afterEach(async () => {
  await site.close();
});

async function audit(args: string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['audit', ...args], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
    stderrIsTty: false,
  });
  return { code, stdout, stderr };
}

const alice = DEMO_API_TOKENS.alice;
const asAlice = (out: string, extra: string[] = []): Promise<Run> =>
  audit(['--site', site.url, '--email', alice.email, '--policy', policyFile, '--out', out, ...extra], {
    IR_API_TOKEN: alice.token,
  });

const readReport = (out: string): JsonReport =>
  JSON.parse(readFileSync(path.join(out, 'identity-audit.json'), 'utf8')) as JsonReport;

const signature = (code: string, accountIds: readonly string[]): string =>
  `${code} ${[...accountIds].sort().join(',')}`;

/** Accounts of the demo whose profile hides the email (a token cannot read it). */
const HIDDEN = new Set(
  demoScenario()
    .accounts.filter((a) => !a.emailVisible && a.accountType !== 'app')
    .map((a) => a.accountId),
);
/**
 * What a token can see: planted findings that compare accounts by email (or say the email API failed) are not
 * visible when one of their accounts hides its email; single-account findings stay visible.
 */
const EMAIL_COMPARING = new Set([
  'DUPLICATE_ACCOUNTS',
  'POSSIBLE_DUPLICATE',
  'UNEXPECTED_CUSTOMER',
  'EMAIL_UNRESOLVED',
]);
const needsEmail = (p: (typeof DEMO_PLANTED)[number]): boolean =>
  EMAIL_COMPARING.has(p.code) && p.accountIds.some((id) => HIDDEN.has(id));
const visiblePlanted = DEMO_PLANTED.filter((p) => !needsEmail(p))
  .map((p) => signature(p.code, p.accountIds))
  .sort();

it('finds exactly the planted findings a token can see, and lists the rest as not visible with the reason', async () => {
  const out = path.join(dir, 'clean');
  const run = await asAlice(out);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(EXIT.ok);
  const report = readReport(out);
  const found = report.findings.map((f) => signature(f.code, f.evidence.accountIds)).sort();
  expect(found).toEqual(visiblePlanted);
  // Every planted finding that is not reported names an account listed as not visible, with the reason.
  const hiddenListed = new Set(
    report.notVisible.filter((n) => n.kind === 'hidden-email').map((n) => n.subject),
  );
  for (const p of DEMO_PLANTED.filter(needsEmail))
    expect(p.accountIds.some((id) => hiddenListed.has(id))).toBe(true);
  expect(hiddenListed).toEqual(
    new Set([DEMO_IDS.kevinSignup, DEMO_IDS.heidi, DEMO_IDS.wendy, DEMO_IDS.legacy]),
  );
  for (const n of report.notVisible) expect(n.reason).toMatch(/user\/email\/bulk.*apps only/);
  expect(run.stdout).toContain('Not visible with this token (4)');
  // The outputs: CSV (the app's export columns + deep links) and a self-contained HTML report.
  const csv = readFileSync(path.join(out, 'identity-audit.csv'), 'utf8');
  expect(csv.split('\r\n')[0]).toBe(
    'findingId,email,displayName,accountIds,code,severity,desks,spaces,title,fixes,explanation,deepLinks',
  );
  expect(csv.trim().split('\r\n')).toHaveLength(visiblePlanted.length + 1);
  const html = readFileSync(path.join(out, 'identity-audit.html'), 'utf8');
  expect(html).toContain('id="search"');
  expect(html.match(/<tr data-severity=/g)).toHaveLength(visiblePlanted.length);
  expect(html).not.toMatch(/<script[^>]*src=|<link[^>]*href=/); // self-contained
  // --fail-on high: a high finding (reported case (a)) makes the exit code 1.
  const strict = await asAlice(path.join(dir, 'strict'), ['--fail-on', 'high']);
  expect(strict.code).toBe(EXIT.findings);
});

it('is read-only: the site saw only GET and the documented read-only POST lookups, and nothing changed', async () => {
  const out = path.join(dir, 'readonly');
  const writesBefore = site.state.writeLog.length;
  const run = await asAlice(out);
  expect(run.code).toBe(EXIT.ok);
  const report = readReport(out);
  expect(Object.keys(report.requests.byMethod).sort()).toEqual(['GET', 'POST']);
  // The site logs every non-GET request it receives: each one is a read (users-bulk).
  expect(site.requests.entries.length).toBe(report.requests.byMethod.POST);
  for (const entry of site.requests.entries) {
    expect(entry).toMatchObject({ method: 'POST', read: true, caller: 'basic-auth', outcome: 200 });
  }
  expect(site.state.writeLog.length).toBe(writesBefore);
  expect(run.stdout).not.toContain(alice.token);
  expect(readFileSync(path.join(out, 'identity-audit.json'), 'utf8')).not.toContain(alice.token);
});

it('gives the same report under 429 bursts, 5xx and dropped connections', async () => {
  const clean = path.join(dir, 'before-faults');
  expect((await asAlice(clean)).code).toBe(EXIT.ok);
  const put = await fetch(`${site.url}/__local/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      script: [
        { match: { operationId: 'getServerInfo' }, nth: 1, action: { kind: 'status', status: 500 } },
        {
          match: { operationId: 'getUsersFromGroup' },
          nth: [1, 2, 4],
          action: { kind: 'status', status: 429, retryAfterSeconds: 1 },
        },
        { match: { operationId: 'bulkGetUsers' }, nth: 1, action: { kind: 'status', status: 503 } },
        { match: { product: 'jsm' }, nth: 2, action: { kind: 'drop' } },
        { match: { operationId: 'createBulkUserLookup' }, nth: 1, action: { kind: 'status', status: 502 } },
      ],
    }),
  });
  expect(put.status).toBe(200);
  const faulty = path.join(dir, 'faults');
  const run = await asAlice(faulty);
  expect(run.code).toBe(EXIT.ok);
  const report = readReport(faulty);
  expect(report.requests.byStatus['429']).toBe(3);
  expect(report.requests.byStatus['503']).toBe(1);
  expect(report.requests.byStatus['500']).toBe(1);
  expect(report.requests.byStatus['502']).toBe(1);
  const ids = (r: JsonReport) => r.findings.map((f) => f.id).sort();
  expect(ids(report)).toEqual(ids(readReport(clean)));
  expect(report.notVisible).toEqual(readReport(clean).notVisible);
});

it('stops on a long rate limit with its progress saved, and resumes from the checkpoint', async () => {
  const checkpoint = path.join(dir, 'audit.checkpoint.json');
  const put = await fetch(`${site.url}/__local/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      script: [
        {
          match: { operationId: 'bulkGetUsers' },
          nth: 1,
          action: { kind: 'status', status: 429, retryAfterSeconds: 3600 },
        },
      ],
    }),
  });
  expect(put.status).toBe(200);
  const first = await asAlice(path.join(dir, 'resume-1'), ['--checkpoint', checkpoint, '--max-wait', '5']);
  expect(first.code).toBe(EXIT.interrupted);
  expect(first.stderr).toContain(`Progress is saved in ${checkpoint}`);
  const saved = JSON.parse(readFileSync(checkpoint, 'utf8')) as { requests: { sent: number }; email: string };
  expect(saved.email).toBe(alice.email);
  expect(readFileSync(checkpoint, 'utf8')).not.toContain(alice.token);
  const sentBefore = saved.requests.sent;

  const second = await asAlice(path.join(dir, 'resume-2'), ['--checkpoint', checkpoint]);
  expect(second.code).toBe(EXIT.ok);
  const report = readReport(path.join(dir, 'resume-2'));
  expect(report.resumedFromCheckpoint).toBe(true);
  // The lists read before the stop were not read again: the resumed run only sent what was left.
  const full = await asAlice(path.join(dir, 'resume-full'));
  const fullReport = readReport(path.join(dir, 'resume-full'));
  expect(report.requests.sent - sentBefore).toBeLessThan(fullReport.requests.sent);
  expect(report.findings.map((f) => f.id).sort()).toEqual(fullReport.findings.map((f) => f.id).sort());
  expect(full.code).toBe(EXIT.ok);
});

it('names what a token without the permission cannot see: desks the user is no agent of', async () => {
  const carol = DEMO_API_TOKENS.carol;
  const out = path.join(dir, 'carol');
  const run = await audit(
    ['--site', site.url, '--email', carol.email, '--policy', policyFile, '--out', out, '--progress'],
    { IR_API_TOKEN: carol.token },
  );
  expect(run.code).toBe(EXIT.ok);
  // --progress: counts on stderr even though it is not a terminal, ending with the finished line.
  expect(run.stderr).toMatch(
    /audit: (\d+)\/\1 sources \(finished\), \d+ accounts, \d+ persons evaluated, \d+ requests\n$/,
  );
  const desks = readReport(out)
    .notVisible.filter((n) => n.kind === 'desk-customers')
    .map((n) => ({ subject: n.subject, needs: n.needs }));
  expect(desks).toEqual(
    [DEMO_DESKS.hr, DEMO_DESKS.support].map((id) => ({
      subject: `desk:${id}`,
      needs: "Service Desk agent or Administer projects on the desk's project, or Jira admin",
    })),
  );
  expect(run.stdout).toContain('desk-customers');
});

it('reports a site without Jira Service Management as such and audits the rest', async () => {
  // The emulated site always has JSM: every JSM call answers 404 here, as on a site without the product.
  const put = await fetch(`${site.url}/__local/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      script: [{ match: { product: 'jsm' }, action: { kind: 'status', status: 404 } }],
    }),
  });
  expect(put.status).toBe(200);
  const out = path.join(dir, 'without-jsm');
  const run = await asAlice(out);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(EXIT.ok);
  const report = readReport(out);
  expect(report.notVisible).toContainEqual({
    kind: 'desks',
    subject: 'product:jsm',
    reason: expect.stringMatching(/no Jira Service Management \(404\)/) as string,
    needs: null,
  });
  expect(report.findings.map((f) => f.code)).toContain('GUEST_WITHOUT_SPACE'); // Confluence findings remain
});

it('stops with a clear message (exit 7) on a site without Confluence, which the account reads need', async () => {
  const put = await fetch(`${site.url}/__local/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      script: [{ match: { product: 'confluence' }, action: { kind: 'status', status: 404 } }],
    }),
  });
  expect(put.status).toBe(200);
  const run = await asAlice(path.join(dir, 'without-confluence'));
  expect(run.code).toBe(EXIT.unsupported);
  expect(run.stderr).toContain('it seems to have no Confluence');
});

it('stops with exit 4 and names the permission the account lacks for the reads it cannot do without', async () => {
  const judy = DEMO_API_TOKENS.judy; // a Confluence guest: no "Browse users and groups"
  const run = await audit(['--site', site.url, '--email', judy.email], { IR_API_TOKEN: judy.token });
  expect(run.code).toBe(EXIT.forbidden);
  expect(run.stderr).toMatch(
    /lacks the Jira global permission "Browse users and groups".*\n {2}It needs: Browse users and groups/,
  );
});

it('fails clearly: a wrong token exits 3 without echoing it, an unreachable site exits 5', async () => {
  const wrong = await audit(['--site', site.url, '--email', alice.email], {
    IR_API_TOKEN: 'not-the-token-123',
  });
  expect(wrong.code).toBe(EXIT.unauthenticated);
  expect(wrong.stderr).toContain('refused the email and API token (401)');
  expect(wrong.stderr + wrong.stdout).not.toContain('not-the-token-123');
  const closed = site.url;
  await site.close();
  const unreachable = await audit(['--site', closed, '--email', alice.email], { IR_API_TOKEN: alice.token });
  expect(unreachable.code).toBe(EXIT.unreachable);
  expect(unreachable.stderr).toContain('could not be reached');
  site = await createSite({ clock: new VirtualClock({ follow: true }), seed: demoScenario() }); // for afterEach
});
