import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';
import { GoTestTool } from './test.tool.js';
import { FAILING_TEST, GO_MODULE } from './testing/go-module.fixture.js';

const hasGo = requireProgram('go.test', 'go', ['version']);

(hasGo ? describe : describe.skip)('GoTestTool', () => {
  let ws: ToolWorkspace;
  const tool = new GoTestTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write({ ...GO_MODULE, ...FAILING_TEST });
  });
  afterAll(() => ws.cleanup());

  it('should report coverage and remove the profile when the selected tests pass', async () => {
    const result = await ws.run(
      tool,
      { coverage: true, run_pattern: '^TestAdd$' },
      { toolName: 'go.test' },
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: [
        'go',
        'test',
        './...',
        '-run',
        '^TestAdd$',
        '-coverprofile',
        '.workspace.cover.out',
        '-covermode=atomic',
      ],
      coverage_percent: expect.any(Number),
      summary: 'go test succeeded',
    });
    expect(result.logs).toHaveLength(2);
    expect(artifactTextOf(result, 'go-test-output.txt')).toContain('total:');
    expect(await ws.runtime.stat('.workspace.cover.out')).toBeNull();
  }, 60_000);

  it('should fail with the result kept when a test fails', async () => {
    const result = await ws.run(tool, {}, { toolName: 'go.test' });
    expect(result.error).toMatchObject({ code: 'execution_failed', retryable: false });
    expect(result.output).toMatchObject({
      exit_code: 1,
      summary: 'go test failed with exit code 1',
    });
    expect((result.output as { output: string }).output).toContain('--- FAIL: TestWrong');
    expect(result.output).not.toHaveProperty('coverage_percent');
  }, 60_000);

  it('should refuse a run_pattern longer than 512 characters or a package that looks like a flag', async () => {
    expect((await appFailureOf(ws.run(tool, { run_pattern: 'x'.repeat(513) }))).code).toBe(
      'invalid_argument',
    );
    expect(await appFailureOf(ws.run(tool, { package: '-exec=sh' }))).toEqual({
      code: 'invalid_argument',
      message: 'package must not start with "-"',
    });
  });
});
