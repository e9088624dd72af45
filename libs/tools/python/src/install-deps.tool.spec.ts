import {
  appFailureOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';
import { NO_REQUIREMENTS_DIAGNOSTIC, PythonInstallDepsTool } from './install-deps.tool.js';

const hasPython = requireProgram('python.install_deps', 'python3', ['-m', 'venv', '--help']);

(hasPython ? describe : describe.skip)('PythonInstallDepsTool', () => {
  let ws: ToolWorkspace;
  const tool = new PythonInstallDepsTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
  });
  afterAll(() => ws.cleanup());

  it('should refuse use_venv false', async () => {
    expect(await appFailureOf(ws.run(tool, { use_venv: false }))).toEqual({
      code: 'invalid_argument',
      message: 'use_venv must be true',
    });
  });

  it('should answer not_found without creating the virtualenv when a given file is missing', async () => {
    expect(await appFailureOf(ws.run(tool, { requirements_file: 'missing.txt' }))).toEqual({
      code: 'not_found',
      message: 'path not found: missing.txt',
    });
    expect(await ws.runtime.stat('.workspace-venv')).toBeNull();
  });

  it('should create the virtualenv and skip dependencies when there is no requirements file', async () => {
    const result = await ws.run(tool, {}, { toolName: 'python.install_deps' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      diagnostics: [NO_REQUIREMENTS_DIAGNOSTIC],
    });
    expect(await ws.runtime.stat('.workspace-venv/pyvenv.cfg')).not.toBeNull();
    expect(result.logs).toHaveLength(1);
  }, 60_000);

  it('should pip install an empty requirements.txt with constraints offline into the existing virtualenv', async () => {
    await ws.write({ 'requirements.txt': '', 'constraints.txt': '' });
    const result = await ws.run(
      tool,
      { constraints_file: 'constraints.txt' },
      { toolName: 'python.install_deps' },
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: [
        '.workspace-venv/bin/python',
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '-r',
        'requirements.txt',
        '-c',
        'constraints.txt',
      ],
    });
    // The virtualenv existed: only pip ran.
    expect(result.logs).toHaveLength(1);
    expect(result.artifacts?.[0]?.name).toBe('python-install_deps-output.txt');
  }, 60_000);
});
