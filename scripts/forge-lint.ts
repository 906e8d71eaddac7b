/**
 * `forge lint` without a login (forge-offline.md §6, style.md rule 41): the client-side linters of the
 * @forge/lint library against manifest.yml and every source file under src/, with the official OpenAPI specs
 * from ../shared/specs instead of a download. Fails (exit 1) on ANY error, warning or approval request.
 *
 *   npx tsx scripts/forge-lint.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type * as LintLibrary from '@forge/lint';

const root = path.resolve(__dirname, '..');
const specs = path.resolve(root, '..', 'shared', 'specs');
const stubs = path.join(__dirname, 'forge-lint-specs');

const swagger = {
  LOCAL_JIRA_SWAGGER: path.join(specs, 'jira-platform.v3.json'),
  LOCAL_JSM_SWAGGER: path.join(specs, 'jsm.v3.json'),
  LOCAL_JSW_SWAGGER: path.join(stubs, 'jira-software.stub.json'),
  LOCAL_CONF_SWAGGER: path.join(specs, 'confluence.v1.json'),
  LOCAL_CONF_V2_SWAGGER: path.join(specs, 'confluence.v2.json'),
  LOCAL_BB_SWAGGER: path.join(stubs, 'bitbucket.stub.json'),
};

const listSources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSources(full);
    return /\.(ts|tsx|js|jsx)$/.test(entry.name) ? [path.relative(root, full)] : [];
  });

const main = async (): Promise<number> => {
  for (const [name, file] of Object.entries(swagger)) {
    if (!fs.existsSync(file)) {
      console.error(`forge-lint: ${name} file missing: ${file}`);
      return 2;
    }
    process.env[name] = file;
  }
  process.env.USE_LOCAL_SWAGGER = '1';
  // The permission linter caches specs under the user's config dir; keep that out of the real HOME.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-lint-home-'));
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = path.join(home, '.config');
  process.chdir(root); // @forge/lint reads tsconfig.json and resolves handler files from the cwd

  try {
    // Loaded only now: @forge/cli-shared resolves its config paths from HOME when first required.
    const lintLib: typeof LintLibrary = await import('@forge/lint');
    const manifest = parseYaml(fs.readFileSync(path.join(root, 'manifest.yml'), 'utf8')) as Parameters<
      typeof lintLib.lint
    >[1];
    const files = listSources(path.join(root, 'src'));
    const logger = { info: (message: string) => console.log(message) };
    const statsig = { getDeprecatedRuntimes: () => Promise.resolve([]) } as unknown as Parameters<
      typeof lintLib.lint
    >[4];

    const results = await lintLib.lint(files, manifest, 'development', logger, statsig, {
      linter: { mode: 'client-side' },
    });
    lintLib.reportLintResults(logger, results);
    const count = lintLib.problemCount(results);
    const problems = count.errors + count.warnings + count.approvals;
    console.log(
      `forge-lint: ${files.length} files, ${count.errors} errors, ${count.warnings} warnings, ${count.approvals} approvals`,
    );
    return problems === 0 ? 0 : 1;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('forge-lint: crashed:', error);
    process.exit(2);
  },
);
