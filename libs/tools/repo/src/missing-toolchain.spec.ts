import { RepoBuildTool } from './build.tool.js';
import { RepoTestFailuresSummaryTool } from './test-failures-summary.tool.js';
import { RepoTestTool } from './test.tool.js';
import { appFailureOf, createToolWorkspace, type ToolWorkspace } from '#app/testing';

describe('repo tools without a usable toolchain', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-', hiddenPrograms: ['gradle'] });
  });
  afterEach(() => ws.cleanup());

  it('should answer execution_failed naming the missing program when the toolchain is not installed', async () => {
    await ws.write({ 'build.gradle': '' });
    const result = await ws.run(new RepoBuildTool());
    expect(result.error).toEqual({
      code: 'execution_failed',
      message: 'command not available: gradle',
      retryable: false,
    });
    expect(result.output).toMatchObject({
      project_type: 'java',
      command: ['gradle', 'build', '-x', 'test'],
      exit_code: -1,
    });
    const summary = await ws.run(new RepoTestFailuresSummaryTool());
    expect(summary.error?.message).toBe('command not available: gradle');
  });

  it('should refuse an unknown project with no supported project found', async () => {
    await ws.write({ 'README.md': 'nothing to build' });
    expect(await appFailureOf(ws.run(new RepoTestTool()))).toEqual({
      code: 'execution_failed',
      message: 'no supported project found',
    });
  });
});
