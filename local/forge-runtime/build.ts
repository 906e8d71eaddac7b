/**
 * Builds the app offline with @forge/bundler 7.3.0, the webpack + ts-loader pipeline `forge build` uses
 * (forge-offline.md §7). `forge build` itself needs a login and downloads the node runtime wrapper from an
 * Atlassian CDN; with FORGE_RUNTIME_PATH set, the bundler's LocalWrapperProvider reads
 * `<path>/dist/wrapper.js` and `dist/loader.js` instead: ours are stubs in ./bundler-stub, because here the
 * local runtime plays the wrapper's part (it installs __forge_fetch__ and calls the handler exports).
 * (The stubs sit in ./bundler-stub, not ./bundler-stub/dist: the repo's .gitignore ignores every dist/.)
 *
 * Entry points come from the manifest's function handlers (getEntryPoints, one per handler file). The
 * bundler writes to OS temp dirs (`forge-dist-*`); the output is copied to `outDir` and the temp dir removed.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getEntryPoints, getNodeBundler, getWrapperProvider, type BundlerMetadata } from '@forge/bundler';

// Types of the bundler's collaborators, taken from its own signatures (@forge/cli-shared is only a
// transitive dependency of @forge/bundler, so it is not imported directly).
type Logger = Parameters<typeof getNodeBundler>[0];
type ConfigReader = Parameters<typeof getNodeBundler>[2];
type FileSystemReader = Parameters<typeof getWrapperProvider>[0]['fileSystemReader'];
import { loadManifest } from './manifest';

export const BUNDLER_STUB_PATH = path.join(__dirname, 'bundler-stub');

export interface BuildOptions {
  appRoot: string;
  manifestPath?: string;
  /** Where the bundle goes; default a fresh OS temp dir (removed by cleanup()). */
  outDir?: string;
  log?: (level: 'info' | 'warn' | 'debug', message: string) => void;
}

export interface BuildResult {
  outDir: string;
  /** Files written to outDir (relative). */
  files: string[];
  durationMs: number;
  bundler: '@forge/bundler';
  metadata: { tsFiles: number; jsFiles: number; esm: boolean; dependencies: string[] };
  cleanup(): Promise<void>;
}

export async function buildApp(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const appRoot = path.resolve(options.appRoot);
  const manifest = loadManifest(options.manifestPath ?? path.join(appRoot, 'manifest.yml'));
  // The CLI's handler list (`ConfigFile.getAppHandlers`): `<module>.<func>` of every function.
  const handlers = [...manifest.functions.values()].map((f) => ({ module: f.file, func: f.exportName }));
  // getEntryPoints resolves `src/<module>` against process.cwd(); re-root the same names on appRoot.
  const entryPoints = getEntryPoints(handlers).map((ep) => ({
    name: ep.name,
    path: path.join(appRoot, 'src', ep.name),
  }));

  const log = options.log ?? (() => undefined);
  const logger: Logger = {
    traceEnabled: false,
    debugEnabled: false,
    trace: () => undefined,
    debug: (m) => log('debug', m),
    info: (m) => log('info', m),
    warn: (m) => log('warn', m),
    error: (e) => log('warn', e.message),
  };
  // The bundler only reads `app.package` (manual bundler switch); our apps use the default webpack bundler.
  const configReader = {
    readConfig: () => Promise.resolve({ app: { id: manifest.appAri } }),
  } as unknown as ConfigReader;

  // FORGE_RUNTIME_PATH must hold dist/wrapper.js + dist/loader.js. The repo's .gitignore ignores every
  // `dist/`, so the stubs live in ./bundler-stub and are laid out in a temp folder for the build.
  const runtimePath = await mkdtemp(path.join(os.tmpdir(), 'forge-local-runtime-stub-'));
  await mkdir(path.join(runtimePath, 'dist'));
  await cp(path.join(BUNDLER_STUB_PATH, 'wrapper.js'), path.join(runtimePath, 'dist', 'wrapper.js'));
  await cp(path.join(BUNDLER_STUB_PATH, 'loader.js'), path.join(runtimePath, 'dist', 'loader.js'));
  const previousRuntimePath = process.env.FORGE_RUNTIME_PATH;
  process.env.FORGE_RUNTIME_PATH = runtimePath;
  let bundlerOut: string | undefined;
  try {
    // LocalWrapperProvider only calls readFileAsync(path) and treats a falsy result as "not found".
    const fileSystemReader = {
      readFileAsync: (file: string) => readFile(file, 'utf8').catch(() => undefined),
    } as unknown as FileSystemReader;
    const wrapperProvider = getWrapperProvider({ fileSystemReader });
    const bundler = getNodeBundler(logger, wrapperProvider, configReader);
    const out = await bundler.bundle({ appDirectory: appRoot, entryPoints });
    bundlerOut = out.outputDir;
    const outDir = options.outDir ?? (await mkdtemp(path.join(os.tmpdir(), 'forge-local-bundle-')));
    await mkdir(outDir, { recursive: true });
    await cp(out.outputDir, outDir, { recursive: true });
    for (const [name, content] of out.additionalOutputs ?? new Map<string, string | Buffer>()) {
      await mkdir(path.dirname(path.join(outDir, name)), { recursive: true });
      await writeFile(
        path.join(outDir, name),
        typeof content === 'string' ? content : new Uint8Array(content),
      );
    }
    const meta: BundlerMetadata | undefined = out.metadata;
    return {
      outDir,
      files: (await readdir(outDir, { recursive: true })).map(String).sort(),
      durationMs: performance.now() - started,
      bundler: '@forge/bundler',
      metadata: {
        tsFiles: meta?.tsFiles ?? 0,
        jsFiles: meta?.jsFiles ?? 0,
        esm: meta?.esm ?? false,
        dependencies: [...(meta?.dependencies ?? [])].sort(),
      },
      cleanup: () => (options.outDir ? Promise.resolve() : rm(outDir, { recursive: true, force: true })),
    };
  } finally {
    if (previousRuntimePath === undefined) delete process.env.FORGE_RUNTIME_PATH;
    else process.env.FORGE_RUNTIME_PATH = previousRuntimePath;
    await rm(runtimePath, { recursive: true, force: true });
    if (bundlerOut && path.resolve(bundlerOut).startsWith(path.resolve(os.tmpdir()))) {
      await rm(bundlerOut, { recursive: true, force: true });
    }
  }
}
