import { RepoValidateTool } from './validate.tool.js';
import { C_PROJECT } from './testing/repo-fixtures.js';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';

const hasCc = requireProgram('RepoValidateTool', 'cc');

describe('RepoValidateTool', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
  });
  afterEach(() => ws.cleanup());

  (hasCc ? it : it.skip)(
    'should syntax-check main.c and report the toolchain without diagnostics when the C program compiles',
    async () => {
      await ws.write(C_PROJECT);
      const result = await ws.run(new RepoValidateTool());
      expect(result.error).toBeUndefined();
      expect(result.exit_code).toBe(0);
      expect(result.output).toMatchObject({
        project_type: 'c',
        language: 'c',
        build_system: 'cc',
        test_framework: 'native',
        command: ['cc', '-std=c11', '-fsyntax-only', 'main.c'],
        exit_code: 0,
        summary: 'validation succeeded (c)',
        diagnostics: [],
      });
      expect(result.output).not.toHaveProperty('containerizable');
      expect(artifactTextOf(result, 'validate-output.txt')).toBe('');
    },
  );

  (hasCc ? it : it.skip)(
    'should keep the output and the diagnostics next to execution_failed when the target does not compile',
    async () => {
      await ws.write({ ...C_PROJECT, 'broken.c': 'int main(void) { return missing_symbol; }\n' });
      const result = await ws.run(new RepoValidateTool(), { target: 'broken.c' });
      expect(result.error).toEqual({
        code: 'execution_failed',
        message: expect.stringMatching(/^command failed: /),
        retryable: false,
      });
      expect(result.output).toMatchObject({
        exit_code: 1,
        summary: 'validation failed with exit code 1 (c)',
      });
      const output = (result.output as { output: string }).output;
      expect(output).toContain('missing_symbol');
      expect((result.output as { diagnostics: string[] }).diagnostics.join('\n')).toContain(
        'missing_symbol',
      );
      expect(artifactTextOf(result, 'validate-output.txt')).toBe(output);
    },
  );

  it('should refuse with execution_failed when no supported project is found', async () => {
    await ws.write({ 'notes.txt': 'nothing to validate' });
    expect(await appFailureOf(ws.run(new RepoValidateTool()))).toEqual({
      code: 'execution_failed',
      message: 'no supported project found',
    });
  });
});
