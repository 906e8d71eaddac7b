/**
 * The audit's outputs (docs/cli.md "Outputs"): a terminal summary, JSON (everything), CSV (one row per
 * finding, the app's export columns plus the guided steps' deep links) and a self-contained HTML report
 * (summary, a findings table with filter and search, a card per person). All are pure functions of the
 * {@link AuditReport}; main.ts writes them. No token ever reaches a report.
 */
import { createFindingsCsv } from '../adapters/csv/findings-csv';
import { type Finding, FINDING_CODES, type Person, SEVERITIES, type Severity } from '../core/model';
import { EXPORT_COLUMNS, type ExportRow } from '../core/use-cases';
import type { AuditReport } from './audit';

export const REPORT_VERSION = 1;

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { high: 3, medium: 2, low: 1, info: 0 };

/** True when some finding is at or above `threshold`. */
export const hasFindingAtLeast = (findings: readonly Finding[], threshold: Severity): boolean =>
  findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);

const countBy = <K extends string>(
  items: readonly Finding[],
  keyOf: (f: Finding) => K,
): Record<K, number> => {
  const out = {} as Record<K, number>;
  for (const f of items) out[keyOf(f)] = (out[keyOf(f)] ?? 0) + 1;
  return out;
};

const linksOf = (f: Finding): string[] =>
  f.fixes.flatMap((x) => (x.action.type === 'guidedStep' ? [x.action.deepLink] : []));

/** Persons a finding names (by account), for cards and the table's "who" column. */
const personIndex = (persons: readonly Person[]): Map<string, Person> => {
  const byAccount = new Map<string, Person>();
  for (const p of persons) for (const a of p.accounts) byAccount.set(a.accountId, p);
  return byAccount;
};

const whoOf = (f: Finding, byAccount: Map<string, Person>): string => {
  if (f.subject.type === 'space') return `space ${f.subject.spaceKey}`;
  const names = new Set<string>();
  for (const id of f.evidence.accountIds) {
    const a = byAccount.get(id)?.accounts.find((x) => x.accountId === id);
    names.add(a === undefined ? id : `${a.displayName || id}${a.email !== null ? ` <${a.email}>` : ''}`);
  }
  return [...names].join(', ');
};

export function toJson(report: AuditReport): string {
  const findings = report.findings;
  return `${JSON.stringify(
    {
      reportVersion: REPORT_VERSION,
      tool: 'identity-reconciler audit',
      readOnly: true,
      site: report.siteUrl,
      auditedAs: report.auditedAs,
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      resumedFromCheckpoint: report.resumedFromCheckpoint,
      cloudIdKnown: report.cloudIdKnown,
      summary: {
        findings: findings.length,
        bySeverity: countBy(findings, (f) => f.severity),
        byCode: countBy(findings, (f) => f.code),
        notVisible: report.notVisible.length,
        persons: report.persons.length,
      },
      findings,
      notVisible: report.notVisible,
      persons: report.persons,
      desks: report.desks,
      linkedSpaces: report.spaces,
      requests: report.requests,
    },
    null,
    2,
  )}\n`;
}

export const CSV_COLUMNS = [...EXPORT_COLUMNS, 'deepLinks'] as const;

export function toCsv(report: AuditReport): string {
  const byEmail = new Map<string, Person>(report.persons.map((p) => [p.emailKey, p]));
  const rows = report.findings.map((f): Record<string, string> => {
    const row: ExportRow & { deepLinks: string } = {
      findingId: f.id,
      code: f.code,
      severity: f.severity,
      email: f.subject.type === 'space' ? '' : f.subject.emailKey,
      displayName:
        f.subject.type === 'space'
          ? ''
          : (byEmail.get(f.subject.emailKey)?.accounts.find((a) => a.displayName !== '')?.displayName ?? ''),
      title: f.title,
      accountIds: f.evidence.accountIds.join(' '),
      desks: f.scope.deskIds.join('; '),
      spaces: (f.subject.type === 'space' && !f.scope.spaceKeys.includes(f.subject.spaceKey)
        ? [f.subject.spaceKey, ...f.scope.spaceKeys]
        : f.scope.spaceKeys
      ).join('; '),
      fixes: f.fixes.map((x) => `${x.safety}:${x.action.type}`).join(' '),
      explanation: f.explanation,
      deepLinks: linksOf(f).join(' '),
    };
    return { ...row };
  });
  return createFindingsCsv(rows, CSV_COLUMNS);
}

export function toTerminal(report: AuditReport): string {
  const byAccount = personIndex(report.persons);
  const sev = countBy(report.findings, (f) => f.severity);
  const lines = [
    `Identity audit of ${report.siteUrl} as ${report.auditedAs} (read-only)`,
    `  ${report.findings.length} findings: ${SEVERITIES.map((s) => `${sev[s] ?? 0} ${s}`).join(', ')}`,
  ];
  const sorted = [...report.findings].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      FINDING_CODES.indexOf(a.code) - FINDING_CODES.indexOf(b.code),
  );
  for (const f of sorted) {
    lines.push(`  ${f.severity.toUpperCase().padEnd(6)} ${f.code.padEnd(27)} ${whoOf(f, byAccount)}`);
    lines.push(`         ${f.title}`);
    for (const link of linksOf(f)) lines.push(`         → ${link}`);
  }
  if (report.notVisible.length > 0) {
    lines.push(`  Not visible with this token (${report.notVisible.length}):`);
    for (const n of report.notVisible) {
      const who = byAccount.get(n.subject)?.accounts.find((a) => a.accountId === n.subject);
      const label = who === undefined ? n.subject : `${who.displayName || n.subject} (${n.subject})`;
      lines.push(`    ${n.kind.padEnd(15)} ${label}${n.needs !== null ? ` — needs ${n.needs}` : ''}`);
    }
    const hidden = report.notVisible.find((n) => n.kind === 'hidden-email');
    if (hidden !== undefined) lines.push(`    hidden-email: ${hidden.reason}`);
  }
  const methods = Object.entries(report.requests.byMethod)
    .map(([m, n]) => `${m} ${n}`)
    .join(', ');
  if (!report.cloudIdKnown)
    lines.push(
      '  Note: no --cloud-id given, so admin.atlassian.com links name the site host instead of its cloud id.',
    );
  lines.push(`  Requests: ${report.requests.sent} (${methods}); nothing was changed on the site.`);
  return `${lines.join('\n')}\n`;
}

const esc = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Only http(s) links become anchors (the site URL is user input). */
const safeLink = (url: string): string =>
  /^https?:\/\//i.test(url) ? `<a href="${esc(url)}" rel="noreferrer">${esc(url)}</a>` : esc(url);

export function toHtml(report: AuditReport): string {
  const byAccount = personIndex(report.persons);
  const sev = countBy(report.findings, (f) => f.severity);
  const findingsOf = new Map<string, Finding[]>();
  for (const f of report.findings)
    if (f.subject.type === 'person')
      findingsOf.set(f.subject.emailKey, [...(findingsOf.get(f.subject.emailKey) ?? []), f]);
  const rows = report.findings
    .map(
      (f) =>
        `<tr data-severity="${esc(f.severity)}" data-code="${esc(f.code)}">` +
        `<td class="sev ${esc(f.severity)}">${esc(f.severity)}</td><td>${esc(f.code)}</td>` +
        `<td>${esc(whoOf(f, byAccount))}</td><td><strong>${esc(f.title)}</strong><br>${esc(f.explanation)}` +
        `${linksOf(f)
          .map((l) => `<br>→ ${safeLink(l)}`)
          .join('')}</td></tr>`,
    )
    .join('\n');
  const cards = report.persons
    .filter((p) => findingsOf.has(p.emailKey))
    .map((p) => {
      const accounts = p.accounts
        .map(
          (a) =>
            `<li><code>${esc(a.accountId)}</code> ${esc(a.kind)}, ${esc(a.status)}` +
            `${a.displayName ? ` — ${esc(a.displayName)}` : ''}${a.email !== null ? ` &lt;${esc(a.email)}&gt;` : ' (email not visible)'}` +
            `${a.isGuest ? ', Confluence guest' : ''}${a.customerOfDeskIds.length > 0 ? `, customer of desk ${esc(a.customerOfDeskIds.join(', '))}` : ''}` +
            `${a.groupIds.length > 0 ? `, ${a.groupIds.length} relevant group(s)` : ''}</li>`,
        )
        .join('');
      const list = (findingsOf.get(p.emailKey) ?? [])
        .map((f) => `<li><span class="sev ${esc(f.severity)}">${esc(f.code)}</span> ${esc(f.title)}</li>`)
        .join('');
      const heading = p.emailKey.startsWith('unresolved:')
        ? `${p.accounts[0]?.displayName ?? ''} (email not visible)`
        : p.emailKey;
      return `<details class="card"><summary><h3>${esc(heading)}</h3></summary><ul>${accounts}</ul><ul>${list}</ul></details>`;
    })
    .join('\n');
  const notVisible = report.notVisible
    .map((n) => {
      const who = byAccount.get(n.subject)?.accounts.find((a) => a.accountId === n.subject);
      const name = who?.displayName ? `${esc(who.displayName)}<br>` : '';
      return (
        `<tr><td>${esc(n.kind)}</td><td>${name}<code>${esc(n.subject)}</code></td><td>${esc(n.reason)}</td>` +
        `<td>${esc(n.needs ?? '')}</td></tr>`
      );
    })
    .join('\n');
  const options = (values: readonly string[]) =>
    values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Identity audit — ${esc(report.siteUrl)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#172b4d}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #dfe1e6;padding:6px;text-align:left;vertical-align:top}
.sev.high{color:#ae2a19;font-weight:600}.sev.medium{color:#a54800}.sev.low{color:#0055cc}.sev.info{color:#44546f}
.card{border:1px solid #dfe1e6;border-radius:6px;padding:8px 12px;margin:8px 0}.card summary{cursor:pointer}.card h3{display:inline;margin:4px 0;font-size:15px}
.filters{margin:12px 0;display:flex;gap:8px}
</style></head><body>
<h1>Identity audit</h1>
<p>Site <strong>${esc(report.siteUrl)}</strong>, read-only, as ${esc(report.auditedAs)}; ${esc(report.startedAt)} – ${esc(report.finishedAt)}.
${report.requests.sent} requests, nothing changed on the site.</p>
<h2>Summary</h2>
<p id="summary">${report.findings.length} findings: ${SEVERITIES.map((s) => `${sev[s] ?? 0} ${s}`).join(', ')}; ${report.notVisible.length} items not visible with this token.</p>
<h2>Findings</h2>
<div class="filters"><select id="severity"><option value="">all severities</option>${options(SEVERITIES)}</select>
<select id="code"><option value="">all codes</option>${options(FINDING_CODES)}</select>
<input id="search" type="search" placeholder="search"></div>
<table id="findings"><thead><tr><th>Severity</th><th>Code</th><th>Who</th><th>What and how to fix</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Not visible with this token</h2>
<table><thead><tr><th>Kind</th><th>Subject</th><th>Why</th><th>Would need</th></tr></thead><tbody>
${notVisible}
</tbody></table>
<h2>People</h2>
${cards}
<script>
(function(){var s=document.getElementById('severity'),c=document.getElementById('code'),q=document.getElementById('search');
function apply(){var rows=document.querySelectorAll('#findings tbody tr'),t=q.value.toLowerCase();
for(var i=0;i<rows.length;i++){var r=rows[i];var ok=(!s.value||r.dataset.severity===s.value)&&(!c.value||r.dataset.code===c.value)&&(!t||r.textContent.toLowerCase().indexOf(t)>=0);r.style.display=ok?'':'none';}}
s.onchange=apply;c.onchange=apply;q.oninput=apply;})();
</script>
</body></html>
`;
}
