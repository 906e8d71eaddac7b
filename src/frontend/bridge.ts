/**
 * The frontend's only way to the backend (style.md rule 31): payloads typed by the contract on the way out,
 * responses parsed by the contract's envelope on the way in, so UI and resolver cannot drift silently.
 * Transport failures become an error envelope too, so every hook handles exactly one shape.
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
  let raw: unknown;
  try {
    raw = await invoke<unknown>(name, payload);
  } catch {
    return {
      ok: false,
      error: { code: 'APP.INTERNAL', message: 'Could not reach the app. Check your connection and retry.' },
    };
  }
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
