/**
 * Loads a manifest function's handler the way Forge does: `index.onX` → the `onX` export of `src/index`
 * (source: .tsx/.jsx/.ts/.js/.cjs, the same order @forge/manifest resolves) or of `<bundleDir>/index.cjs`
 * (the @forge/bundler output). local/ never imports src/ statically; this is a runtime require by path.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FunctionDef } from './manifest';

export type HandlerModuleKind = 'source' | 'bundle';
export type AppHandler = (...args: unknown[]) => unknown;

const SOURCE_EXTENSIONS = ['.tsx', '.jsx', '.ts', '.js', '.cjs'];

let typeScriptHookInstalled = false;
/** Outside jest (which transforms .ts itself), register tsx's CommonJS hook once so require('.ts') works. */
function ensureTypeScriptRequire(): void {
  if (typeScriptHookInstalled || process.env.JEST_WORKER_ID !== undefined) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed (npm start)
  const tsx = require('tsx/cjs/api') as { register: () => unknown };
  tsx.register();
  typeScriptHookInstalled = true;
}

export class HandlerLoader {
  private readonly modules = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly appRoot: string,
    private readonly kind: HandlerModuleKind,
    private readonly bundleDir: string | undefined,
  ) {
    if (kind === 'bundle' && !bundleDir)
      throw new Error("handlerModule 'bundle' needs a bundleDir (see buildApp())");
  }

  resolveFile(fn: FunctionDef): string {
    if (this.kind === 'bundle') {
      const file = path.join(this.bundleDir ?? '', `${fn.file}.cjs`);
      if (!existsSync(file))
        throw new Error(`bundle has no ${fn.file}.cjs for function '${fn.key}' (${file})`);
      return file;
    }
    const base = path.join(this.appRoot, 'src', fn.file);
    const found = SOURCE_EXTENSIONS.map((ext) => base + ext).find((f) => existsSync(f));
    if (!found)
      throw new Error(`function '${fn.key}' handler '${fn.handler}': no ${base}.(tsx|jsx|ts|js|cjs)`);
    return found;
  }

  load(fn: FunctionDef): AppHandler {
    const file = this.resolveFile(fn);
    let mod = this.modules.get(file);
    if (!mod) {
      if (this.kind === 'source') ensureTypeScriptRequire();
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app is loaded by the path the manifest names
      mod = require(file) as Record<string, unknown>;
      this.modules.set(file, mod);
    }
    const handler = mod[fn.exportName];
    if (typeof handler !== 'function') {
      throw new Error(
        `function '${fn.key}': ${path.relative(this.appRoot, file)} does not export a function '${fn.exportName}'`,
      );
    }
    return handler as AppHandler;
  }
}
