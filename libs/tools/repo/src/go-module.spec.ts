import { CoverageReportTool } from './coverage-report.tool.js';
import { TestFailuresSummaryTool } from './test-failures-summary.tool.js';
import { GO_MODULE } from './testing/repo-fixtures.js';
import {
  artifactText,
  createRepoWorkspace,
  programWorks,
  skipNotice,
  type RepoWorkspace,
} from './testing/repo-workspace.fixture.js';

const hasGo = programWorks('go', ['version']);
if (!hasGo) {
  skipNotice('repo tools on a go module', 'go');
}

(hasGo ? describe : describe.skip)('repo tools on a go module', () => {
  let ws: RepoWorkspace;

  beforeAll(async () => {
    ws = await createRepoWorkspace();
    await ws.write(GO_MODULE);
  });
  afterAll(() => ws.cleanup());

  it('should list the failing test and package when go test fails', async () => {
    const result = await ws.run(new TestFailuresSummaryTool(), { extra_args: ['-count=1'] });
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

  it('should report the total statement coverage and remove the profile when the tests pass', async () => {
    await ws.write({
      'calc_test.go':
        'package fixture\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal("x")\n\t}\n}\n',
    });
    const result = await ws.run(new CoverageReportTool());
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
    expect(artifactText(result, 'coverage-report.txt')).toContain('total:');
    expect(await ws.runtime.stat('.workspace.cover.out')).toBeNull();
  }, 60_000);
});
