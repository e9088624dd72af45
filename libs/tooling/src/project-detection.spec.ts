import { detectProject, requireKnownProject, toolchainOf } from './project-detection.js';
import { choosePythonInterpreter } from './python-interpreter.js';
import { createToolWorkspace, type ToolWorkspace } from '#app/testing';

// Nothing here is cancelled: the probes run to completion.
const signal = new AbortController().signal;

describe('detectProject', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace();
  });
  afterEach(() => ws.cleanup());

  const detect = () => detectProject(ws.runtime, signal);

  it.each([
    [{ 'go.mod': '', 'package.json': '{}' }, 'go', 'module'],
    [{ 'Cargo.toml': '', 'package.json': '{}' }, 'rust', 'cargo'],
    [{ 'package.json': '{}', 'tsconfig.json': '{}' }, 'node', 'typescript'],
    [{ 'package.json': '{}', 'requirements.txt': '' }, 'node', 'npm'],
    [{ 'pytest.ini': '', 'pom.xml': '' }, 'python', 'pytest'],
    [{ 'requirements.txt': '' }, 'python', 'pytest'],
    [{ pom: '', mvnw: '' }, 'java', 'maven'],
    [{ 'build.gradle.kts': '' }, 'java', 'gradle'],
    [{ 'CMakeLists.txt': '' }, 'c', 'cc'],
    [{ 'a/b/main.c': '' }, 'c', 'cc'],
  ])(
    'should detect %j as %s/%s when the first marker in order matches',
    async (files, type, flavor) => {
      await ws.write(files);
      expect(await detect()).toEqual({ project_type: type, flavor });
    },
  );

  it('should ignore C files too deep or under skipped directories when looking for sources', async () => {
    await ws.write({
      'a/b/c/deep.c': '',
      'node_modules/x.c': '',
      'vendor/y.c': '',
      '.github/z.c': '',
      README: '',
    });
    expect(await detect()).toEqual({ project_type: 'unknown', flavor: '' });
  });

  it('should map each detection to its toolchain row when asked for the toolchain', () => {
    expect(toolchainOf({ project_type: 'node', flavor: 'typescript' })).toEqual({
      language: 'node',
      build_system: 'npm-ts',
      test_framework: 'vitest/jest',
      containerizable: true,
    });
    expect(toolchainOf({ project_type: 'unknown', flavor: '' })).toEqual({
      language: 'unknown',
      build_system: 'unknown',
      test_framework: 'unknown',
      containerizable: false,
    });
  });

  it('should refuse an unknown project naming the purpose when a known type is required', () => {
    expect(() =>
      requireKnownProject({ project_type: 'unknown', flavor: '' }, 'build system'),
    ).toThrow('no supported build system found');
    expect(() => requireKnownProject({ project_type: 'go', flavor: 'module' })).not.toThrow();
  });

  it('should still detect markers when allowed_paths hides the workspace root', async () => {
    const narrow = await createToolWorkspace({ allowedPaths: ['src'] });
    try {
      await narrow.write({ 'go.mod': 'module x\n' });
      expect(await detectProject(narrow.runtime, signal)).toEqual({
        project_type: 'go',
        flavor: 'module',
      });
    } finally {
      await narrow.cleanup();
    }
  });

  it('should detect through shell probes in the workspace when the session is a kubernetes one', async () => {
    const pod = await createToolWorkspace({ kind: 'kubernetes' });
    try {
      await pod.write({
        'lib/x/util.c': '',
        'vendor/skip.c': '',
        '.workspace-venv/bin/python': '',
      });
      expect(await detectProject(pod.runtime, signal)).toEqual({
        project_type: 'c',
        flavor: 'cc',
      });
      expect(await choosePythonInterpreter(pod.runtime)).toEqual({
        python: '.workspace-venv/bin/python',
        pytest: 'pytest',
      });
      await pod.write({ 'pyproject.toml': '' });
      expect(await detectProject(pod.runtime, signal)).toEqual({
        project_type: 'python',
        flavor: 'pytest',
      });
    } finally {
      await pod.cleanup();
    }
  });

  it('should choose the workspace virtualenv when it exists and PATH programs otherwise', async () => {
    expect(await choosePythonInterpreter(ws.runtime)).toEqual({
      python: 'python3',
      pytest: 'pytest',
    });
    await ws.write({ '.workspace-venv/bin/python': '', '.workspace-venv/bin/pytest': '' });
    expect(await choosePythonInterpreter(ws.runtime)).toEqual({
      python: '.workspace-venv/bin/python',
      pytest: '.workspace-venv/bin/pytest',
    });
  });
});
