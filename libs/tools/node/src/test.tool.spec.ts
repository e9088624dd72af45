import { createToolWorkspace, requireProgram, type ToolWorkspace } from '#app/testing';
import { NodeTestTool } from './test.tool.js';
import { NODE_PROJECT } from './testing/node-project.fixture.js';

const hasNpm = requireProgram('node.test', 'npm');

(hasNpm ? describe : describe.skip)('NodeTestTool', () => {
  let ws: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(NODE_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should run the test script and succeed when the tests pass', async () => {
    const result = await ws.run(new NodeTestTool(), {}, { toolName: 'node.test' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: ['npm', 'run', 'test', '--if-present'],
    });
    expect((result.output as { output: string }).output).toMatch(/pass 1/);
  }, 60_000);
});
