import { RepoDetectProjectTypeTool } from './detect-project-type.tool.js';
import { NODE_PROJECT } from './testing/repo-fixtures.js';
import { createToolWorkspace, type ToolWorkspace } from '#app/testing';

describe('RepoDetectProjectTypeTool', () => {
  let ws: ToolWorkspace;
  const tool = new RepoDetectProjectTypeTool();

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
  });
  afterEach(() => ws.cleanup());

  it('should detect an npm project when package.json is at the root', async () => {
    await ws.write(NODE_PROJECT);
    expect((await ws.run(tool)).output).toEqual({
      project_type: 'node',
      flavor: 'npm',
    });
  });

  it('should answer unknown, not an error, when no project marker is present', async () => {
    await ws.write({ 'README.md': 'nothing to build' });
    expect((await ws.run(tool)).output).toEqual({
      project_type: 'unknown',
      flavor: '',
    });
  });
});
