import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Tool families and sessions see the workspace through its ports only. `npm run lint:boundaries`
// (.dependency-cruiser.cjs) enforces the full layer rules on resolved imports; this test stays as a
// second, dependency-free check of the adapter rule and of what #app/workspace exports.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ADAPTER_DIRS = ['libs/workspace/src/local/', 'libs/workspace/src/kubernetes/'];
const SPECIFIER =
  /(?:^|\n)\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function specifiers(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(SPECIFIER)].map((match) => match[1] ?? match[2] ?? '');
}

/** Test support may build real local sessions through `#app/workspace/testing`; nothing else may. */
function isTestSupport(file: string): boolean {
  return file.endsWith('.spec.ts') || file.includes('/testing/');
}

/** Why `specifier`, imported by `file`, reaches an adapter; `null` when it does not. */
function adapterImport(file: string, specifier: string): string | null {
  const target = specifier.startsWith('.')
    ? relative(ROOT, resolve(ROOT, dirname(file), specifier))
    : specifier;
  if (
    ADAPTER_DIRS.some(
      (dir) => target.startsWith(dir) || target.includes(dir.replace(/^libs\//, '/')),
    )
  ) {
    return 'reaches into a workspace adapter';
  }
  if (specifier === '#app/workspace/testing' && !isTestSupport(file)) {
    return 'uses the test-only adapter entry outside test support';
  }
  return null;
}

describe('adapter imports (ports apart from adapters)', () => {
  it('should find no tool or session file importing a workspace adapter', () => {
    const files = [...sourceFiles('libs/tools'), ...sourceFiles('libs/sessions')];
    expect(files.length).toBeGreaterThan(100);

    const findings = files.flatMap((file) =>
      specifiers(file).flatMap((specifier) => {
        const reason = adapterImport(file, specifier);
        return reason === null ? [] : [`${file}: '${specifier}' ${reason}`];
      }),
    );

    expect(findings).toEqual([]);
  });

  it('should export no adapter from #app/workspace', () => {
    const exported = specifiers('libs/workspace/src/index.ts');

    // SandboxStatus is what /readyz reads about the local sandbox: a status, not an adapter.
    const adapters = exported.filter(
      (path) => /^\.\/(local|kubernetes)\//.test(path) && path !== './local/sandbox-status.js',
    );

    expect(exported).toContain('./workspace.module.js');
    expect(adapters).toEqual([]);
  });

  it('should keep #app/kubernetes free of #app/workspace (the workspace adapter builds on it)', () => {
    const imports = sourceFiles('libs/kubernetes').flatMap((file) =>
      specifiers(file).map((specifier) => `${file}: ${specifier}`),
    );

    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((line) => line.includes('#app/workspace'))).toEqual([]);
  });

  it('should catch an adapter import when one is written', () => {
    expect(
      adapterImport('libs/tools/x/src/a.tool.ts', '../../../workspace/src/kubernetes/pod-exec.js'),
    ).not.toBeNull();
    expect(adapterImport('libs/sessions/src/a.ts', '#app/workspace/testing')).not.toBeNull();
    expect(adapterImport('libs/sessions/src/a.spec.ts', '#app/workspace/testing')).toBeNull();
    expect(adapterImport('libs/tools/x/src/a.tool.ts', '#app/workspace')).toBeNull();
  });
});
