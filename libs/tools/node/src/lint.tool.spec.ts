import { createToolWorkspace, requireProgram, type ToolWorkspace } from '#app/testing';
import { NodeLintTool } from './lint.tool.js';
import { NODE_PROJECT } from './testing/node-project.fixture.js';

const hasNpm = requireProgram('node.lint', 'npm');

(hasNpm ? describe : describe.skip)('NodeLintTool', () => {
  let ws: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(NODE_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should fail with the diagnostics kept when the lint script exits non-zero', async () => {
    const result = await ws.run(
      new NodeLintTool(),
      { target: 'math.test.js' },
      { toolName: 'node.lint' },
    );
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect(result.output).toMatchObject({
      exit_code: 1,
      command: ['npm', 'run', 'lint', '--if-present', '--', 'math.test.js'],
      summary: 'node lint failed with exit code 1',
    });
    expect((result.output as { diagnostics: string[] }).diagnostics).toContain(
      'error: lint found 1 problem in math.test.js',
    );
  }, 60_000);
});
