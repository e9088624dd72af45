import { createToolWorkspace, requireProgram, type ToolWorkspace } from '#app/testing';
import { NodeTypecheckTool } from './typecheck.tool.js';
import { NODE_PROJECT } from './testing/node-project.fixture.js';

const hasNpm = requireProgram('node.typecheck', 'npm');

(hasNpm ? describe : describe.skip)('NodeTypecheckTool', () => {
  let ws: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(NODE_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should succeed without running anything when the project has no typecheck script', async () => {
    const result = await ws.run(new NodeTypecheckTool(), {}, { toolName: 'node.typecheck' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: ['npm', 'run', 'typecheck', '--if-present'],
    });
    expect(result.artifacts?.map((artifact) => artifact.name)).toEqual([
      'node-typecheck-output.txt',
    ]);
  }, 60_000);
});
