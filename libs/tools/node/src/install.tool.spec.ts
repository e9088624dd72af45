import { createToolWorkspace, requireProgram, type ToolWorkspace } from '#app/testing';
import { NodeInstallTool } from './install.tool.js';
import { NODE_PROJECT } from './testing/node-project.fixture.js';

const hasNpm = requireProgram('node.install', 'npm');

(hasNpm ? describe : describe.skip)('NodeInstallTool', () => {
  let ws: ToolWorkspace;
  const tool = new NodeInstallTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(NODE_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should refuse npm ci with the result kept when the project has no lockfile', async () => {
    const result = await ws.run(tool, {}, { toolName: 'node.install' });
    expect(result.output).toMatchObject({ command: ['npm', 'ci', '--ignore-scripts'] });
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect((result.output as { output: string }).output).toMatch(/package-lock/);
  }, 60_000);

  it('should install a project without dependencies offline and write the lockfile with npm install', async () => {
    const result = await ws.run(
      tool,
      { use_ci: false, ignore_scripts: false },
      { toolName: 'node.install' },
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: ['npm', 'install'],
      summary: 'node install succeeded',
    });
    expect(await ws.runtime.stat('package-lock.json')).not.toBeNull();
  }, 60_000);

  it('should then succeed with npm ci now that the lockfile exists', async () => {
    const result = await ws.run(tool, { use_ci: true }, { toolName: 'node.install' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: ['npm', 'ci', '--ignore-scripts'],
    });
  }, 60_000);
});
