import { RepoDetectToolchainTool } from './detect-toolchain.tool.js';
import { NODE_PROJECT } from './testing/repo-fixtures.js';
import { createToolWorkspace, type ToolWorkspace } from '#app/testing';

describe('RepoDetectToolchainTool', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
  });
  afterEach(() => ws.cleanup());

  it('should detect the npm toolchain when package.json is at the root', async () => {
    await ws.write(NODE_PROJECT);
    expect((await ws.run(new RepoDetectToolchainTool())).output).toEqual({
      project_type: 'node',
      language: 'node',
      build_system: 'npm',
      test_framework: 'npm-test',
      containerizable: true,
    });
  });
});
