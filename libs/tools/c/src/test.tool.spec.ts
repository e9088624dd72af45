import { createToolWorkspace, requireProgram, type ToolWorkspace } from '#app/testing';
import { CTestTool } from './test.tool.js';
import { C_PROGRAM } from './testing/c-program.fixture.js';

const hasCc = requireProgram('c.test', 'cc');

(hasCc ? describe : describe.skip)('CTestTool', () => {
  let ws: ToolWorkspace;
  const tool = new CTestTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(C_PROGRAM);
  });
  afterAll(() => ws.cleanup());

  it('should compile the preferred test file and run it', async () => {
    const result = await ws.run(tool, {}, { toolName: 'c.test' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: ['./c-test'],
      compiled_binary_path: 'c-test',
    });
    expect((result.output as { output: string }).output).toContain('all tests passed');
    expect(result.logs).toHaveLength(2);
  }, 30_000);

  it('should report the run exit code as execution_failed when the test program fails', async () => {
    const result = await ws.run(
      tool,
      { source: 'tests/failing_test.c', standard: 'c17' },
      { toolName: 'c.test' },
    );
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect(result.output).toMatchObject({
      exit_code: 3,
      summary: 'c test failed with exit code 3',
    });
  }, 30_000);

  it('should only compile when run is false', async () => {
    const result = await ws.run(
      tool,
      { run: false, output_name: 'only-built' },
      { toolName: 'c.test' },
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: [
        'cc',
        '-std=c11',
        '-O0',
        '-g',
        '-Wall',
        '-Wextra',
        '-o',
        'only-built',
        'tests/calc_test.c',
      ],
    });
    expect(result.logs).toHaveLength(1);
  }, 30_000);
});
