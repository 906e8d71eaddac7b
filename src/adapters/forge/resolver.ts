/**
 * The only place that touches @forge/resolver. Handlers give one function per resolver name (declared in
 * contracts/resolver-names.ts); every function receives the raw payload and the platform context as
 * `unknown`, so the entry layer must parse both before use.
 * @see https://developer.atlassian.com/platform/forge/runtime-reference/forge-resolver/
 */
import Resolver from '@forge/resolver';
import type { ResolverName } from '../../contracts';

export interface ResolverRequest {
  readonly payload: unknown;
  readonly context: unknown;
}

export type ResolverDefinitions = {
  readonly [N in ResolverName]: (request: ResolverRequest) => Promise<unknown>;
};

export type ResolverFunctionHandler = ReturnType<Resolver['getDefinitions']>;

/** Builds the handler the manifest's `resolver` function exports. */
export const defineResolvers = (definitions: ResolverDefinitions): ResolverFunctionHandler => {
  const resolver = new Resolver();
  for (const [name, run] of Object.entries(definitions) as [
    ResolverName,
    ResolverDefinitions[ResolverName],
  ][]) {
    resolver.define(name, (request: { payload: unknown; context: unknown }) =>
      run({ payload: request.payload, context: request.context }),
    );
  }
  return resolver.getDefinitions();
};
