import { RepoRunTestsTool } from './run-tests.tool.js';
import { RepoValidateTool } from './validate.tool.js';
import { PYTHON_PROJECT } from './testing/repo-fixtures.js';
import {
  appFailureOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';

const hasPytest =
  requireProgram('repo tools on a python project', 'python3', ['-m', 'pytest', '--version']) &&
  requireProgram('repo tools on a python project', 'pytest');

(hasPytest ? describe : describe.skip)('repo tools on a python project', () => {
  let ws: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
    await ws.write(PYTHON_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should byte-compile the sources when validating', async () => {
    const result = await ws.run(new RepoValidateTool());
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      project_type: 'python',
      command: ['python3', '-m', 'compileall', '.'],
      exit_code: 0,
    });
  });

  it('should run pytest and report the failing test with the result kept when one test fails', async () => {
    const result = await ws.run(new RepoRunTestsTool(), { extra_args: ['--maxfail=5'] });
    expect(result.error?.code).toBe('execution_failed');
    expect(result.output).toMatchObject({
      command: ['pytest', '-q', '--maxfail=5'],
      exit_code: 1,
      failed_count: 1,
      failed_tests: [{ kind: 'pytest', name: 'test_calc.py::test_add_wrong' }],
    });
  });

  it('should resolve a python target as a workspace path when it escapes', async () => {
    expect(await appFailureOf(ws.run(new RepoRunTestsTool(), { target: '../outside.py' }))).toEqual(
      {
        code: 'policy_denied',
        message: 'path escapes workspace',
      },
    );
  });
});
