import { RunTestsTool } from './run-tests.tool.js';
import { ValidateTool } from './validate.tool.js';
import { PYTHON_PROJECT } from './testing/repo-fixtures.js';
import {
  createRepoWorkspace,
  failureOf,
  programWorks,
  skipNotice,
  type RepoWorkspace,
} from './testing/repo-workspace.fixture.js';

const hasPytest = programWorks('python3', ['-m', 'pytest', '--version']) && programWorks('pytest');
if (!hasPytest) {
  skipNotice('repo tools on a python project', 'pytest');
}

(hasPytest ? describe : describe.skip)('repo tools on a python project', () => {
  let ws: RepoWorkspace;

  beforeAll(async () => {
    ws = await createRepoWorkspace();
    await ws.write(PYTHON_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should byte-compile the sources when validating', async () => {
    const result = await ws.run(new ValidateTool());
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      project_type: 'python',
      command: ['python3', '-m', 'compileall', '.'],
      exit_code: 0,
    });
  });

  it('should run pytest and report the failing test with the result kept when one test fails', async () => {
    const result = await ws.run(new RunTestsTool(), { extra_args: ['--maxfail=5'] });
    expect(result.error?.code).toBe('execution_failed');
    expect(result.output).toMatchObject({
      command: ['pytest', '-q', '--maxfail=5'],
      exit_code: 1,
      failed_count: 1,
      failed_tests: [{ kind: 'pytest', name: 'test_calc.py::test_add_wrong' }],
    });
  });

  it('should resolve a python target as a workspace path when it escapes', async () => {
    expect(await failureOf(ws.run(new RunTestsTool(), { target: '../outside.py' }))).toEqual({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
  });
});
