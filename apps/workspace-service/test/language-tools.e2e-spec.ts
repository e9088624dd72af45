import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startTestApp, type TestApp } from './support/test-app.js';

// CATALOG.md 7 and 8 through the HTTP API, with the bubblewrap sandbox required (the suite's
// sandbox test below checks it was usable): one tool per language family, quality.gate and a small ci.run_pipeline.
const PROJECTS: Record<string, Record<string, string>> = {
  go: {
    'go.mod': 'module example.com/e2e\n\ngo 1.19\n',
    'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hi") }\n',
  },
  rust: {
    'Cargo.toml': '[package]\nname = "e2e"\nversion = "0.1.0"\nedition = "2021"\n',
    'src/lib.rs': 'pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n',
  },
  node: {
    'package.json': JSON.stringify({
      name: 'e2e',
      version: '1.0.0',
      scripts: { test: 'node --test' },
    }),
    'a.test.js': "require('node:test')('ok', () => {});\n",
  },
  python: { 'requirements.txt': '', 'pkg/mod.py': 'def f():\n    return 1\n' },
  c: {
    'main.c': '#include <stdio.h>\nint main(void) { printf("hi\\n"); return 0; }\n',
    'tests/unit_test.c':
      '#include <stdio.h>\nint main(void) { printf("1 test failed\\n"); return 4; }\n',
  },
};

const works = (program: string, args: string[]): boolean =>
  spawnSync(program, args, { stdio: 'ignore' }).status === 0;
const toolchains: Record<string, boolean> = {
  go: works('go', ['version']),
  // The sandbox shows toolchains only from /usr, /opt and the like: a rustup install in the
  // service's home (~/.cargo, ~/.rustup) is invisible inside (docs/SANDBOX.md), so it counts as absent.
  rust:
    works('cargo', ['fmt', '--version']) &&
    !/^\/(root|home)\//.test(
      spawnSync('sh', ['-c', 'command -v cargo'], { encoding: 'utf8' }).stdout,
    ),
  node: works('npm', ['--version']),
  python: works('python3', ['--version']),
  c: works('cc', ['--version']),
};
for (const [family, present] of Object.entries(toolchains)) {
  if (!present) {
    console.warn(
      `\n!!! SKIPPED: ${family}.* over HTTP — its toolchain is not installed on this host !!!\n`,
    );
  }
}

describe('language, quality and ci tools over HTTP', () => {
  let t: TestApp;
  let sources: string;
  const sessions: Record<string, string> = {};

  beforeAll(async () => {
    sources = mkdtempSync(join(tmpdir(), 'lang-e2e-sources-'));
    for (const [family, files] of Object.entries(PROJECTS)) {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(sources, family, path)), { recursive: true });
        writeFileSync(join(sources, family, path), content);
      }
    }
    t = await startTestApp({
      WORKSPACE_SOURCE_REPO_ALLOWLIST: sources,
      WORKSPACE_LOCAL_SANDBOX: 'required',
    });
    for (const family of Object.keys(PROJECTS)) {
      const created = await t.request('POST', '/v1/sessions', {
        body: {
          principal: { tenant_id: 'demo', actor_id: 'alice', roles: ['developer'] },
          source_repo_path: join(sources, family),
        },
      });
      expect(created.status).toBe(201);
      sessions[family] = created.body.session.id;
    }
  }, 30_000);
  afterAll(async () => {
    await t.close();
    rmSync(sources, { recursive: true, force: true });
  });

  const invoke = (family: string, tool: string, args: Record<string, unknown> = {}) =>
    t.request('POST', `/v1/sessions/${sessions[family]}/tools/${tool}/invoke`, { body: { args } });
  const when = (family: string) => (toolchains[family] ? it : it.skip);

  it('should list the twenty language, quality and ci tools in the catalog', async () => {
    const response = await t.request('GET', `/v1/sessions/${sessions['go']}/tools`);
    const names = (response.body.tools as Array<{ name: string }>)
      .map((tool) => tool.name)
      .filter((name) => /^(go|rust|node|python|c|quality|ci)\./.test(name));
    expect(names).toHaveLength(20);
  });

  when('go')(
    'should build a go binary and record its artifact',
    async () => {
      const response = await invoke('go', 'go.build', { output_name: 'app' });
      expect(response.status).toBe(200);
      expect(response.body.invocation).toMatchObject({
        status: 'succeeded',
        output: {
          exit_code: 0,
          compiled_binary_path: 'app',
          command: ['go', 'build', '-o', 'app', '.'],
        },
      });
      expect(
        response.body.invocation.artifacts.map((artifact: { name: string }) => artifact.name),
      ).toContain('go-build-output.txt');
    },
    60_000,
  );

  when('rust')(
    'should check rust formatting',
    async () => {
      const response = await invoke('rust', 'rust.format');
      expect(response.status).toBe(200);
      expect(response.body.invocation.output).toMatchObject({
        exit_code: 0,
        command: ['cargo', 'fmt', '--', '--check'],
      });
    },
    60_000,
  );

  when('node')(
    'should run the node test script',
    async () => {
      const response = await invoke('node', 'node.test');
      expect(response.status).toBe(200);
      expect(response.body.invocation.output).toMatchObject({
        exit_code: 0,
        command: ['npm', 'run', 'test', '--if-present'],
      });
    },
    60_000,
  );

  when('python')(
    'should refuse python.install_deps without a virtualenv and validate the sources',
    async () => {
      const refused = await invoke('python', 'python.install_deps', { use_venv: false });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'invalid_argument',
        message: 'use_venv must be true',
      });
      const escaped = await invoke('python', 'python.validate', { target: '../elsewhere' });
      expect(escaped.status).toBe(403);
      const response = await invoke('python', 'python.validate', { target: 'pkg' });
      expect(response.status).toBe(200);
      expect(response.body.invocation.output).toMatchObject({
        exit_code: 0,
        command: ['python3', '-m', 'compileall', '-q', 'pkg'],
      });
    },
    60_000,
  );

  when('c')(
    'should answer 500 execution_failed with the run kept when the C test program fails',
    async () => {
      const response = await invoke('c', 'c.test');
      expect(response.status).toBe(500);
      expect(response.body.error.code).toBe('execution_failed');
      expect(response.body.invocation.output).toMatchObject({
        exit_code: 4,
        command: ['./c-test'],
      });
    },
    60_000,
  );

  it('should evaluate quality.gate as a normal result even when it fails', async () => {
    const response = await invoke('go', 'quality.gate', {
      metrics: { coverage_percent: '55.5' },
      min_coverage_percent: 80,
    });
    expect(response.status).toBe(200);
    expect(response.body.invocation).toMatchObject({
      status: 'succeeded',
      output: {
        status: 'fail',
        passed: false,
        exit_code: 1,
        summary: 'quality gate failed (1/2 rules)',
      },
    });
    const bad = await invoke('go', 'quality.gate', { metrics: { coverage_percent: 'lots' } });
    expect(bad.status).toBe(400);
  });

  when('c')(
    'should run a small pipeline that stops at the failing C test',
    async () => {
      const response = await invoke('c', 'ci.run_pipeline', { include_static_analysis: false });
      expect(response.status).toBe(500);
      expect(response.body.error).toMatchObject({
        code: 'execution_failed',
        message: 'pipeline step failed: test',
      });
      expect(response.body.invocation.output).toMatchObject({
        project_type: 'c',
        failed_step: 'test',
        steps: [
          { name: 'validate', status: 'succeeded' },
          { name: 'build', status: 'succeeded' },
          { name: 'test', status: 'failed', exit_code: 4 },
        ],
      });
      const names = response.body.invocation.artifacts.map(
        (artifact: { name: string }) => artifact.name,
      );
      expect(names).toContain('ci-pipeline-output.txt');
      expect(names).not.toContain('quality-gate-report.json');
    },
    60_000,
  );

  it('should report the sandbox in /readyz (ok when bwrap works here)', async () => {
    const usable = works('bwrap', [
      '--ro-bind',
      '/',
      '/',
      '--unshare-all',
      '--die-with-parent',
      '--',
      'true',
    ]);
    const ready = await t.request('GET', '/readyz');
    expect(ready.body.checks.sandbox).toMatch(usable ? /^ok/ : /^unavailable: /);
  });
});
