import { RepoBuildTool } from './build.tool.js';
import { C_PROJECT } from './testing/repo-fixtures.js';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';

const hasCc = requireProgram('RepoBuildTool on a C program', 'cc');

describe('RepoBuildTool', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
  });
  afterEach(() => ws.cleanup());

  (hasCc ? it : it.skip)(
    'should compile the requested source and keep the compiler output in build-output.txt when it fails',
    async () => {
      await ws.write({ ...C_PROJECT, 'broken.c': 'int main(void) { return nowhere; }\n' });
      const result = await ws.run(new RepoBuildTool(), { target: 'broken.c' });
      expect(result.error).toEqual({
        code: 'execution_failed',
        message: expect.stringMatching(/^command failed: /),
        retryable: false,
      });
      expect(result.exit_code).toBe(1);
      expect(result.output).toMatchObject({
        project_type: 'c',
        command: [
          'cc',
          '-std=c11',
          '-O2',
          '-Wall',
          '-Wextra',
          '-o',
          '.workspace-c-build',
          'broken.c',
        ],
        exit_code: 1,
        summary: 'build failed with exit code 1 (c)',
      });
      const output = (result.output as { output: string }).output;
      expect(output).toContain('nowhere');
      expect(artifactTextOf(result, 'build-output.txt')).toBe(output);
      expect(result.logs?.length).toBe(1);
    },
  );

  (hasCc ? it : it.skip)(
    'should refuse extra_args for a C project because it accepts none',
    async () => {
      await ws.write(C_PROJECT);
      expect(await appFailureOf(ws.run(new RepoBuildTool(), { extra_args: ['-O3'] }))).toEqual({
        code: 'invalid_argument',
        message: 'extra_args item not allowed: -O3',
      });
      expect(await ws.runtime.stat('.workspace-c-build')).toBeNull();
    },
  );

  it('should refuse with execution_failed when no supported project is found', async () => {
    await ws.write({ 'README.md': 'nothing to build' });
    expect(await appFailureOf(ws.run(new RepoBuildTool()))).toEqual({
      code: 'execution_failed',
      message: 'no supported project found',
    });
  });
});
