import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';
import { NodeBuildTool } from './build.tool.js';
import { NODE_PROJECT } from './testing/node-project.fixture.js';

const hasNpm = requireProgram('node.build', 'npm');

(hasNpm ? describe : describe.skip)('NodeBuildTool', () => {
  let ws: ToolWorkspace;
  const tool = new NodeBuildTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write({ ...NODE_PROJECT, 'src/index.js': '' });
  });
  afterAll(() => ws.cleanup());

  it('should run the build script with the resolved target after --', async () => {
    const result = await ws.run(tool, { target: './src/' }, { toolName: 'node.build' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: ['npm', 'run', 'build', '--if-present', '--', 'src'],
    });
    expect(await ws.read('built.txt')).toBe('src');
    expect(artifactTextOf(result, 'node-build-output.txt')).toContain('node build.js src');
  }, 60_000);

  it('should refuse a target that escapes the workspace', async () => {
    expect(await appFailureOf(ws.run(tool, { target: '../outside' }))).toEqual({
      code: 'policy_denied',
      message: 'path escapes workspace',
    });
  });
});
