/**
 * The `resolver` function behind all three panels. Each call: context → caller (identity and scope from the
 * Forge context only) → strict payload parse → the use case → the contract envelope. Authorisation belongs
 * to each use case's entry step (style.md rule 17) and lands with it; until then every resolver answers
 * APP.NOT_IMPLEMENTED after validating its input, and nothing is read or written.
 */
import {
  RESOLVER_CONTRACTS,
  RESOLVER_NAMES,
  errorEnvelope,
  okEnvelope,
  type Envelope,
  type Payload,
  type ResolverError,
  type ResolverName,
  type ResponseData,
} from '../contracts';
import type { DomainError } from '../core/errors';
import { defineResolvers, operationLogger, type ResolverDefinitions, type ResolverRequest } from '../wiring';
import { NotImplementedInThisBuildError } from './errors';
import { parseInput } from './parse';
import { callerFrom, type Caller } from './resolver-context.schema';

type UseCase<N extends ResolverName> = (input: {
  payload: Payload<N>;
  caller: Caller;
}) => Promise<ResponseData<N>>;

const INTERNAL_MESSAGE =
  'Something went wrong. Try again; if it keeps happening, ask your admin to check the app logs.';

const fromDomain = (error: DomainError): ResolverError =>
  'issues' in error && error.issues
    ? { code: error.code, message: error.message, issues: [...error.issues] }
    : { code: error.code, message: error.message };

/** The one error mapper of the resolver entry kind (style.md rule 26). */
const fromThrown = (name: ResolverName, thrown: unknown): ResolverError => {
  if (thrown instanceof NotImplementedInThisBuildError) {
    return { code: 'APP.NOT_IMPLEMENTED', message: `'${name}' is not available in this build yet.` };
  }
  operationLogger(`resolver:${name}`).error('unexpected fault', {
    error: thrown instanceof Error ? thrown.name : typeof thrown,
  });
  return { code: 'APP.INTERNAL', message: INTERNAL_MESSAGE };
};

export const resolverCall =
  <N extends ResolverName>(name: N, useCase: UseCase<N>) =>
  async (request: ResolverRequest): Promise<Envelope<ResponseData<N>>> => {
    const caller = callerFrom(request.context);
    if (!caller.ok) return errorEnvelope(fromDomain(caller.error));
    const payload = parseInput(RESOLVER_CONTRACTS[name].payload, request.payload, `'${name}' payload`);
    if (!payload.ok) return errorEnvelope(fromDomain(payload.error));
    try {
      return okEnvelope(await useCase({ payload: payload.value as Payload<N>, caller: caller.value }));
    } catch (thrown) {
      return errorEnvelope(fromThrown(name, thrown));
    }
  };

const notInThisBuild =
  <N extends ResolverName>(name: N): UseCase<N> =>
  () =>
    Promise.reject(new NotImplementedInThisBuildError(`resolver '${name}'`, 'issue 5'));

const unimplemented = <N extends ResolverName>(name: N) => resolverCall(name, notInThisBuild(name));

export const RESOLVER_DEFINITIONS: ResolverDefinitions = {
  [RESOLVER_NAMES.overview]: unimplemented(RESOLVER_NAMES.overview),
  [RESOLVER_NAMES.findingsList]: unimplemented(RESOLVER_NAMES.findingsList),
  [RESOLVER_NAMES.personCard]: unimplemented(RESOLVER_NAMES.personCard),
  [RESOLVER_NAMES.planPreview]: unimplemented(RESOLVER_NAMES.planPreview),
  [RESOLVER_NAMES.planApply]: unimplemented(RESOLVER_NAMES.planApply),
  [RESOLVER_NAMES.auditUndo]: unimplemented(RESOLVER_NAMES.auditUndo),
  [RESOLVER_NAMES.scanStart]: unimplemented(RESOLVER_NAMES.scanStart),
  [RESOLVER_NAMES.scanStatus]: unimplemented(RESOLVER_NAMES.scanStatus),
  [RESOLVER_NAMES.policyGet]: unimplemented(RESOLVER_NAMES.policyGet),
  [RESOLVER_NAMES.policySet]: unimplemented(RESOLVER_NAMES.policySet),
  [RESOLVER_NAMES.auditList]: unimplemented(RESOLVER_NAMES.auditList),
  [RESOLVER_NAMES.findingsExportCsv]: unimplemented(RESOLVER_NAMES.findingsExportCsv),
};

export const resolver = defineResolvers(RESOLVER_DEFINITIONS);
