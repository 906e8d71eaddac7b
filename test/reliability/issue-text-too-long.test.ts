/**
 * Found by fuzz-resolvers.test.ts: `issuesOf` (src/handlers/parse.ts) copied zod's issue path and message
 * verbatim, so a long unknown key made the INPUT.INVALID envelope break the resolver error contract (issue
 * path and message ≤ 500 characters) and the panel showed a generic error. Now paths show only
 * schema-shaped segments (`*` otherwise), unknown keys are not echoed, and both texts are capped.
 */
import { PersonCardPayloadSchema, ResolverErrorSchema } from '../../src/contracts';
import { parseInput } from '../../src/handlers/parse';

it('an INPUT.INVALID error for a long unknown key still satisfies the resolver error contract', () => {
  const parsed = parseInput(
    PersonCardPayloadSchema,
    { emailKey: 'grace.lee@example.com', ['k'.repeat(600)]: 1 },
    "'person/card' payload",
  );
  expect(parsed.ok).toBe(false);
  if (parsed.ok) return;
  expect(ResolverErrorSchema.safeParse(parsed.error).success).toBe(true);
});
