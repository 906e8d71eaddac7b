/**
 * Every REST response schema in src/adapters/{jira,confluence} against the official OpenAPI specs: it parses
 * a sample generated from the operation's spec schema, it parses the spec's own example whenever the spec's
 * schema accepts that example (the spec's known example defects are listed, so a new one fails), and it
 * rejects a broken copy with a zod error at the expected path.
 */
import type { z } from 'zod';
import * as groups from '../../../src/adapters/jira/groups.schema';
import * as permissions from '../../../src/adapters/jira/permissions.schema';
import * as serverInfo from '../../../src/adapters/jira/server-info.schema';
import * as jsm from '../../../src/adapters/jira/servicedesk.schema';
import * as jiraUsers from '../../../src/adapters/jira/users.schema';
import * as spaces from '../../../src/adapters/confluence/spaces.schema';
import * as confUsers from '../../../src/adapters/confluence/users.schema';
import { exampleOf, sampleResponse, specValidator, type OperationRef } from './spec-samples';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a generated JSON value, mutated freely by `breakIt`
type Sample = any;

interface Row extends OperationRef {
  readonly operationId: string;
  readonly schema: z.ZodType;
  /** Returns a broken copy and the path where the schema must report the problem. */
  readonly breakIt: (sample: Sample) => { value: unknown; path: string };
}

const J = 'jira-platform.v3.json';
const M = 'jsm.v3.json';
const C1 = 'confluence.v1.json';
const C2 = 'confluence.v2.json';

const clone = <T>(value: T): T => structuredClone(value);
const without = (obj: Sample, key: string): Sample => {
  const copy = clone(obj);
  delete copy[key];
  return copy;
};

const ROWS: Row[] = [
  {
    operationId: 'bulkGetUsers',
    spec: J,
    path: '/rest/api/3/user/bulk',
    method: 'get',
    schema: jiraUsers.PageBeanUserSchema,
    breakIt: (s) => {
      const v = clone(s);
      v.values[0].accountId = 42;
      return { value: v, path: 'values.0.accountId' };
    },
  },
  {
    operationId: 'findUsers',
    spec: J,
    path: '/rest/api/3/user/search',
    method: 'get',
    schema: jiraUsers.UserArraySchema,
    breakIt: (s) => ({ value: [without(s[0], 'accountId')], path: '0.accountId' }),
  },
  {
    operationId: 'getUserGroups',
    spec: J,
    path: '/rest/api/3/user/groups',
    method: 'get',
    schema: jiraUsers.GroupNameArraySchema,
    breakIt: (s) => ({ value: [without(s[0], 'name')], path: '0.name' }),
  },
  {
    operationId: 'getUserEmail',
    spec: J,
    path: '/rest/api/3/user/email',
    method: 'get',
    schema: jiraUsers.UnrestrictedUserEmailSchema,
    breakIt: (s) => ({ value: without(s, 'email'), path: 'email' }),
  },
  {
    operationId: 'getUserEmailBulk',
    spec: J,
    path: '/rest/api/3/user/email/bulk',
    method: 'get',
    schema: jiraUsers.UnrestrictedUserEmailBulkSchema,
    breakIt: (s) => ({ value: [{ ...s, accountId: 'has spaces' }], path: '0.accountId' }),
  },
  {
    operationId: 'getUsersFromGroup',
    spec: J,
    path: '/rest/api/3/group/member',
    method: 'get',
    schema: jiraUsers.PageBeanUserDetailsSchema,
    breakIt: (s) => ({ value: without(s, 'values'), path: 'values' }),
  },
  {
    operationId: 'bulkGetGroups',
    spec: J,
    path: '/rest/api/3/group/bulk',
    method: 'get',
    schema: groups.PageBeanGroupDetailsSchema,
    breakIt: (s) => {
      const v = clone(s);
      v.values[0].name = 7;
      return { value: v, path: 'values.0.name' };
    },
  },
  {
    operationId: 'findGroups',
    spec: J,
    path: '/rest/api/3/groups/picker',
    method: 'get',
    schema: groups.FoundGroupsSchema,
    breakIt: (s) => ({ value: { ...s, groups: 'none' }, path: 'groups' }),
  },
  {
    operationId: 'getMyPermissions',
    spec: J,
    path: '/rest/api/3/mypermissions',
    method: 'get',
    schema: permissions.PermissionsSchema,
    breakIt: (s) => {
      const v = clone(s);
      v.permissions.SAMPLE_KEY.havePermission = 'yes';
      return { value: v, path: 'permissions.SAMPLE_KEY.havePermission' };
    },
  },
  {
    operationId: 'getServerInfo',
    spec: J,
    path: '/rest/api/3/serverInfo',
    method: 'get',
    schema: serverInfo.ServerInformationSchema,
    breakIt: (s) => ({ value: { ...s, baseUrl: 'javascript:alert(1)' }, path: 'baseUrl' }),
  },
  {
    operationId: 'getServiceDesks',
    spec: M,
    path: '/rest/servicedeskapi/servicedesk',
    method: 'get',
    schema: jsm.PagedServiceDeskDtoSchema,
    breakIt: (s) => {
      const v = clone(s);
      delete v.values[0].projectKey;
      return { value: v, path: 'values.0.projectKey' };
    },
  },
  {
    operationId: 'getCustomers',
    spec: M,
    path: '/rest/servicedeskapi/servicedesk/{serviceDeskId}/customer',
    method: 'get',
    schema: jsm.PagedUserDtoSchema,
    breakIt: (s) => ({ value: { ...s, values: [{}] }, path: 'values.0.accountId' }),
  },
  {
    operationId: 'getGroupMembershipsForUser',
    spec: C1,
    path: '/wiki/rest/api/user/memberof',
    method: 'get',
    schema: confUsers.GroupArrayWithLinksSchema,
    breakIt: (s) => {
      const v = clone(s);
      v.results[0].name = null;
      return { value: v, path: 'results.0.name' };
    },
  },
  {
    operationId: 'getSpaces',
    spec: C2,
    path: '/spaces',
    method: 'get',
    schema: spaces.SpacesResponseSchema,
    breakIt: (s) => {
      const v = clone(s);
      v.results[0].id = 65538;
      return { value: v, path: 'results.0.id' };
    },
  },
  {
    operationId: 'getSpacePermissionsAssignments',
    spec: C2,
    path: '/spaces/{id}/permissions',
    method: 'get',
    schema: spaces.SpacePermissionAssignmentsResponseSchema,
    breakIt: (s) => {
      const v = clone(s);
      delete v.results[0].principal;
      return { value: v, path: 'results.0.principal' };
    },
  },
  {
    operationId: 'getSpaceOperations',
    spec: C2,
    path: '/spaces/{id}/operations',
    method: 'get',
    schema: spaces.SpaceOperationsResponseSchema,
    breakIt: (s) => ({
      value: { operations: [{ ...s.operations[0], operation: 1 }] },
      path: 'operations.0.operation',
    }),
  },
  {
    operationId: 'createBulkUserLookup',
    spec: C2,
    path: '/users-bulk',
    method: 'post',
    schema: confUsers.UsersBulkResponseSchema,
    breakIt: (s) => {
      const v = clone(s);
      v.results[0].accountId = '';
      return { value: v, path: 'results.0.accountId' };
    },
  },
];

/**
 * Spec examples that contradict the spec's own schema (so they prove nothing about ours). Each must still be
 * rejected by the spec's schema; if Atlassian fixes one, this list fails and the example becomes a test.
 */
const KNOWN_EXAMPLE_DEFECTS: Record<string, string> = {
  getUserGroups: 'the example is one GroupName object, the schema an array of them',
  getUserEmail: 'the example is a bare email string, the schema an UnrestrictedUserEmail object',
};

describe.each(ROWS)('$operationId ($spec $method $path)', (row) => {
  const sample = sampleResponse(row);

  it('the generated sample is valid per the spec itself (sanity of the generator)', () => {
    const validate = specValidator(row);
    expect(validate(sample) ? [] : validate.errors).toEqual([]);
  });

  it('parses the sample generated from the spec schema', () => {
    const parsed = row.schema.safeParse(sample);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it("parses the spec's example when the spec's schema accepts it", () => {
    const example = exampleOf(row);
    if (example === undefined) return; // no example in the spec: the generated sample stands alone
    const specAccepts = specValidator(row)(example);
    if (!specAccepts) {
      expect(KNOWN_EXAMPLE_DEFECTS[row.operationId]).toBeDefined();
      return;
    }
    expect(KNOWN_EXAMPLE_DEFECTS[row.operationId]).toBeUndefined();
    const parsed = row.schema.safeParse(example);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('rejects a broken copy at the broken path', () => {
    const { value, path } = row.breakIt(sample);
    const parsed = row.schema.safeParse(value);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('tolerance rules (style.md rule 32)', () => {
  it('keeps parsing when Atlassian adds fields, and drops them', () => {
    const parsed = jiraUsers.UserDetailsSchema.parse({
      accountId: 'a1',
      accountType: 'atlassian',
      newField: { x: 1 },
    });
    expect(parsed).toEqual({ accountId: 'a1', accountType: 'atlassian' });
  });

  it('maps an account type Atlassian may add later to unknown instead of failing', () => {
    expect(jiraUsers.UserDetailsSchema.parse({ accountId: 'a1', accountType: 'robot' }).accountType).toBe(
      'unknown',
    );
  });

  it('accepts getUserEmailBulk both as the spec declares it (one object) and as a list', () => {
    const one = { accountId: 'a1', email: 'ann@example.com' };
    expect(jiraUsers.UnrestrictedUserEmailBulkSchema.parse(one)).toEqual([one]);
    expect(
      jiraUsers.UnrestrictedUserEmailBulkSchema.parse([one, { accountId: 'qm:1:2', email: 'b@example.com' }]),
    ).toHaveLength(2);
  });
});
