/**
 * A KVS failure as the storage service answers it: an HTTP status plus the `{code, message}` body that
 * @forge/kvs turns into ForgeKvsAPIError (utils/error-handling.js `isForgeError`). `KEY_NOT_FOUND` on
 * get/delete is turned into `undefined` by the SDK itself.
 */
export class KvsWireError extends Error {
  override readonly name = 'KvsWireError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toBody(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}
