import './support/install-bridge';
import React from 'react';
import { AudienceProvider } from '../../src/frontend/audience-context';
import { PolicyView } from '../../src/frontend/policy-view';
import { FakeBackend, fail, ok } from './support/fake-backend';
import { aPolicy } from './support/fixtures';
import { all, button, byType, hasText, prop, textOf, type DocNode } from './support/forge-doc';
import { click, fire, render } from './support/render';

const view = (
  <AudienceProvider audience="admin">
    <PolicyView />
  </AudienceProvider>
);

const field = (doc: DocNode, name: string): DocNode => {
  const [node] = all(
    doc,
    (n) => (n.type === 'Textfield' || n.type === 'TextArea') && prop(n, 'name') === name,
  );
  if (!node) throw new Error(`no field ${name}`);
  return node;
};
const type = (doc: DocNode, name: string, value: string) =>
  fire(field(doc, name), 'onChange', { target: { value } });
const errorsOf = (doc: DocNode) => byType(doc, 'ErrorMessage').map(textOf);

describe('policy view', () => {
  test('shows the links, protected accounts, threshold and who auto-fix runs as', async () => {
    const fake = new FakeBackend().reply('policy/get', ok(aPolicy({ autoFixActorAccountId: 'admin-9' })));
    const ui = await render(view, fake);
    expect(fake.calls('policy/get')).toEqual([{}]);
    expect(prop(field(ui.doc(), 'links.0.allowedDomains'), 'value')).toBe('example.com');
    expect(prop(field(ui.doc(), 'protectedAccountIds'), 'value')).toBe('aa-ceo');
    expect(prop(field(ui.doc(), 'blastRadiusThreshold'), 'value')).toBe('10');
    expect(hasText(ui.doc(), 'saving this page makes that you')).toBe(true);
    expect(prop(byType(ui.doc(), 'User')[0]!, 'accountId')).toBe('admin-9');
  });

  test('a value the contract rejects is marked on its field and nothing is sent', async () => {
    const fake = new FakeBackend().reply('policy/get', ok(aPolicy()));
    const ui = await render(view, fake);
    await type(ui.doc(), 'links.0.allowedDomains', 'example.com, Not A Domain');
    await click(button(ui.doc(), 'Save policy'));
    expect(fake.calls('policy/set')).toEqual([]);
    expect(prop(field(ui.doc(), 'links.0.allowedDomains'), 'isInvalid')).toBe(true);
    expect(errorsOf(ui.doc())).toEqual(['not a lower-case domain']);
  });

  test('the server’s validation issues are shown per field', async () => {
    const fake = new FakeBackend()
      .reply('policy/get', ok(aPolicy()))
      .reply(
        'policy/set',
        fail('INPUT.INVALID', 'The policy is not valid.', [
          { path: 'links.0.deskId', message: 'No service desk with id 77 on this site.' },
        ]),
      );
    const ui = await render(view, fake);
    await type(ui.doc(), 'links.0.deskId', '77');
    await click(button(ui.doc(), 'Save policy'));
    expect(fake.calls('policy/set')).toEqual([
      {
        links: [
          {
            id: 'link-1',
            deskId: '77',
            spaceKeys: ['KB'],
            groupIds: ['grp-partners'],
            allowedDomains: ['example.com'],
            autoFix: { customerRole: false, linkedGroupAdd: false },
          },
        ],
        protectedAccountIds: ['aa-ceo'],
        blastRadiusThreshold: 10,
      },
    ]);
    expect(prop(field(ui.doc(), 'links.0.deskId'), 'isInvalid')).toBe(true);
    expect(errorsOf(ui.doc())).toEqual(['No service desk with id 77 on this site.']);
    expect(hasText(ui.doc(), 'Correct the fields marked below')).toBe(true);
  });

  test('adding a link with auto-fix on and saving sends it and confirms', async () => {
    const fake = new FakeBackend()
      .reply('policy/get', ok(aPolicy({ links: [] })))
      .on('policy/set', (p) => ok(aPolicy({ ...(p as object), autoFixActorAccountId: 'admin-1' })));
    const ui = await render(view, fake);
    expect(hasText(ui.doc(), 'No Links yet')).toBe(true);
    await click(button(ui.doc(), 'Add link'));
    await type(ui.doc(), 'links.0.deskId', '20');
    await type(ui.doc(), 'links.0.spaceKeys', 'HELP KB2');
    await fire(byType(ui.doc(), 'Toggle')[0]!, 'onChange');
    await type(ui.doc(), 'blastRadiusThreshold', '5');
    await click(button(ui.doc(), 'Save policy'));
    expect(fake.calls('policy/set')).toEqual([
      {
        links: [
          {
            id: 'link-1',
            deskId: '20',
            spaceKeys: ['HELP', 'KB2'],
            groupIds: [],
            allowedDomains: [],
            autoFix: { customerRole: true, linkedGroupAdd: false },
          },
        ],
        protectedAccountIds: ['aa-ceo'],
        blastRadiusThreshold: 5,
      },
    ]);
    expect(byType(ui.doc(), 'SectionMessage').map((n) => prop(n, 'title'))).toContain('Policy saved');
    expect(prop(byType(ui.doc(), 'User')[0]!, 'accountId')).toBe('admin-1');
    await click(button(ui.doc(), 'Remove link 1'));
    expect(hasText(ui.doc(), 'No Links yet')).toBe(true);
  });

  test('loading errors say what to do', async () => {
    const fake = new FakeBackend().reply('policy/get', fail('AUTH.FORBIDDEN', 'No.'));
    const ui = await render(view, fake);
    expect(hasText(ui.doc(), 'You need to be a Jira admin')).toBe(true);
  });
});
