/**
 * esbuild bundles the preview serves:
 * - the preview client (host page + panel renderer, local/preview/renderer), built once, with the ADS
 *   `*.compiled.css` files collected by esbuild's css loader into one stylesheet per entry;
 * - the app's UI Kit resource, built from the path manifest.yml names (as Forge's NativeUIBundler does),
 *   incrementally: every request for it rebuilds what changed, so editing the panel and reloading shows it.
 */
import path from 'node:path';
import * as esbuild from 'esbuild';

export interface ClientAssets {
  'host.js': string;
  'host.css': string;
  'panel.js': string;
  'panel.css': string;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

const common = (nodeEnv: string): esbuild.BuildOptions => ({
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv), global: 'globalThis' },
  loader: {
    '.css': 'css',
    '.svg': 'dataurl',
    '.png': 'dataurl',
    '.woff': 'dataurl',
    '.woff2': 'dataurl',
  },
  nodePaths: [path.join(REPO_ROOT, 'node_modules')],
  logLevel: 'silent',
  legalComments: 'none',
});

export async function buildClientAssets(options: { minify?: boolean } = {}): Promise<ClientAssets> {
  const outdir = path.join(REPO_ROOT, 'test-output', 'preview-client');
  const result = await esbuild.build({
    ...common('production'),
    entryPoints: {
      host: path.join(__dirname, 'renderer', 'host.tsx'),
      panel: path.join(__dirname, 'renderer', 'panel.tsx'),
    },
    outdir,
    minify: options.minify ?? true,
  });
  const assets: Partial<ClientAssets> = {};
  for (const file of result.outputFiles ?? []) {
    const name = path.relative(outdir, file.path) as keyof ClientAssets;
    if (name === 'host.js' || name === 'host.css' || name === 'panel.js' || name === 'panel.css')
      assets[name] = file.text;
  }
  for (const name of ['host.js', 'host.css', 'panel.js', 'panel.css'] as const)
    if (assets[name] === undefined) assets[name] = name.endsWith('.css') ? '' : 'throw new Error("missing")';
  return assets as ClientAssets;
}

export interface AppBundler {
  /** The resource bundle as of now (rebuilt incrementally). Rejects with esbuild's messages on errors. */
  get(): Promise<string>;
  dispose(): Promise<void>;
}

/** Bundles one UI Kit resource entry (e.g. src/frontend/index.tsx) for the browser, like Forge does. */
export async function createAppBundler(entryFile: string): Promise<AppBundler> {
  const context = await esbuild.context({
    ...common('production'),
    entryPoints: [entryFile],
    outfile: path.join(REPO_ROOT, 'test-output', 'preview-app', `${path.basename(entryFile)}.js`),
    sourcemap: 'inline',
  });
  let chain: Promise<unknown> = Promise.resolve();
  return {
    get() {
      const run = chain.then(async () => {
        const result = await context.rebuild();
        const js = result.outputFiles?.find((f) => f.path.endsWith('.js'));
        if (!js) throw new Error(`esbuild produced no JavaScript for ${entryFile}`);
        return js.text;
      });
      chain = run.catch(() => undefined);
      return run;
    },
    dispose: () => context.dispose(),
  };
}

export const formatBuildError = (error: unknown): string => {
  if (error && typeof error === 'object' && 'errors' in error && Array.isArray(error.errors)) {
    return (error.errors as esbuild.Message[])
      .map(
        (m) => `${m.location ? `${m.location.file}:${m.location.line}:${m.location.column} ` : ''}${m.text}`,
      )
      .join('\n');
  }
  return error instanceof Error ? error.message : String(error);
};
