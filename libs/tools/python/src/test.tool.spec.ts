import {
  appFailureOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';
import { PythonTestTool } from './test.tool.js';
import { PYTHON_PROJECT } from './testing/python-project.fixture.js';

const hasPytest = requireProgram('python.test', 'pytest');

(hasPytest ? describe : describe.skip)('PythonTestTool', () => {
  let ws: ToolWorkspace;
  const tool = new PythonTestTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(PYTHON_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should fail with the result kept when a test fails', async () => {
    const result = await ws.run(tool, { max_fail: 3 }, { toolName: 'python.test' });
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect(result.output).toMatchObject({
      exit_code: 1,
      command: ['pytest', '-q', '--maxfail', '3'],
    });
    expect((result.output as { output: string }).output).toContain(
      'FAILED tests/test_calc.py::test_add_wrong',
    );
  }, 30_000);

  it('should pass when the keyword selects only the passing test of a node-id target', async () => {
    const result = await ws.run(
      tool,
      { target: './tests/test_calc.py::test_add', run_pattern: 'not wrong' },
      { toolName: 'python.test' },
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: [
        'pytest',
        '-q',
        '--maxfail',
        '1',
        'tests/test_calc.py::test_add',
        '-k',
        'not wrong',
      ],
    });
  }, 30_000);

  it('should refuse a run_pattern over 256 characters', async () => {
    expect((await appFailureOf(ws.run(tool, { run_pattern: 'x'.repeat(257) }))).code).toBe(
      'invalid_argument',
    );
  });
});
