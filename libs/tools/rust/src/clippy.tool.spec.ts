import { createToolWorkspace, requireProgram, type ToolWorkspace } from '#app/testing';
import { RustClippyTool } from './clippy.tool.js';
import { CARGO_CRATE, UNTIDY_LIB } from './testing/cargo-crate.fixture.js';

const hasClippy = requireProgram('rust.clippy', 'cargo', ['clippy', '--version']);

(hasClippy ? describe : describe.skip)('RustClippyTool', () => {
  let ws: ToolWorkspace;
  const tool = new RustClippyTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write({ ...CARGO_CRATE, 'src/lib.rs': UNTIDY_LIB });
  });
  afterAll(() => ws.cleanup());

  it('should fail on a lint when warnings are denied by default', async () => {
    const result = await ws.run(tool, {}, { toolName: 'rust.clippy' });
    expect(result.output).toMatchObject({
      command: ['cargo', 'clippy', '--all-targets', '--all-features', '--', '-D', 'warnings'],
    });
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect((result.output as { diagnostics: string[] }).diagnostics.join('\n')).toContain(
      'needless_return',
    );
  }, 90_000);

  it('should pass with the lint reported as a warning when deny_warnings is false', async () => {
    const result = await ws.run(tool, { deny_warnings: false }, { toolName: 'rust.clippy' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: ['cargo', 'clippy', '--all-targets', '--all-features'],
    });
    expect((result.output as { output: string }).output).toContain('warning');
  }, 90_000);
});
