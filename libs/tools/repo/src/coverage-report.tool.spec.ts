import { RepoCoverageReportTool } from './coverage-report.tool.js';
import { GO_MODULE } from './testing/repo-fixtures.js';
import {
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';

const hasGo = requireProgram('RepoCoverageReportTool on a go module', 'go', ['version']);

(hasGo ? describe : describe.skip)('RepoCoverageReportTool on a go module', () => {
  let ws: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
    await ws.write(GO_MODULE);
  });
  afterAll(() => ws.cleanup());

  it('should report the total statement coverage and remove the profile when the tests pass', async () => {
    await ws.write({
      'calc_test.go':
        'package fixture\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal("x")\n\t}\n}\n',
    });
    const result = await ws.run(new RepoCoverageReportTool());
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      project_type: 'go',
      command: [
        'go',
        'test',
        './...',
        '-coverprofile',
        '.workspace.cover.out',
        '-covermode=atomic',
      ],
      coverage_supported: true,
      coverage_percent: 100,
      summary: 'coverage 100%',
    });
    expect(result.logs).toHaveLength(2);
    expect(artifactTextOf(result, 'coverage-report.txt')).toContain('total:');
    expect(await ws.runtime.stat('.workspace.cover.out')).toBeNull();
  }, 60_000);
});
