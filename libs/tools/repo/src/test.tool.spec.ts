import { RepoTestTool } from './test.tool.js';
import { C_PROJECT } from './testing/repo-fixtures.js';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';

const hasCc = requireProgram('RepoTestTool on a C program', 'cc');

const FAILING_TEST =
  '#include <stdio.h>\n\nint main(void) {\n  printf("check failed\\n");\n  return 3;\n}\n';

describe('RepoTestTool', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
  });
  afterEach(() => ws.cleanup());

  (hasCc ? it : it.skip)(
    'should answer execution_failed with the test program exit code and its output kept when the C test fails',
    async () => {
      await ws.write({ ...C_PROJECT, 'tests/calc_test.c': FAILING_TEST });
      const result = await ws.run(new RepoTestTool());
      expect(result.error).toEqual({
        code: 'execution_failed',
        message: expect.stringMatching(/^command failed: /),
        retryable: false,
      });
      expect(result.exit_code).toBe(3);
      expect(result.output).toMatchObject({
        project_type: 'c',
        command: ['./.workspace-c-test'],
        exit_code: 3,
        summary: 'tests failed with exit code 3 (c)',
        failed_count: 0,
        failed_tests: [],
      });
      const output = (result.output as { output: string }).output;
      expect(output).toContain('check failed');
      expect(artifactTextOf(result, 'test-output.txt')).toBe(output);
      expect(result.logs).toHaveLength(2);
    },
  );

  (hasCc ? it : it.skip)(
    'should stop at the compile step and report its argv when the test source does not compile',
    async () => {
      await ws.write({
        ...C_PROJECT,
        'tests/calc_test.c': 'int main(void) { return broken_name; }\n',
      });
      const result = await ws.run(new RepoTestTool());
      expect(result.error?.code).toBe('execution_failed');
      expect(result.output).toMatchObject({
        command: [
          'cc',
          '-std=c11',
          '-O0',
          '-g',
          '-Wall',
          '-Wextra',
          '-o',
          '.workspace-c-test',
          'tests/calc_test.c',
        ],
        exit_code: 1,
      });
      expect((result.output as { diagnostics: string[] }).diagnostics.join('\n')).toContain(
        'broken_name',
      );
      expect(result.logs).toHaveLength(1);
    },
  );

  (hasCc ? it : it.skip)(
    'should refuse extra_args for a C project because it accepts none',
    async () => {
      await ws.write(C_PROJECT);
      expect(await appFailureOf(ws.run(new RepoTestTool(), { extra_args: ['-v'] }))).toEqual({
        code: 'invalid_argument',
        message: 'extra_args item not allowed: -v',
      });
    },
  );
});
