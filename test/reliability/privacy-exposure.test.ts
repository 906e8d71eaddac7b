/**
 * Who sees emails (issue 8 item 6, docs/reliability.md §6; product.md §5 scoping, handlers.md): after a
 * full scan of the demo site,
 * - the CSV export (issue 16 item 1: one row per finding with email and display name) has exactly the rows
 *   the caller may see, so its emails are exactly those of the caller's own findings list, no other;
 * - the findings list of a project admin / space admin holds exactly the findings of their desk / space,
 *   so the emails in it are exactly those of the site admin's findings on that desk / space, and fewer
 *   than the site admin sees; a person card outside their scope is PERSON.NOT_FOUND;
 * - a non-admin gets AUTH.FORBIDDEN with no email or display name from every resolver that shows people.
 */
import { DEMO_IDS, DEMO_SPACES, demoScenario } from '../../local/atlassian-site/scenarios/demo';
import { EMAIL_PATTERN } from '../../scripts/scan-logs';
import { DEMO_POLICY } from '../e2e/journeys/demo-policy';
import { asSiteAdmin, callResolver, startHarness, type Harness, type MODULES } from '../e2e/journeys/harness';
import { captureLogs } from './support/part-b-logs';

jest.setTimeout(300_000);
const logs = captureLogs();
const seen: string[] = [];
afterAll(() => {
  const text = `[privacy-exposure]\n${seen.join('\n')}`;
  logs.write(text);
  logs.flush();
  process.stdout.write(`\n${text}\n`);
});

type As = { accountId: string; module: keyof typeof MODULES; extension?: Record<string, unknown> };
interface Item {
  id: string;
  subject: { type: string; emailKey?: string };
  scope: { deskIds: string[]; spaceKeys: string[] };
}

const ITH = { project: { id: '10001', key: 'ITH' } };
const SCOPED: readonly { label: string; as: As; sees: (i: Item) => boolean }[] = [
  {
    label: "ITH's project admin",
    as: { accountId: DEMO_IDS.carol, module: 'project', extension: ITH },
    sees: (i) => i.scope.deskIds.includes('1'),
  },
  {
    label: "ITKB's space admin",
    as: {
      accountId: DEMO_IDS.erin,
      module: 'space',
      extension: { space: { id: DEMO_SPACES.itKb, key: 'ITKB' } },
    },
    sees: (i) => i.scope.spaceKeys.includes('ITKB'),
  },
  {
    label: "ENG's space admin",
    as: {
      accountId: DEMO_IDS.frank,
      module: 'space',
      extension: { space: { id: DEMO_SPACES.eng, key: 'ENG' } },
    },
    sees: (i) => i.scope.spaceKeys.includes('ENG'),
  },
];

const emailsIn = (value: unknown): Set<string> =>
  new Set((JSON.stringify(value).match(EMAIL_PATTERN) ?? []).map((e) => e.toLowerCase()));
const displayNames = demoScenario().accounts.map((a) => a.displayName.toLowerCase());

let h: Harness;
let all: Item[];

async function findings(as: As): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await callResolver(h, 'findings/list', { limit: 100, ...(cursor ? { cursor } : {}) }, as);
    if (!page.ok) throw new Error(page.error.code);
    items.push(...(page.data.items as Item[]));
    cursor = (page.data.cursor as string | null) ?? undefined;
  } while (cursor !== undefined);
  return items;
}

beforeAll(async () => {
  h = await startHarness();
  expect(await callResolver(h, 'policy/set', DEMO_POLICY, asSiteAdmin)).toMatchObject({ ok: true });
  expect(await callResolver(h, 'scan/start', {}, asSiteAdmin)).toMatchObject({ ok: true });
  await h.runtime.drain({ advanceClock: true });
  expect(await callResolver(h, 'scan/status', {}, asSiteAdmin)).toMatchObject({
    ok: true,
    data: { state: 'completed' },
  });
  all = await findings(asSiteAdmin);
});
afterAll(() => h.close());

it('the site admin sees every finding, with the emails of the persons behind them', () => {
  expect(all.length).toBeGreaterThan(5);
  expect(emailsIn(all).size).toBeGreaterThan(5);
  seen.push(`  site admin: ${all.length} findings, ${emailsIn(all).size} distinct emails`);
});

it.each(SCOPED.map((s) => [s.label, s] as const))(
  "%s's findings list holds exactly their scope's findings and emails",
  async (label, { as, sees }) => {
    const mine = await findings(as);
    const expected = all.filter(sees);
    expect(expected.length).toBeGreaterThan(0); // every scoped admin has something to see (non-vacuous)
    seen.push(`  ${label}: ${mine.length} findings, ${emailsIn(mine).size} distinct emails`);
    expect(mine.map((i) => i.id).sort()).toEqual(expected.map((i) => i.id).sort());
    expect([...emailsIn(mine)].sort()).toEqual([...emailsIn(expected)].sort());
    expect(emailsIn(mine).size).toBeLessThan(emailsIn(all).size);
  },
);

it.each(SCOPED.map((s) => [s.label, s] as const))(
  '%s gets PERSON.NOT_FOUND for a person outside their scope, and the card for one inside',
  async (_l, { as, sees }) => {
    const persons = all.filter((i) => i.subject.type !== 'space' && i.subject.emailKey?.includes('@'));
    const visibleKeys = new Set(persons.filter(sees).map((i) => i.subject.emailKey));
    const outside = persons.find((i) => !visibleKeys.has(i.subject.emailKey));
    expect(outside).toBeDefined();
    const refused = await callResolver(h, 'person/card', { emailKey: outside?.subject.emailKey }, as);
    expect(refused).toMatchObject({ ok: false, error: { code: 'PERSON.NOT_FOUND' } });
    expect(emailsIn(refused).size).toBe(0);
    const inside = [...visibleKeys][0];
    if (inside !== undefined) {
      const card = await callResolver(h, 'person/card', { emailKey: inside }, as);
      expect(card).toMatchObject({ ok: true, data: { emailKey: inside } });
    }
  },
);

const EXPORTERS: readonly (readonly [string, (typeof SCOPED)[number]])[] = [
  ['the site admin', { label: 'the site admin', as: asSiteAdmin, sees: () => true }],
  ...SCOPED.map((s) => [s.label, s] as const),
];

it.each(EXPORTERS)(
  "%s's CSV export holds exactly the rows they may see, and only the emails their own list shows",
  async (_l, { as, sees }) => {
    const answer = await callResolver(h, 'findings/export-csv', {}, as);
    expect(answer).toMatchObject({ ok: true, data: { truncated: false } });
    const csv = (answer.ok ? answer.data.csv : '') as string;
    expect(answer.ok && answer.data.rowCount).toBe(all.filter(sees).length);
    expect([...emailsIn(csv)].sort()).toEqual([...emailsIn(await findings(as))].sort());
    expect(emailsIn(csv).size).toBe(emailsIn(all.filter(sees)).size);
  },
);

const NON_ADMINS: readonly [string, As][] = [
  ['a customer on the admin page', { accountId: DEMO_IDS.olivia, module: 'admin' }],
  ['a customer on the ITH settings page', { accountId: DEMO_IDS.olivia, module: 'project', extension: ITH }],
  [
    'a customer on the ITKB settings page',
    {
      accountId: DEMO_IDS.olivia,
      module: 'space',
      extension: { space: { id: DEMO_SPACES.itKb, key: 'ITKB' } },
    },
  ],
];

it.each(NON_ADMINS)('%s sees no email or name from any resolver that shows people', async (_l, as) => {
  const someone = all.find((i) => i.subject.emailKey?.includes('@'))?.subject.emailKey;
  const calls: [string, unknown][] = [
    ['overview', {}],
    ['findings/list', { limit: 100 }],
    ['person/card', { emailKey: someone }],
    ['findings/export-csv', {}],
    ['audit/list', {}],
    ['directory', {}],
  ];
  for (const [name, payload] of calls) {
    const answer = await callResolver(h, name, payload, as);
    expect({ name, answer }).toMatchObject({
      name,
      answer: { ok: false, error: { code: 'AUTH.FORBIDDEN' } },
    });
    const text = JSON.stringify(answer).toLowerCase();
    expect({ name, emails: [...emailsIn(answer)] }).toEqual({ name, emails: [] });
    expect({ name, names: displayNames.filter((n) => text.includes(n)) }).toEqual({ name, names: [] });
  }
});
