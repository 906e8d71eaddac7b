/**
 * The frontend's only way to the backend (style.md rule 31): payloads typed by the contract on the way out,
 * responses parsed by the contract's envelope on the way in, so UI and resolver cannot drift silently.
 */
import { invoke } from '@forge/bridge';
import {
  RESOLVER_CONTRACTS,
  envelopeSchema,
  type Envelope,
  type PayloadIn,
  type ResolverName,
  type ResponseData,
} from '../contracts';

export const call = async <N extends ResolverName>(
  name: N,
  payload: PayloadIn<N>,
): Promise<Envelope<ResponseData<N>>> => {
  const raw: unknown = await invoke<unknown>(name, payload);
  const parsed = envelopeSchema(RESOLVER_CONTRACTS[name].response).safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'UPSTREAM.UNEXPECTED_RESPONSE',
        message: 'The app answered in an unexpected shape. Reload the page.',
      },
    };
  }
  return parsed.data as Envelope<ResponseData<N>>;
};
