import { RepoTestFailuresSummaryTool } from './test-failures-summary.tool.js';
import { GO_MODULE } from './testing/repo-fixtures.js';
import { createToolWorkspace, requireProgram, type ToolWorkspace } from '#app/testing';

const hasGo = requireProgram('repo tools on a go module', 'go', ['version']);

(hasGo ? describe : describe.skip)('repo tools on a go module', () => {
  let ws: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
    await ws.write(GO_MODULE);
  });
  afterAll(() => ws.cleanup());

  it('should list the failing test and package when go test fails', async () => {
    const result = await ws.run(new RepoTestFailuresSummaryTool(), { extra_args: ['-count=1'] });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      project_type: 'go',
      command: ['go', 'test', './...', '-count=1'],
      exit_code: 1,
      failed_tests: [
        { kind: 'go_test', name: 'TestAddWrong' },
        { kind: 'go_package', name: 'example.com/fixture' },
      ],
    });
  }, 60_000);
});
