/**
 * The resolvers as a test fake: every invoke is recorded, its payload checked against the contract's payload
 * schema and its answer against the contract's response envelope, so a test can only feed the UI what the
 * real backend may send and sees any payload the real backend would reject.
 */
import {
  RESOLVER_CONTRACTS,
  envelopeSchema,
  type Envelope,
  type ResolverError,
  type ResolverName,
  type ResponseData,
} from '../../../src/contracts';

export interface Invoke {
  readonly name: ResolverName;
  readonly payload: unknown;
}

type Answer<N extends ResolverName> = Envelope<ResponseData<N>> | Promise<Envelope<ResponseData<N>>>;
type Handler = (payload: never) => Answer<ResolverName>;

export const ok = <T>(data: T): Envelope<T> => ({ ok: true, data });
export const fail = (
  code: ResolverError['code'],
  message = 'It failed.',
  issues?: ResolverError['issues'],
): Envelope<never> => ({ ok: false, error: { code, message, ...(issues ? { issues } : {}) } });

/** A reply that stays pending until the test resolves it (loading states). */
export const deferred = <T>(): { promise: Promise<T>; resolve: (value: T) => void } => {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

export class FakeBackend {
  readonly invokes: Invoke[] = [];
  readonly problems: string[] = [];
  private readonly handlers = new Map<ResolverName, Handler>();

  on<N extends ResolverName>(name: N, handler: (payload: Record<string, unknown>) => Answer<N>): this {
    this.handlers.set(name, handler);
    return this;
  }

  reply<N extends ResolverName>(name: N, answer: Answer<N>): this {
    return this.on(name, () => answer);
  }

  calls(name: ResolverName): unknown[] {
    return this.invokes.filter((i) => i.name === name).map((i) => i.payload);
  }

  async handle(name: string, payload: unknown): Promise<unknown> {
    if (!(name in RESOLVER_CONTRACTS)) {
      this.problems.push(`invoke of unknown resolver '${name}'`);
      return fail('APP.INTERNAL');
    }
    const resolver = name as ResolverName;
    this.invokes.push({ name: resolver, payload });
    const contract = RESOLVER_CONTRACTS[resolver];
    const parsedPayload = contract.payload.safeParse(payload);
    if (!parsedPayload.success) {
      this.problems.push(`payload of '${name}' breaks the contract: ${parsedPayload.error.message}`);
      return fail('INPUT.INVALID', 'The request was not valid.');
    }
    const handler = this.handlers.get(resolver);
    if (!handler) {
      this.problems.push(`no fake answer for '${name}'`);
      return fail('APP.NOT_IMPLEMENTED', 'Not in this test.');
    }
    const answer = await handler(payload as never);
    const checked = envelopeSchema(contract.response).safeParse(answer);
    if (!checked.success)
      this.problems.push(`answer of '${name}' breaks the contract: ${checked.error.message}`);
    return answer;
  }
}
