/**
 * The finding codes scenarios plant, in the product's vocabulary (product.md §3). local/ may not import src/,
 * so the list is repeated here once; test/contract/site/demo-scenario.test.ts pins it to the app's FINDING_CODES.
 */
export const PLANTED_FINDING_CODES = [
  'DUPLICATE_ACCOUNTS',
  'GUEST_WITHOUT_CUSTOMER_ROLE',
  'LINKED_GROUP_DRIFT',
  'UNEXPECTED_CUSTOMER',
  'GUEST_ALSO_USER',
  'GUEST_WITHOUT_SPACE',
  'INACTIVE_WITH_ACCESS',
  'CUSTOMER_ROLE_ORPHAN',
  'POSSIBLE_DUPLICATE',
  'EMAIL_UNRESOLVED',
  'KB_SIGNUP_RISK',
] as const;

export type FindingCode = (typeof PLANTED_FINDING_CODES)[number];
