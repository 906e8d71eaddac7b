/**
 * What a storage repository throws when KVS or the Custom Entity Store fails, or a stored value no longer
 * parses (style.md rule 25: one typed error per failure, cause kept). The core lets it propagate.
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: 'STORE.READ_FAILED' | 'STORE.WRITE_FAILED' | 'STORE.CORRUPT_VALUE',
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`${code} at '${key}'`, options);
  }
}
