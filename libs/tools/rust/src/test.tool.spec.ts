import { createToolWorkspace, requireProgram, type ToolWorkspace } from '#app/testing';
import { RustTestTool } from './test.tool.js';
import { CARGO_CRATE } from './testing/cargo-crate.fixture.js';

const hasCargo = requireProgram('rust.test', 'cargo');

(hasCargo ? describe : describe.skip)('RustTestTool', () => {
  let ws: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(CARGO_CRATE);
  });
  afterAll(() => ws.cleanup());

  it('should run the crate tests with the package filter when a target is given', async () => {
    const result = await ws.run(
      new RustTestTool(),
      { target: 'fixture' },
      { toolName: 'rust.test' },
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: ['cargo', 'test', '--package', 'fixture'],
    });
    expect((result.output as { output: string }).output).toContain('test tests::adds ... ok');
    expect(result.logs).toHaveLength(1);
  }, 90_000);
});
