'use strict';
// Local stand-in for Forge's node runtime wrapper (which `forge build` downloads from an Atlassian CDN).
// @forge/bundler copies it into the bundle as __forge_wrapper__.cjs. The local runtime
// (local/forge-runtime) plays the wrapper's part: it installs global.__forge_fetch__ / __forge_runtime__ and
// calls the handler exports of <module>.cjs directly, so this file only explains itself if run.
if (typeof globalThis.__forge_fetch__ !== 'function') {
  throw new Error(
    'Stub Forge runtime wrapper: load this bundle through local/forge-runtime (createForgeRuntime).',
  );
}
module.exports = {};
