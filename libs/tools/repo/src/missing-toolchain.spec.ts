import { BuildTool } from './build.tool.js';
import { DetectProjectTypeTool } from './detect-project-type.tool.js';
import { TestFailuresSummaryTool } from './test-failures-summary.tool.js';
import { TestTool } from './test.tool.js';
import {
  createRepoWorkspace,
  failureOf,
  type RepoWorkspace,
} from './testing/repo-workspace.fixture.js';

describe('repo tools without a usable toolchain', () => {
  let ws: RepoWorkspace;

  beforeEach(async () => {
    ws = await createRepoWorkspace(['gradle']);
  });
  afterEach(() => ws.cleanup());

  it('should answer execution_failed naming the missing program when the toolchain is not installed', async () => {
    await ws.write({ 'build.gradle': '' });
    const result = await ws.run(new BuildTool());
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
    const summary = await ws.run(new TestFailuresSummaryTool());
    expect(summary.error?.message).toBe('command not available: gradle');
  });

  it('should refuse an unknown project with no supported project found', async () => {
    await ws.write({ 'README.md': 'nothing to build' });
    expect((await ws.run(new DetectProjectTypeTool())).output).toEqual({
      project_type: 'unknown',
      flavor: '',
    });
    expect(await failureOf(ws.run(new TestTool()))).toEqual({
      code: 'execution_failed',
      message: 'no supported project found',
    });
  });
});
