// The built artifact: @forge/bundler (offline, stub runtime wrapper) bundles the fixture app, and the same
// scenario run against the source handlers and against the bundle gives identical results.
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type BuildResult } from '../../../local/forge-runtime';
import { FIXTURE_ROOT, runScenario, startHarness } from './scenario';

jest.setTimeout(120_000);

describe('local Forge runtime: source vs @forge/bundler bundle', () => {
  let build: BuildResult;
  const forgeTempDirs = (): string[] =>
    readdirSync(os.tmpdir()).filter((d) => /^forge-(dist|local-runtime-stub)-/.test(d));
  let tempDirsBefore: string[];

  beforeAll(async () => {
    tempDirsBefore = forgeTempDirs();
    build = await buildApp({ appRoot: FIXTURE_ROOT });
  });
  afterAll(async () => {
    await build.cleanup();
    expect(existsSync(build.outDir)).toBe(false);
  });

  it('bundles every handler module with the real bundler and cleans its temp dirs', () => {
    expect(build.bundler).toBe('@forge/bundler');
    expect(build.files).toEqual(
      expect.arrayContaining(['index.cjs', '__forge__.cjs', '__forge_wrapper__.cjs', 'runtime.json']),
    );
    expect(build.metadata.dependencies).toEqual([
      '@forge/api',
      '@forge/events',
      '@forge/kvs',
      '@forge/resolver',
    ]);
    expect(forgeTempDirs().filter((d) => !tempDirsBefore.includes(d))).toEqual([]);
  });

  it('runs the same scenario from source and from the bundle with identical results', async () => {
    const source = await startHarness({ handlerModule: 'source' });
    expect(source.runtime.handlerFile('worker-fn')).toBe(path.join(FIXTURE_ROOT, 'src', 'index.ts'));
    const fromSource = await runScenario(source).finally(() => source.close());
    const bundled = await startHarness({ handlerModule: 'bundle', bundleDir: build.outDir });
    expect(bundled.runtime.handlerFile('worker-fn')).toBe(path.join(build.outDir, 'index.cjs'));
    const fromBundle = await runScenario(bundled).finally(() => bundled.close());

    expect(fromBundle).toEqual(fromSource);
    // Guard against two equally broken runs: the scenario did real work.
    expect(fromBundle.userRecord).toEqual({
      displayName: 'User u-1',
      status: 200,
      eventType: 'avi:jira:created:user',
      selfGenerated: false,
    });
    expect(fromBundle.claim2).toMatchObject({ ok: false, error: { code: 'CONDITIONAL_CHECK_FAILED' } });
    expect(fromBundle.ticks).toBe(2);
  });
});
