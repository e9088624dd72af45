import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';
import { CBuildTool } from './build.tool.js';
import { C_PROGRAM } from './testing/c-program.fixture.js';

const hasCc = requireProgram('c.build', 'cc');

(hasCc ? describe : describe.skip)('CBuildTool', () => {
  let ws: ToolWorkspace;
  const tool = new CBuildTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(C_PROGRAM);
  });
  afterAll(() => ws.cleanup());

  it('should compile main.c into c-app with the default standard', async () => {
    const result = await ws.run(tool, {}, { toolName: 'c.build' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      compiled_binary_path: 'c-app',
      command: ['cc', '-std=c11', '-O2', '-Wall', '-Wextra', '-o', 'c-app', 'main.c'],
    });
    expect(await ws.runtime.stat('c-app')).toMatchObject({ type: 'file' });
    expect(artifactTextOf(result, 'c-build-output.txt')).toBe('');
  }, 30_000);

  it('should keep the compiler diagnostics when the source does not compile', async () => {
    await ws.write({ 'src/bad.c': 'int main(void) { return missing; }\n' });
    const result = await ws.run(
      tool,
      { source: 'src/bad.c', standard: 'c99', output_name: 'bad' },
      { toolName: 'c.build' },
    );
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect((result.output as { diagnostics: string[] }).diagnostics.join('\n')).toContain('error');
    expect(result.output).not.toHaveProperty('compiled_binary_path');
  }, 30_000);

  it('should refuse a source that is not a .c file or an output_name with a slash', async () => {
    expect(await appFailureOf(ws.run(tool, { source: 'main.h' }))).toEqual({
      code: 'invalid_argument',
      message: 'source must be a .c file',
    });
    expect((await appFailureOf(ws.run(tool, { output_name: 'bin/app' }))).code).toBe(
      'invalid_argument',
    );
  });
});
