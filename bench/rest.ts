/**
 * REST lower bound (LB) and the naive baseline, metered by the emulated site itself.
 *
 * The site runs with the real governor (docs/rate-limits.md) and a points budget large enough that only
 * metering matters (no quota wall, burst buckets wide open): the bench reads `GET /__local/meter` after each
 * source, so every number is what the site charged, never a formula.
 *
 * LB (docs/use-cases.md §3 "Source list", plus the KB spaces' permissions): every list the scan needs, read
 * once, at the largest page the API allows, as the app (`X-Local-Caller: app:<id>`):
 *  1. the customers group's members (Jira group/member, 50/page, inactive included);
 *  2. the guest group's members (Confluence v1 membersByGroupId, expand=isExternalCollaborator, 200/page);
 *  3. every Link group's members (Jira group/member, 50/page);
 *  4. the desks (JSM servicedesk, 50/page) and each desk's customer list (JSM, 50/page, experimental opt-in);
 *  5. profiles of every account those lists named (Jira user/bulk, BULK_IDS per call);
 *  6. emails only of accounts whose profile hides it (Jira user/email/bulk, BULK_IDS per call);
 *  7. Confluence facts of the guest-group members (Confluence v2 users-bulk, 250 per call);
 *  8. the linked KB spaces (v2 spaces?keys, 250/page) and each one's permission assignments (250/page).
 *
 * Naive baseline (the issue's "daily per-email audit script"): list the desks and their customer lists (it has
 * to know who the customers are), then for every customer `GET /rest/api/3/user/search?query=<email>`
 * (hidden emails read first with /user/email, one by one), and for every person found `GET
 * /rest/api/3/user/groups?accountId=` one account at a time. Searching by email scans the whole site per
 * call in the emulator, so on large sites the per-customer part is run on a deterministic sample (every k-th
 * customer) and scaled by the exact population; the table says so.
 */
import { VirtualClock } from '../local/clock/virtual-clock';
import { createSite, type SiteHandle } from '../local/atlassian-site';
import type { SyntheticSite } from '../local/atlassian-site/scenarios/synthetic';
import { customersGroupName, guestsGroupName, linksOf } from './synthetic-to-core';

export const APP_ID = 'bench-app';

/** Ids per bulk lookup: the scan's batch (LIMITS.profileBatch/emailBatch) and the adapters' USER_BULK_MAX. */
export const BULK_IDS = 100;

export interface OperationRow {
  readonly key: string;
  readonly calls: number;
  readonly points: number;
}

export interface SourceRow {
  readonly source: string;
  readonly calls: number;
  readonly points: number;
  readonly items: number;
}

export interface MeteredRun {
  readonly points: number;
  readonly calls: number;
  readonly rateLimited: number;
  readonly errors: number;
  readonly operations: readonly OperationRow[];
  readonly sources: readonly SourceRow[];
  /** Extrapolated runs: how; null when everything was measured. */
  readonly method: string | null;
  /** CPU seconds the bench process spent (client + emulated site, same process). */
  readonly cpuS: number;
}

interface MeterReportBody {
  totals: { calls: number; points: number; rateLimited: number; errors: number };
  operations: { key: string; calls: number; points: number }[];
}

export interface BenchSite {
  readonly handle: SiteHandle;
  readonly synthetic: SyntheticSite;
  get(path: string, query?: Record<string, string | number | boolean | string[]>): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
  meter(): Promise<MeterReportBody>;
  resetMeter(): Promise<void>;
  close(): Promise<void>;
}

const buildQuery = (query: Record<string, string | number | boolean | string[]>): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (Array.isArray(v)) for (const x of v) params.append(k, x);
    else params.append(k, String(v));
  }
  const s = params.toString();
  return s.length === 0 ? '' : `?${s}`;
};

export const startBenchSite = async (synthetic: SyntheticSite): Promise<BenchSite> => {
  const handle = await createSite({
    clock: new VirtualClock(),
    seed: synthetic.site,
    appId: APP_ID,
    governorOptions: {
      pointsPerHour: 1_000_000_000_000,
      burst: { capacitySeconds: 1_000_000_000 },
    },
  });
  const headers = {
    'X-Local-Caller': `app:${APP_ID}`,
    'X-ExperimentalApi': 'opt-in',
    'content-type': 'application/json',
  };
  const check = async (res: Response, what: string): Promise<unknown> => {
    const text = await res.text();
    if (!res.ok) throw new Error(`${what} → ${res.status}: ${text.slice(0, 300)}`);
    return text.length === 0 ? undefined : (JSON.parse(text) as unknown);
  };
  return {
    handle,
    synthetic,
    get: async (path, query = {}) => {
      const url = `${handle.url}${path}${buildQuery(query)}`;
      return check(await fetch(url, { headers }), `GET ${path}`);
    },
    post: async (path, body) =>
      check(
        await fetch(`${handle.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
        `POST ${path}`,
      ),
    meter: async () => (await (await fetch(`${handle.url}/__local/meter`)).json()) as MeterReportBody,
    resetMeter: async () => {
      await fetch(`${handle.url}/__local/meter/reset`, { method: 'POST' });
    },
    close: () => handle.close(),
  };
};

// ---------------------------------------------------------------------------------------------------------
// Result types of the listings (only the fields the bench reads)

interface JiraUser {
  accountId: string;
  accountType?: string;
  emailAddress?: string;
  active?: boolean;
}
interface JiraPage<T> {
  values: T[];
  isLast: boolean;
}
interface JsmPage<T> {
  values: T[];
  isLastPage: boolean;
}
interface V1Page<T> {
  results: T[];
  _links: { next?: string };
}
interface V2Page<T> {
  results: T[];
  _links: { next?: string };
}

const cursorOf = (next: string | undefined): string | null => {
  if (next === undefined) return null;
  return new URL(next, 'http://x').searchParams.get('cursor');
};

/** Runs `body`, then books the metered difference as one source row. */
const source = async <T>(
  site: BenchSite,
  rows: SourceRow[],
  name: string,
  body: () => Promise<{ value: T; items: number }>,
): Promise<T> => {
  const before = (await site.meter()).totals;
  const { value, items } = await body();
  const after = (await site.meter()).totals;
  rows.push({ source: name, calls: after.calls - before.calls, points: after.points - before.points, items });
  return value;
};

const jiraGroupMembers = async (site: BenchSite, groupId: string): Promise<JiraUser[]> => {
  const out: JiraUser[] = [];
  for (let startAt = 0; ; startAt += 50) {
    const page = (await site.get('/rest/api/3/group/member', {
      groupId,
      includeInactiveUsers: true,
      startAt,
      maxResults: 50,
    })) as JiraPage<JiraUser>;
    out.push(...page.values);
    if (page.isLast || page.values.length === 0) return out;
  }
};

const jsmCustomers = async (site: BenchSite, deskId: string): Promise<JiraUser[]> => {
  const out: JiraUser[] = [];
  for (let start = 0; ; start += 50) {
    const page = (await site.get(`/rest/servicedeskapi/servicedesk/${encodeURIComponent(deskId)}/customer`, {
      start,
      limit: 50,
    })) as JsmPage<JiraUser>;
    out.push(...page.values);
    if (page.isLastPage || page.values.length === 0) return out;
  }
};

const jsmDesks = async (site: BenchSite): Promise<{ id: string }[]> => {
  const out: { id: string }[] = [];
  for (let start = 0; ; start += 50) {
    const page = (await site.get('/rest/servicedeskapi/servicedesk', { start, limit: 50 })) as JsmPage<{
      id: string;
    }>;
    out.push(...page.values);
    if (page.isLastPage || page.values.length === 0) return out;
  }
};

const batchesOf = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const summarise = async (
  site: BenchSite,
  sources: SourceRow[],
  cpuStart: NodeJS.CpuUsage,
  method: string | null,
): Promise<MeteredRun> => {
  const report = await site.meter();
  const cpu = process.cpuUsage(cpuStart);
  return {
    points: report.totals.points,
    calls: report.totals.calls,
    rateLimited: report.totals.rateLimited,
    errors: report.totals.errors,
    operations: report.operations.map((o) => ({ key: o.key, calls: o.calls, points: o.points })),
    sources,
    method,
    cpuS: (cpu.user + cpu.system) / 1e6,
  };
};

/** The REST lower bound: every needed list once, at its largest page (module comment). */
export const measureLowerBound = async (site: BenchSite): Promise<MeteredRun> => {
  const seed = site.synthetic.site;
  const links = linksOf(site.synthetic);
  const groupId = (name: string): string => {
    const g = seed.groups.find((x) => x.name === name);
    if (g === undefined) throw new Error(`no group ${name}`);
    return g.groupId;
  };
  await site.resetMeter();
  const cpuStart = process.cpuUsage();
  const rows: SourceRow[] = [];
  const named = new Map<string, JiraUser>();
  const note = (users: readonly JiraUser[]): void => {
    for (const u of users) named.set(u.accountId, { ...named.get(u.accountId), ...u });
  };

  const customersGroupId = groupId(customersGroupName(seed));
  note(
    await source(site, rows, '1 customers group members (Jira, 50/page)', async () => {
      const v = await jiraGroupMembers(site, customersGroupId);
      return { value: v, items: v.length };
    }),
  );
  const guestGroupId = groupId(guestsGroupName(seed));
  const guests = await source(site, rows, '2 guest group members (Confluence v1, 200/page)', async () => {
    const out: { accountId: string; email?: string | null }[] = [];
    for (let start = 0; ; start += 200) {
      const page = (await site.get(
        `/wiki/rest/api/group/${encodeURIComponent(guestGroupId)}/membersByGroupId`,
        {
          expand: 'isExternalCollaborator',
          start,
          limit: 200,
        },
      )) as V1Page<{ accountId: string; email?: string | null }>;
      out.push(...page.results);
      if (page._links.next === undefined || page.results.length === 0) break;
    }
    return { value: out, items: out.length };
  });
  note(guests.map((g) => ({ accountId: g.accountId, ...(g.email ? { emailAddress: g.email } : {}) })));
  const linkGroups = [...new Set(links.flatMap((l) => l.groupIds))];
  note(
    await source(
      site,
      rows,
      `3 Link groups members (${linkGroups.length} groups, Jira, 50/page)`,
      async () => {
        const all: JiraUser[] = [];
        for (const g of linkGroups) all.push(...(await jiraGroupMembers(site, g)));
        return { value: all, items: all.length };
      },
    ),
  );
  const desks = await source(site, rows, '4a desks (JSM, 50/page)', async () => {
    const v = await jsmDesks(site);
    return { value: v, items: v.length };
  });
  note(
    await source(site, rows, `4b desk customer lists (${desks.length} desks, JSM, 50/page)`, async () => {
      const all: JiraUser[] = [];
      for (const d of desks) all.push(...(await jsmCustomers(site, d.id)));
      return { value: all, items: all.length };
    }),
  );

  const ids = [...named.keys()];
  const profiles = await source(
    site,
    rows,
    `5 profiles of every listed account (Jira user/bulk, ${BULK_IDS}/call)`,
    async () => {
      const out: JiraUser[] = [];
      for (const batch of batchesOf(ids, BULK_IDS)) {
        // A one-id batch is a plain string to the spec validator: read it with getUser (same cost, 1 + 2).
        if (batch.length === 1) {
          out.push((await site.get('/rest/api/3/user', { accountId: batch[0] ?? '' })) as JiraUser);
          continue;
        }
        const page = (await site.get('/rest/api/3/user/bulk', {
          accountId: batch,
          maxResults: batch.length,
        })) as JiraPage<JiraUser>;
        out.push(...page.values);
      }
      return { value: out, items: out.length };
    },
  );
  note(profiles);
  const hidden = profiles
    .filter((p) => p.emailAddress === undefined && p.accountType !== 'app')
    .map((p) => p.accountId);
  await source(
    site,
    rows,
    `6 emails of hidden-email accounts only (Jira email/bulk, ${BULK_IDS}/call)`,
    async () => {
      for (const batch of batchesOf(hidden, BULK_IDS))
        await (batch.length === 1
          ? site.get('/rest/api/3/user/email', { accountId: batch[0] ?? '' })
          : site.get('/rest/api/3/user/email/bulk', { accountId: batch }));
      return { value: undefined, items: hidden.length };
    },
  );
  await source(
    site,
    rows,
    '7 Confluence facts of guest-group members (v2 users-bulk, 250/call)',
    async () => {
      for (const batch of batchesOf(
        guests.map((g) => g.accountId),
        250,
      ))
        await site.post('/wiki/api/v2/users-bulk', { accountIds: batch });
      return { value: undefined, items: guests.length };
    },
  );
  const spaceKeys = [...new Set(links.flatMap((l) => l.spaceKeys))];
  const spaces = await source(
    site,
    rows,
    `8a linked KB spaces (${spaceKeys.length}, v2 spaces?keys, 250/page)`,
    async () => {
      const out: { id: string; key: string }[] = [];
      for (const batch of batchesOf(spaceKeys, 250)) {
        let cursor: string | null = null;
        do {
          const page = (await site.get('/wiki/api/v2/spaces', {
            keys: batch.join(','),
            limit: 250,
            ...(cursor === null ? {} : { cursor }),
          })) as V2Page<{ id: string; key: string }>;
          out.push(...page.results);
          cursor = cursorOf(page._links.next);
        } while (cursor !== null);
      }
      return { value: out, items: out.length };
    },
  );
  await source(site, rows, '8b KB spaces permission assignments (v2, 250/page)', async () => {
    let items = 0;
    for (const s of spaces) {
      let cursor: string | null = null;
      do {
        const page = (await site.get(`/wiki/api/v2/spaces/${encodeURIComponent(s.id)}/permissions`, {
          limit: 250,
          ...(cursor === null ? {} : { cursor }),
        })) as V2Page<unknown>;
        items += page.results.length;
        cursor = cursorOf(page._links.next);
      } while (cursor !== null);
    }
    return { value: undefined, items };
  });
  return summarise(site, rows, cpuStart, null);
};

/**
 * The naive baseline (module comment). `sampleEvery` = 1 measures everything; k > 1 runs the per-customer
 * searches and group reads for every k-th customer only and scales those rows by (customers / sampled).
 */
export const measureNaive = async (site: BenchSite, sampleEvery: number): Promise<MeteredRun> => {
  await site.resetMeter();
  const cpuStart = process.cpuUsage();
  const rows: SourceRow[] = [];
  const desks = await source(site, rows, 'desks (JSM, 50/page)', async () => {
    const v = await jsmDesks(site);
    return { value: v, items: v.length };
  });
  const customers = await source(site, rows, 'desk customer lists (JSM, 50/page)', async () => {
    const byId = new Map<string, JiraUser>();
    for (const d of desks) for (const c of await jsmCustomers(site, d.id)) byId.set(c.accountId, c);
    return { value: [...byId.values()], items: byId.size };
  });
  const sample = customers.filter((_, i) => i % sampleEvery === 0);
  const scale = sample.length === 0 ? 0 : customers.length / sample.length;
  const emails = await source(site, rows, 'hidden emails, one by one (Jira user/email)', async () => {
    const out = new Map<string, string>();
    let n = 0;
    for (const c of sample) {
      if (c.emailAddress !== undefined) {
        out.set(c.accountId, c.emailAddress);
        continue;
      }
      n += 1;
      const r = (await site.get('/rest/api/3/user/email', { accountId: c.accountId })) as { email?: string };
      if (r.email !== undefined) out.set(c.accountId, r.email);
    }
    return { value: out, items: n };
  });
  const found = await source(
    site,
    rows,
    'user search by email, per customer (Jira user/search)',
    async () => {
      const ids = new Set<string>();
      const seen = new Set<string>();
      for (const c of sample) {
        const email = emails.get(c.accountId);
        ids.add(c.accountId);
        if (email === undefined || seen.has(email.toLowerCase())) continue;
        seen.add(email.toLowerCase());
        const users = (await site.get('/rest/api/3/user/search', {
          query: email,
          maxResults: 1000,
        })) as JiraUser[];
        for (const u of users) ids.add(u.accountId);
      }
      return { value: [...ids], items: seen.size };
    },
  );
  await source(site, rows, 'groups of every account found, one by one (Jira user/groups)', async () => {
    for (const id of found) await site.get('/rest/api/3/user/groups', { accountId: id });
    return { value: undefined, items: found.length };
  });
  const run = await summarise(site, rows, cpuStart, null);
  if (sampleEvery <= 1) return run;
  // Scale the per-customer rows (emails, search, groups) by customers / sampled; the listings are exact.
  const scaled = rows.map((r, i) =>
    i < 2
      ? r
      : {
          ...r,
          calls: Math.round(r.calls * scale),
          points: Math.round(r.points * scale),
          items: Math.round(r.items * scale),
        },
  );
  const points = scaled.reduce((s, r) => s + r.points, 0);
  const calls = scaled.reduce((s, r) => s + r.calls, 0);
  return {
    ...run,
    points,
    calls,
    sources: scaled,
    operations: run.operations.map((o) =>
      o.key.includes('getCustomers') || o.key.includes('getServiceDesks')
        ? o
        : { ...o, calls: Math.round(o.calls * scale), points: Math.round(o.points * scale) },
    ),
    method:
      `per-customer part measured on every ${sampleEvery}th customer (${sample.length} of ${customers.length}) ` +
      `and scaled ×${scale.toFixed(2)}; desk listings measured in full`,
  };
};
