import {
  appFailureOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';
import { PythonValidateTool } from './validate.tool.js';
import { PYTHON_PROJECT } from './testing/python-project.fixture.js';

const hasPython = requireProgram('python.validate', 'python3');

(hasPython ? describe : describe.skip)('PythonValidateTool', () => {
  let ws: ToolWorkspace;
  const tool = new PythonValidateTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(PYTHON_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should compile the whole workspace with python3 when there is no virtualenv', async () => {
    const result = await ws.run(tool, {}, { toolName: 'python.validate' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: ['python3', '-m', 'compileall', '-q', '.'],
    });
  }, 30_000);

  it('should fail with the syntax error kept when a target does not compile', async () => {
    await ws.write({ 'broken/bad.py': 'def broken(:\n' });
    const result = await ws.run(tool, { target: 'broken' }, { toolName: 'python.validate' });
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect(result.output).toMatchObject({
      command: ['python3', '-m', 'compileall', '-q', 'broken'],
    });
    expect((result.output as { diagnostics: string[] }).diagnostics.join('\n')).toMatch(
      /SyntaxError/,
    );
  }, 30_000);

  it('should refuse a target outside the workspace', async () => {
    expect((await appFailureOf(ws.run(tool, { target: '/etc' }))).code).toBe('policy_denied');
  });
});
