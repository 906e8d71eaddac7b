/**
 * Authorisation matrix (issue 8 item 5, docs/reliability.md §5): every resolver in ALL_RESOLVER_NAMES
 * (valid payloads from support/part-b-payloads.ts, which fails naming a resolver it lacks), called through
 * the full local runtime on the emulated demo site by
 * - an anonymous caller (no accountId in the Forge context) from each of the three panels → AUTH.UNAUTHENTICATED;
 * - a non-admin (a customer) from each panel → AUTH.FORBIDDEN;
 * - the admin of another project / another space → AUTH.FORBIDDEN;
 * - the right admin (Jira admin on the admin page, ITH's project admin on ITH, ENG's space admin on ENG) →
 *   never an AUTH error, except the admin page's own resolvers (policy, scan start) from a project or space;
 * and for every resolver, caller and identity-like key (accountId, cloudId, projectKey, spaceKey,
 * extension, ...) added to a valid payload → INPUT.INVALID, never a wider answer: the context is the only
 * source of identity. Refused calls change nothing: KVS, queue and the site's write log are compared.
 */
import { ALL_RESOLVER_NAMES } from '../../src/contracts';
import { DEMO_IDS, DEMO_SPACES } from '../../local/atlassian-site/scenarios/demo';
import { MODULES, startHarness, type Envelope, type Harness } from '../e2e/journeys/harness';
import { IDENTITY_KEYS } from './support/part-b-arbitraries';
import { captureLogs } from './support/part-b-logs';
import { missingResolvers, resolverTable } from './support/part-b-payloads';

jest.setTimeout(300_000);
captureLogs();

type Module = keyof typeof MODULES;
interface Caller {
  readonly label: string;
  /** undefined = anonymous: the runtime then sends no principal and the context has no accountId. */
  readonly accountId: string | undefined;
  readonly module: Module;
  readonly extension: Record<string, unknown>;
}

const ITH = { project: { id: '10001', key: 'ITH' } };
const ENG = { space: { id: DEMO_SPACES.eng, key: 'ENG' } };
const ITKB = { space: { id: DEMO_SPACES.itKb, key: 'ITKB' } };
const PANELS: readonly [Module, Record<string, unknown>][] = [
  ['admin', {}],
  ['project', ITH],
  ['space', ENG],
];

const ANONYMOUS: Caller[] = PANELS.map(([module, extension]) => ({
  label: `anonymous on the ${module} panel`,
  accountId: undefined,
  module,
  extension,
}));
const NON_ADMINS: Caller[] = PANELS.map(([module, extension]) => ({
  label: `a customer (non-admin) on the ${module} panel`,
  accountId: DEMO_IDS.olivia,
  module,
  extension,
}));
const OTHER_ADMINS: Caller[] = [
  { label: "CS's project admin on ITH", accountId: DEMO_IDS.dan, module: 'project', extension: ITH },
  { label: "ENG's space admin on ITKB", accountId: DEMO_IDS.frank, module: 'space', extension: ITKB },
];
const RIGHT_ADMINS: Caller[] = [
  { label: 'the Jira admin on the admin page', accountId: DEMO_IDS.alice, module: 'admin', extension: {} },
  { label: "ITH's project admin on ITH", accountId: DEMO_IDS.carol, module: 'project', extension: ITH },
  { label: "ENG's space admin on ENG", accountId: DEMO_IDS.frank, module: 'space', extension: ENG },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const call = async (c: Caller, name: string, payload: unknown): Promise<Envelope> => {
  const result = await h.runtime.invokeResolver(MODULES[c.module], name, payload, {
    // The runtime's option type wants a string; undefined makes the call anonymous (no principal).
    accountId: c.accountId as string,
    extension: c.extension,
  });
  if (!result.ok) throw new Error(`resolver ${name} threw: ${result.error.name}`);
  return result.value as Envelope;
};

/**
 * Everything a refused call could have changed, except the points its own authorisation check spent: the
 * site metered them, so the installation budget (`budget:points`) books them (docs/rate-limits.md).
 */
const state = () => ({
  kvs: JSON.stringify({
    ...h.runtime.kvs.snapshot(),
    kv: { ...h.runtime.kvs.snapshot().kv, 'budget:points': null },
  }),
  queue: h.runtime.queue.all().length,
  siteWrites: h.site.state.writeLog.length,
});

const codeOf = (answer: Envelope): string => (answer.ok ? 'ok' : answer.error.code);

it('has an entry for every resolver in src/contracts (a new resolver fails here by name)', () => {
  expect(missingResolvers()).toEqual([]);
});

describe.each([
  ['AUTH.UNAUTHENTICATED', ANONYMOUS],
  ['AUTH.FORBIDDEN', NON_ADMINS],
  ['AUTH.FORBIDDEN', OTHER_ADMINS],
] as const)('refused with %s', (code, callers) => {
  it.each(callers.map((c) => [c.label, c] as const))(
    '%s, by every resolver, changing nothing',
    async (_l, c) => {
      const before = state();
      const answers: Record<string, string> = {};
      for (const name of ALL_RESOLVER_NAMES)
        answers[name] = codeOf(await call(c, name, resolverTable(name).valid[0]));
      expect(answers).toEqual(Object.fromEntries(ALL_RESOLVER_NAMES.map((n) => [n, code])));
      expect(state()).toEqual(before);
    },
  );
});

it.each(RIGHT_ADMINS.map((c) => [c.label, c] as const))(
  '%s is let in by every resolver their panel offers',
  async (_l, c) => {
    const answers: Record<string, string> = {};
    for (const name of ALL_RESOLVER_NAMES)
      answers[name] = codeOf(await call(c, name, resolverTable(name).valid[0]));
    for (const name of ALL_RESOLVER_NAMES) {
      const siteOnly = resolverTable(name).access === 'site' && c.module !== 'admin';
      const answer = answers[name] ?? '';
      if (siteOnly) expect({ name, answer }).toEqual({ name, answer: 'AUTH.FORBIDDEN' });
      else expect({ name, auth: answer.startsWith('AUTH.') }).toEqual({ name, auth: false });
    }
  },
);

const SMUGGLED: Record<string, unknown> = {
  accountId: DEMO_IDS.alice,
  cloudId: 'a8c5e2f1-3b7d-4e9a-9c21-0d4f6b8e2a17',
  projectKey: 'ITH',
  projectId: '10001',
  spaceKey: 'ENG',
  spaceId: DEMO_SPACES.eng,
  extension: { project: ITH.project, space: ENG.space },
  moduleKey: MODULES.admin,
  principal: { accountId: DEMO_IDS.alice },
  context: { accountId: DEMO_IDS.alice, moduleKey: MODULES.admin },
  scope: 'site',
  viewer: { kind: 'site-admin' },
  actorAccountId: DEMO_IDS.alice,
  autoFixActorAccountId: DEMO_IDS.alice,
  installContext: 'ari:cloud:jira::site/a8c5e2f1-3b7d-4e9a-9c21-0d4f6b8e2a17',
};

it.each([...NON_ADMINS.slice(0, 1), ...OTHER_ADMINS, ...RIGHT_ADMINS].map((c) => [c.label, c] as const))(
  '%s: identity or scope in a payload is rejected by every resolver, and changes nothing',
  async (_l, c) => {
    expect(Object.keys(SMUGGLED).sort()).toEqual([...IDENTITY_KEYS].sort());
    const before = state();
    const wider: string[] = [];
    for (const name of ALL_RESOLVER_NAMES) {
      const valid = resolverTable(name).valid[0] as Record<string, unknown>;
      for (const [key, value] of Object.entries(SMUGGLED)) {
        const answer = await call(c, name, { ...valid, [key]: value });
        if (codeOf(answer) !== 'INPUT.INVALID') wider.push(`${name} accepted '${key}': ${codeOf(answer)}`);
      }
    }
    expect(wider).toEqual([]);
    expect(state()).toEqual(before);
  },
);
