/**
 * The app against the platform rules the local runtime enforces (issue 14), through the real SDKs: each test
 * fails on the app as it was before the fix, because the runtime now answers what Forge answers.
 * Rules and sources: docs/local-runtime.md "Platform rules the runtime enforces".
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { createSite } from '../../../local/atlassian-site/index';
import {
  DEMO_DESKS,
  DEMO_IDS,
  DEMO_SPACES,
  demoScenario,
} from '../../../local/atlassian-site/scenarios/demo';
import { VirtualClock } from '../../../local/clock/virtual-clock';
import { createForgeRuntime } from '../../../local/forge-runtime';
import { DEMO_POLICY } from '../journeys/demo-policy';
import { asSiteAdmin, callResolver, ROOT, siteAction, startHarness, type Harness } from '../journeys/harness';
import { APP_ID as FIXTURE_APP_ID, FIXTURE_ROOT, startHarness as startFixture, valueOf } from './scenario';

jest.setTimeout(120_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('module contexts (Forge "Function Arguments", "Context Schema")', () => {
  it('the queue consumer finds its site in installContext (no cloudId): queued scan pages finish the scan', async () => {
    expect(await callResolver(h, 'policy/set', DEMO_POLICY, asSiteAdmin)).toMatchObject({ ok: true });
    expect(await callResolver(h, 'scan/start', {}, asSiteAdmin)).toMatchObject({
      ok: true,
      data: { state: 'running' },
    });
    const before = h.runtime.invocations.length;
    await h.runtime.drain(); // queue only: the clock does not move, no schedule fires
    const ran = h.runtime.invocations.slice(before);
    expect(ran.length).toBeGreaterThan(0);
    expect(new Set(ran.map((r) => `${r.kind}:${r.outcome}`))).toEqual(new Set(['consumer:success']));
    expect(await callResolver(h, 'scan/status', {}, asSiteAdmin)).toMatchObject({
      ok: true,
      data: { state: 'completed' },
    });
  });

  it('the scheduled functions answer {statusCode: 204} (Scheduled triggers, "Response"), not undefined', async () => {
    const before = h.runtime.invocations.length;
    await h.runtime.tick(60 * 60_000);
    const scheduled = h.runtime.invocations.slice(before).filter((r) => r.kind === 'scheduled');
    expect(new Set(scheduled.map((r) => r.functionKey))).toEqual(new Set(['watch', 'scan']));
    for (const record of scheduled)
      expect({ fn: record.functionKey, outcome: record.outcome, error: record.error }).toEqual({
        fn: record.functionKey,
        outcome: 'success',
        error: undefined,
      });
  });
});

describe('cross-app requests (Forge "App compatibility")', () => {
  const asAdmin = {
    accountId: 'admin-1',
    extension: { type: 'jira:projectSettingsPage', project: { key: 'HELP' } },
  };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ir-compat-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a single-app app calling Confluence from a Jira module gets the SDK's RequestProductNotAllowedError", async () => {
    const fixture = await startFixture(); // the fixture manifest declares no app.compatibility
    try {
      const answer = valueOf(
        await fixture.runtime.invokeResolver('fixture-settings', 'crossProduct', {}, asAdmin),
      );
      expect(answer).toEqual({
        ok: false,
        error: {
          name: 'RequestProductNotAllowedError',
          message: 'Request confluence is not allowed from jira context.',
        },
        errorName: 'REQUEST_EGRESS_ALLOWLIST_ERR', // NotAllowedError's name (@forge/api out/api/errors.js)
        status: 403,
        isRequestProductNotAllowed: true,
      });
      expect(fixture.site.requests.filter((r) => r.path.startsWith('/wiki/'))).toEqual([]);
    } finally {
      await fixture.close();
    }
  });

  it('with Confluence declared compatible the same call reaches the site', async () => {
    const manifest = parseYaml(readFileSync(path.join(FIXTURE_ROOT, 'manifest.yml'), 'utf8')) as {
      app: Record<string, unknown>;
    };
    manifest.app.compatibility = { jira: { required: true }, confluence: { required: false } };
    const manifestPath = path.join(dir, 'manifest.yml');
    writeFileSync(manifestPath, stringifyYaml(manifest));
    const fixture = await startFixture({ manifestPath });
    try {
      const answer = valueOf(
        await fixture.runtime.invokeResolver('fixture-settings', 'crossProduct', {}, asAdmin),
      );
      expect(answer).toEqual({ ok: true, status: 404 }); // the fixture's fake site has no Confluence routes
      expect(fixture.site.requests.filter((r) => r.path.startsWith('/wiki/')).length).toBe(1);
    } finally {
      await fixture.close();
    }
  });

  it('the app declares Jira required and Confluence optional, so its Jira-context jobs read Confluence', async () => {
    const meter = (await (await fetch(`${h.site.url}/__local/meter`)).json()) as {
      operations: { operationId: string; product?: string; calls: number }[];
    };
    // The scan above ran in queue invocations (Jira context) and read Confluence spaces and users.
    const confluenceCalls = meter.operations
      .filter((op) => ['getSpaces', 'createBulkUserLookup', 'getGroups'].includes(op.operationId))
      .reduce((n, op) => n + op.calls, 0);
    expect(confluenceCalls).toBeGreaterThan(0);
    expect(h.runtime.invocations.filter((r) => r.outcome === 'error')).toEqual([]);
  });
});

describe('offline impersonation (Forge manifest "Permissions", "Scopes": allowImpersonation)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ir-impersonation-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of a manifest with other scopes, written to the temp dir. */
  const withScopes = (manifestFile: string, scopes: unknown, name: string): string => {
    const manifest = parseYaml(readFileSync(manifestFile, 'utf8')) as { permissions: { scopes: unknown } };
    manifest.permissions.scopes = scopes;
    const file = path.join(dir, `${name}.yml`);
    writeFileSync(file, stringifyYaml(manifest));
    return file;
  };

  const readAs = async (manifestPath: string | undefined, as: 'invoker' | 'impersonated') => {
    const clock = new VirtualClock();
    const seed = demoScenario();
    const site = await createSite({ clock, seed, appId: FIXTURE_APP_ID });
    const runtime = await createForgeRuntime({
      appRoot: FIXTURE_ROOT,
      ...(manifestPath === undefined ? {} : { manifestPath }),
      siteUrl: site.url,
      clock,
      appId: FIXTURE_APP_ID,
      cloudId: seed.cloudId,
      consentedAccounts: [DEMO_IDS.alice], // consent is a separate rule (user-consent.test.ts)
    });
    try {
      return valueOf(
        await runtime.invokeResolver(
          'fixture-settings',
          'readUserAs',
          { accountId: DEMO_IDS.alice, as },
          { accountId: DEMO_IDS.alice, extension: {} },
        ),
      ) as { status: number; body: unknown };
    } finally {
      await runtime.close();
      await site.close();
    }
  };

  it('refuses asUser(accountId) for an operation whose scope lacks allowImpersonation (bulkGetUsers: read:jira-user)', async () => {
    // The fixture declares `read:jira-user` in list form: no scope allows impersonation.
    expect(await readAs(undefined, 'impersonated')).toEqual({
      status: 401,
      body: { code: 401, message: 'Unauthorized; scope does not match' },
    });
    expect((await readAs(undefined, 'invoker')).status).toBe(200); // asUser(): the invocation's own user
    const allowing = withScopes(
      path.join(FIXTURE_ROOT, 'manifest.yml'),
      { 'read:jira-user': { allowImpersonation: true }, 'storage:app': {} },
      'fixture-impersonation',
    );
    expect((await readAs(allowing, 'impersonated')).status).toBe(200);
  });

  it("the app's resolvers write as the calling admin through asUser(), which needs no impersonation", async () => {
    // The app's manifest with no scope allowing impersonation: a resolver's writes must still work.
    const manifest = parseYaml(readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8')) as {
      permissions: { scopes: Record<string, unknown> };
    };
    const plain = withScopes(
      path.join(ROOT, 'manifest.yml'),
      Object.keys(manifest.permissions.scopes),
      'app-plain',
    );
    const app = await startHarness({ manifestPath: plain });
    try {
      await siteAction(app, 'raise-request', {
        deskId: DEMO_DESKS.support,
        reporter: DEMO_IDS.gracePortal,
        summary: 'Cannot log in to the portal',
      });
      await app.runtime.pumpFeed();
      await app.runtime.drain({ advanceClock: true });
      const list = await callResolver(app, 'findings/list', { limit: 100 }, asSiteAdmin);
      const finding = list.ok
        ? (list.data.items as { id: string; code: string }[]).find(
            (f) => f.code === 'GUEST_WITHOUT_CUSTOMER_ROLE',
          )
        : undefined;
      expect(finding).toBeDefined();
      const preview = await callResolver(app, 'plan/preview', { findingIds: [finding?.id] }, asSiteAdmin);
      const planId = preview.ok ? (preview.data.id as string) : '';
      const applied = await callResolver(app, 'plan/apply', { planId }, asSiteAdmin);
      expect(applied).toMatchObject({ ok: true, data: { planId, actionCount: 1, error: null } });
      const writes = app.site.requests.entries.filter(
        (r) => r.method === 'POST' && r.path.startsWith('/rest/api/3/group/user?'),
      );
      expect(writes.map((w) => [w.caller, w.outcome])).toEqual([[`user:${DEMO_IDS.alice}`, 201]]);
    } finally {
      await app.close();
    }
  });
});

describe('space-settings context (module "Extension context": space.id, space.key)', () => {
  it('authorises a space admin whose context names the space by key only (the id is looked up)', async () => {
    const asErin = (space: Record<string, string>) => ({
      accountId: DEMO_IDS.erin,
      module: 'space' as const,
      extension: { type: 'confluence:spaceSettings', space },
    });
    const withId = await callResolver(
      h,
      'findings/list',
      { limit: 5 },
      asErin({ id: DEMO_SPACES.itKb, key: 'ITKB' }),
    );
    expect(withId).toMatchObject({ ok: true });
    const keyOnly = await callResolver(h, 'findings/list', { limit: 5 }, asErin({ key: 'ITKB' }));
    expect(keyOnly).toMatchObject({ ok: true });
    // Not an admin of that space: still refused.
    const notAdmin = await callResolver(h, 'findings/list', { limit: 5 }, asErin({ key: 'ENG' }));
    expect(notAdmin).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});
