import { createToolWorkspace, requireProgram, type ToolWorkspace } from '#app/testing';
import { RustFormatTool } from './format.tool.js';
import { CARGO_CRATE, UNTIDY_LIB } from './testing/cargo-crate.fixture.js';

const hasRustfmt = requireProgram('rust.format', 'cargo', ['fmt', '--version']);

(hasRustfmt ? describe : describe.skip)('RustFormatTool', () => {
  let ws: ToolWorkspace;
  const tool = new RustFormatTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write({ ...CARGO_CRATE, 'src/lib.rs': UNTIDY_LIB });
  });
  afterAll(() => ws.cleanup());

  it('should report the needed change without touching the file when checking (the default)', async () => {
    const result = await ws.run(tool, {}, { toolName: 'rust.format' });
    expect(result.output).toMatchObject({
      command: ['cargo', 'fmt', '--', '--check'],
      exit_code: 1,
    });
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect(await ws.read('src/lib.rs')).toBe(UNTIDY_LIB);
  }, 60_000);

  it('should rewrite the file when check is false, after which the check passes', async () => {
    const rewrite = await ws.run(tool, { check: false }, { toolName: 'rust.format' });
    expect(rewrite.error).toBeUndefined();
    expect(rewrite.output).toMatchObject({ command: ['cargo', 'fmt'], exit_code: 0 });
    expect(await ws.read('src/lib.rs')).toContain('return a + b;');
    expect(
      (await ws.run(tool, { check: true }, { toolName: 'rust.format' })).error,
    ).toBeUndefined();
  }, 60_000);
});
