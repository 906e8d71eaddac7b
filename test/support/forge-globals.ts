// Globals the real @forge/* packages expect before their first import (forge-offline.md §8):
// - `self` for @forge/react's reconciler (it calls self.__bridge), IS_REACT_ACT_ENVIRONMENT for React.act;
// - a placeholder __bridge so importing @forge/bridge does not throw BridgeAPIError at import time.
// Tests that talk to the emulated site install __forge_fetch__ through local/forge-runtime.
const g = globalThis as Record<string, unknown>;
g.self = globalThis;
g.IS_REACT_ACT_ENVIRONMENT = true;
if (!g.__bridge) {
  g.__bridge = {
    callBridge: (cmd: string) => Promise.reject(new Error(`no bridge installed for '${cmd}' in this test`)),
  };
}
