/**
 * "The CLI and the app always agree" (issue 17): on one emulated demo site, the Forge app's full scan (real
 * handlers, real @forge SDKs, the local runtime) and the command-line audit (Basic auth, Alice's API token) make
 * the same findings — same ids, codes, titles, explanations, evidence and fixes — except those that need an
 * email the profile hides, which only the app can read (the audit lists those accounts as not visible).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_API_TOKENS } from '../../../local/atlassian-site/scenarios/demo';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import type { Finding } from '../../../src/core/model';
import { EXIT, main } from '../../../src/cli/main';
import { DEMO_POLICY } from '../journeys/demo-policy';
import { asSiteAdmin, callResolver, startHarness, type Harness } from '../journeys/harness';

jest.setTimeout(300_000);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ir-agree-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function appFindings(h: Harness): Promise<Finding[]> {
  const items: Finding[] = [];
  let cursor: string | undefined;
  do {
    const page = await callResolver(
      h,
      'findings/list',
      { limit: 100, ...(cursor ? { cursor } : {}) },
      asSiteAdmin,
    );
    if (!page.ok) throw new Error(page.error.code);
    items.push(...(page.data.items as Finding[]));
    cursor = (page.data.cursor as string | null) ?? undefined;
  } while (cursor !== undefined);
  return items;
}

const comparable = (f: Finding) => ({
  id: f.id,
  code: f.code,
  severity: f.severity,
  subject: f.subject,
  title: f.title,
  explanation: f.explanation,
  evidence: f.evidence,
  fixes: f.fixes,
  scope: f.scope,
});

it('makes the same findings as the app, but for those that need a hidden email', async () => {
  // A clock that follows wall time: the audit's requests wait on the site's burst buckets in real time.
  const h = await startHarness({ clock: new VirtualClock({ follow: true }) });
  try {
    expect((await callResolver(h, 'policy/set', DEMO_POLICY, asSiteAdmin)).ok).toBe(true);
    expect((await callResolver(h, 'scan/start', {}, asSiteAdmin)).ok).toBe(true);
    await h.runtime.drain({ advanceClock: true });
    const app = await appFindings(h);

    const policyFile = path.join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(DEMO_POLICY));
    const out = path.join(dir, 'out');
    const alice = DEMO_API_TOKENS.alice;
    let stderr = '';
    const code = await main(
      [
        'audit',
        '--site',
        h.site.url,
        '--email',
        alice.email,
        '--cloud-id',
        h.cloudId,
        '--policy',
        policyFile,
        '--out',
        out,
      ],
      {
        stdout: () => undefined,
        stderr: (t) => (stderr += t),
        env: { IR_API_TOKEN: alice.token },
        stderrIsTty: false,
      },
    );
    expect(stderr).toBe('');
    expect(code).toBe(EXIT.ok);
    const report = JSON.parse(readFileSync(path.join(out, 'identity-audit.json'), 'utf8')) as {
      findings: Finding[];
      notVisible: { kind: string; subject: string }[];
    };
    const hidden = new Set(report.notVisible.filter((n) => n.kind === 'hidden-email').map((n) => n.subject));
    const byId = new Map(app.map((f) => [f.id, f]));
    const signature = (f: Finding) => `${f.code} ${[...f.evidence.accountIds].sort().join(',')}`;
    const bySignature = new Map(app.map((f) => [signature(f), f]));
    // Every finding of the audit is the app's own, to the letter. One about an account whose email is hidden is
    // filed under that account (`unresolved:<id>`) instead of the email, so its id and subject differ, only those.
    for (const f of report.findings) {
      if (f.evidence.accountIds.some((id) => hidden.has(id))) {
        const same = bySignature.get(signature(f));
        expect(same && { ...comparable(same), id: '', subject: null }).toEqual({
          ...comparable(f),
          id: '',
          subject: null,
        });
      } else {
        const same = byId.get(f.id);
        expect(same && comparable(same)).toEqual(comparable(f));
      }
    }
    // Every app finding the audit lacks is about an account whose email the token cannot see.
    const cli = new Set(report.findings.map(signature));
    const missing = app.filter((f) => !cli.has(signature(f)));
    expect(missing.length).toBeGreaterThan(0);
    for (const f of missing) expect(f.evidence.accountIds.some((id) => hidden.has(id))).toBe(true);
  } finally {
    await h.close();
  }
});
