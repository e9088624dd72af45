import {
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';
import { GoModTidyTool } from './mod-tidy.tool.js';
import { GO_MODULE } from './testing/go-module.fixture.js';

const hasGo = requireProgram('go.mod.tidy', 'go', ['version']);

(hasGo ? describe : describe.skip)('GoModTidyTool', () => {
  let ws: ToolWorkspace;
  const tool = new GoModTidyTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(GO_MODULE);
  });
  afterAll(() => ws.cleanup());

  it('should run go mod tidy -v and attach its output when the module needs nothing', async () => {
    const result = await ws.run(tool, {}, { toolName: 'go.mod.tidy' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: ['go', 'mod', 'tidy', '-v'],
      summary: 'go mod tidy succeeded',
    });
    expect(artifactTextOf(result, 'go-mod-tidy-output.txt')).toBeDefined();
    expect(await ws.read('go.mod')).toContain('module example.com/fixture');
  }, 60_000);

  it('should run the -diff form and treat a non-zero exit as execution_failed when check is set', async () => {
    const result = await ws.run(tool, { check: true }, { toolName: 'go.mod.tidy' });
    expect(result.output).toMatchObject({ command: ['go', 'mod', 'tidy', '-diff'] });
    const exitCode = (result.output as { exit_code: number }).exit_code;
    // go < 1.23 has no -diff flag and exits 2; newer toolchains exit 0 on a tidy module.
    expect(result.error?.code).toBe(exitCode === 0 ? undefined : 'execution_failed');
  }, 60_000);
});
