import { RepoTestFailuresSummaryTool } from './test-failures-summary.tool.js';
import { CARGO_CRATE } from './testing/repo-fixtures.js';
import { createToolWorkspace, requireProgram, type ToolWorkspace } from '#app/testing';

const hasCargo = requireProgram('repo tools on a cargo crate', 'cargo');

(hasCargo ? describe : describe.skip)('repo tools on a cargo crate', () => {
  let ws: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
    await ws.write(CARGO_CRATE);
  });
  afterAll(() => ws.cleanup());

  // One build only: compiling even a tiny crate costs seconds on two cores.
  it('should run cargo test offline and name the failing test when one test fails', async () => {
    const result = await ws.run(new RepoTestFailuresSummaryTool(), { extra_args: ['--offline'] });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      project_type: 'rust',
      command: ['cargo', 'test', '--offline'],
      exit_code: 101,
      failed_count: 1,
      failed_tests: [{ kind: 'cargo_test', name: 'tests::adds_wrong' }],
    });
  }, 90_000);
});
