/**
 * Must be the first import of every UI test: @forge/bridge captures `globalThis.__bridge.callBridge` when it
 * is first imported, so the recording bridge has to be in place before that and delegate to the handler the
 * current render installs.
 */
export type BridgeHandler = (cmd: string, data: unknown) => unknown;

let current: BridgeHandler = (cmd) => Promise.reject(new Error(`no UI test render is active for '${cmd}'`));

export const setBridgeHandler = (handler: BridgeHandler): void => {
  current = handler;
};

(globalThis as Record<string, unknown>).__bridge = {
  callBridge: (cmd: string, data: unknown) => current(cmd, data),
};
