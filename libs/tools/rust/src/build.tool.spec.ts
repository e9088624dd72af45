import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';
import { RustBuildTool } from './build.tool.js';
import { CARGO_CRATE } from './testing/cargo-crate.fixture.js';

const hasCargo = requireProgram('rust.build', 'cargo');

(hasCargo ? describe : describe.skip)('RustBuildTool', () => {
  let ws: ToolWorkspace;
  const tool = new RustBuildTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(CARGO_CRATE);
  });
  afterAll(() => ws.cleanup());

  it('should build the crate offline and attach the cargo output', async () => {
    const result = await ws.run(tool, {}, { toolName: 'rust.build' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      command: ['cargo', 'build'],
      summary: 'rust build succeeded',
    });
    expect(artifactTextOf(result, 'rust-build-output.txt')).toContain('Compiling fixture');
    expect(await ws.runtime.stat('target/debug')).not.toBeNull();
  }, 90_000);

  it('should fail with the result kept when the package does not exist', async () => {
    const result = await ws.run(
      tool,
      { target: 'missing', release: true },
      { toolName: 'rust.build' },
    );
    expect(result.output).toMatchObject({
      command: ['cargo', 'build', '--package', 'missing', '--release'],
    });
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect((result.output as { diagnostics: string[] }).diagnostics[0]).toMatch(/error/);
  }, 90_000);

  it('should refuse a target that looks like a flag', async () => {
    expect(await appFailureOf(ws.run(tool, { target: '-Zunstable-options' }))).toEqual({
      code: 'invalid_argument',
      message: 'target must not start with "-"',
    });
  });
});
