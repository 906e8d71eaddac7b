/**
 * UI ↔ resolver contracts (src/contracts) and the resolver entry (src/handlers/resolver.ts): one name table,
 * strict payloads that never carry identity or scope, the envelope, and the real @forge/resolver dispatch.
 */
import type { z } from 'zod';
import {
  ALL_RESOLVER_NAMES,
  RESOLVER_CONTRACTS,
  RESOLVER_NAMES,
  envelopeSchema,
  OverviewResponseSchema,
  type ResolverName,
} from '../../../src/contracts';
import { PANEL_MODULES } from '../../../src/handlers/resolver-context.schema';
import { RESOLVER_DEFINITIONS, resolver } from '../../../src/handlers/resolver';

const IDENTITY_KEYS = ['accountId', 'projectKey', 'projectId', 'spaceKey', 'spaceId', 'cloudId'];

const VALID_PAYLOADS: Record<ResolverName, unknown> = {
  overview: {},
  'findings/list': {
    filter: { codes: ['DUPLICATE_ACCOUNTS'], severities: ['high'], search: 'ann@' },
    limit: 50,
  },
  'person/card': { emailKey: 'ann@example.com' },
  'plan/preview': { findingIds: ['DUPLICATE_ACCOUNTS:ann@example.com'] },
  'plan/apply': { planId: 'plan-1', confirm: true },
  'audit/undo': { auditId: 'audit-1' },
  'plan/confirm-step': { planId: 'plan-1', actionKey: 'guide:x' },
  directory: {},
  'scan/start': { mode: 'restart' },
  'scan/status': {},
  'policy/get': {},
  'policy/set': {
    links: [
      {
        id: 'link-1',
        deskId: '1',
        spaceKeys: ['KB'],
        groupIds: ['276f955c-63d7-42c8-9520-92d01dca0625'],
        allowedDomains: ['example.com'],
        autoFix: { customerRole: true, linkedGroupAdd: false },
      },
    ],
    protectedAccountIds: ['5b10a2844c20165700ede21g'],
    blastRadiusThreshold: 10,
  },
  'audit/list': { limit: 10 },
  'findings/export-csv': {},
};

/** Every object key a schema accepts, however deep (zod 4 definitions). */
const keysOf = (schema: z.ZodType, seen = new Set<unknown>()): string[] => {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const children: unknown[] = [];
  const keys: string[] = [];
  if (def.shape && typeof def.shape === 'object') {
    for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) {
      keys.push(key);
      children.push(child);
    }
  }
  for (const field of ['element', 'innerType', 'in', 'out', 'valueType'])
    if (def[field]) children.push(def[field]);
  if (Array.isArray(def.options)) children.push(...(def.options as unknown[]));
  return [...keys, ...children.flatMap((child) => keysOf(child as z.ZodType, seen))];
};

describe('resolver names', () => {
  it('are exactly the ones the panels need, each once', () => {
    expect([...ALL_RESOLVER_NAMES].sort()).toEqual(
      [
        'overview',
        'findings/list',
        'person/card',
        'plan/preview',
        'plan/apply',
        'audit/undo',
        'scan/start',
        'scan/status',
        'policy/get',
        'policy/set',
        'audit/list',
        'findings/export-csv',
        'plan/confirm-step',
        'directory',
      ].sort(),
    );
    expect(Object.keys(RESOLVER_CONTRACTS).sort()).toEqual([...ALL_RESOLVER_NAMES].sort());
    expect(Object.keys(RESOLVER_DEFINITIONS).sort()).toEqual([...ALL_RESOLVER_NAMES].sort());
  });
});

describe('the key walker', () => {
  it('sees nested keys through optional, default, array and union wrappers (so the identity check is real)', () => {
    expect(keysOf(RESOLVER_CONTRACTS['policy/set'].payload)).toEqual(
      expect.arrayContaining(['links', 'allowedDomains', 'customerRole', 'protectedAccountIds']),
    );
    expect(keysOf(RESOLVER_CONTRACTS['findings/list'].payload)).toEqual(
      expect.arrayContaining(['filter', 'search', 'limit']),
    );
    expect(keysOf(RESOLVER_CONTRACTS['person/card'].response)).toContain('accountId');
  });
});

describe.each(ALL_RESOLVER_NAMES.map((name) => [name] as const))('%s payload', (name) => {
  const schema = RESOLVER_CONTRACTS[name].payload;

  it('accepts a valid payload', () => {
    const parsed = schema.safeParse(VALID_PAYLOADS[name]);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('declares no identity or scope field anywhere (they come from the Forge context)', () => {
    expect(keysOf(schema).filter((key) => IDENTITY_KEYS.includes(key))).toEqual([]);
  });

  it.each(['accountId', 'projectKey', 'spaceKey', 'unexpected'])('rejects an extra top-level %s', (key) => {
    const payload = { ...(VALID_PAYLOADS[name] as object), [key]: 'x' };
    const parsed = schema.safeParse(payload);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('rejects a __proto__ key', () => {
    expect(schema.safeParse(JSON.parse('{"__proto__":{"admin":true}}')).success).toBe(false);
  });
});

describe('nested payload objects are strict too', () => {
  it.each([
    ['findings/list', { filter: { codes: [], accountId: 'x' } }],
    [
      'policy/set',
      {
        ...(VALID_PAYLOADS['policy/set'] as object),
        links: [{ ...(VALID_PAYLOADS['policy/set'] as { links: object[] }).links[0], spaceKey: 'KB' }],
      },
    ],
    ['policy/set', { ...(VALID_PAYLOADS['policy/set'] as object), autoFixActorAccountId: 'me' }],
    ['policy/set', { ...(VALID_PAYLOADS['policy/set'] as object), blastRadiusThreshold: -1 }],
    ['plan/preview', { findingIds: [] }],
    ['person/card', { emailKey: 7 }],
  ] as const)('%s rejects %j', (name, payload) => {
    expect(RESOLVER_CONTRACTS[name].payload.safeParse(payload).success).toBe(false);
  });
});

describe('envelope', () => {
  const overviewEnvelope = envelopeSchema(OverviewResponseSchema);

  it('accepts an error envelope with a known code', () => {
    expect(
      overviewEnvelope.safeParse({ ok: false, error: { code: 'APP.NOT_IMPLEMENTED', message: 'later' } })
        .success,
    ).toBe(true);
  });

  it.each([
    ['an unknown error code', { ok: false, error: { code: 'SQL.ERROR', message: 'select *' } }],
    [
      'internals next to the error',
      { ok: false, error: { code: 'APP.INTERNAL', message: 'x', stack: 'at …' } },
    ],
    ['ok without data', { ok: true }],
    ['ok with the wrong data', { ok: true, data: { totals: {} } }],
  ])('rejects %s', (_label, value) => {
    expect(overviewEnvelope.safeParse(value).success).toBe(false);
  });
});

const projectContext = {
  moduleKey: 'identity-reconciler-project-settings',
  cloudId: 'c1',
  extension: { type: 'jira:projectSettingsPage', project: { id: 10000, key: 'HELP', type: 'service_desk' } },
};

describe('resolver entry', () => {
  const call = (name: ResolverName, payload: unknown, context: unknown) =>
    RESOLVER_DEFINITIONS[name]({ payload, context });

  it.each(ALL_RESOLVER_NAMES.map((name) => [name] as const))(
    '%s validates its input, then authorises from the context before any use case',
    async (name) => {
      // A valid payload passes parsing; a context naming no installation is refused before anything runs.
      const { cloudId: _cloudId, ...noInstallation } = projectContext;
      const result = await call(name, VALID_PAYLOADS[name], { ...noInstallation, accountId: 'admin-1' });
      expect(result).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(envelopeSchema(RESOLVER_CONTRACTS[name].response).safeParse(result).success).toBe(true);
    },
  );

  it.each([
    [
      'a payload naming an account',
      { accountId: 'someone-else' },
      { ...projectContext, accountId: 'admin-1' },
      'INPUT.INVALID',
    ],
    ['an anonymous caller', {}, projectContext, 'AUTH.UNAUTHENTICATED'],
    [
      'an unknown module',
      {},
      { ...projectContext, accountId: 'a', moduleKey: 'someone-elses-module' },
      'AUTH.FORBIDDEN',
    ],
    [
      'a project page without a project',
      {},
      { accountId: 'a', moduleKey: 'identity-reconciler-project-settings' },
      'INPUT.INVALID',
    ],
    [
      'a space page without a space',
      {},
      { accountId: 'a', moduleKey: 'identity-reconciler-space-settings', extension: {} },
      'INPUT.INVALID',
    ],
    [
      'a hostile context',
      {},
      JSON.parse('{"accountId":"a","moduleKey":"identity-reconciler-admin","__proto__":{"x":1}}'),
      'INPUT.INVALID',
    ],
  ])('refuses %s', async (_label, payload, context, code) => {
    const result = await call(RESOLVER_NAMES.overview, payload, context);
    expect(result).toMatchObject({ ok: false, error: { code } });
  });

  it('names the failing payload fields', async () => {
    const result = await call(
      RESOLVER_NAMES.personCard,
      { emailKey: 42 },
      { ...projectContext, accountId: 'a' },
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INPUT.INVALID', issues: [{ path: 'emailKey' }] },
    });
  });

  it('works through the real @forge/resolver dispatch, with the accountId from the runtime principal', async () => {
    const handler = resolver as unknown as (call: unknown, runtime: unknown) => Promise<unknown>;
    const result = await handler(
      {
        call: { functionKey: RESOLVER_NAMES.scanStatus, payload: {} },
        context: { moduleKey: 'identity-reconciler-admin' },
      },
      { principal: { accountId: 'site-admin-1' } },
    );
    // No cloudId in this context: the installation is unknown, so nothing is authorised.
    expect(result).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const anonymous = await handler(
      {
        call: { functionKey: RESOLVER_NAMES.scanStatus, payload: {} },
        context: { moduleKey: 'identity-reconciler-admin' },
      },
      {},
    );
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  it('knows a scope for every panel module', () => {
    expect(Object.values(PANEL_MODULES).sort()).toEqual(['project', 'site', 'space']);
  });
});
