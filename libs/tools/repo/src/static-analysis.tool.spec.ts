import { RepoStaticAnalysisTool } from './static-analysis.tool.js';
import { C_PROJECT, NODE_PROJECT } from './testing/repo-fixtures.js';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';

const hasCc = requireProgram('RepoStaticAnalysisTool on a C program', 'cc');

describe('RepoStaticAnalysisTool', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
  });
  afterEach(() => ws.cleanup());

  (hasCc ? it : it.skip)(
    'should answer execution_failed with the findings kept as diagnostics when the C source has errors',
    async () => {
      await ws.write({ ...C_PROJECT, 'broken.c': 'int main(void) { return undefined_name; }\n' });
      const result = await ws.run(new RepoStaticAnalysisTool(), { target: 'broken.c' });
      expect(result.error?.code).toBe('execution_failed');
      expect(result.exit_code).toBe(1);
      expect(result.output).toMatchObject({
        project_type: 'c',
        command: ['cc', '-std=c11', '-fsyntax-only', 'broken.c'],
        exit_code: 1,
        summary: 'static analysis failed with exit code 1 (c)',
      });
      expect((result.output as { diagnostics: string[] }).diagnostics.join('\n')).toContain(
        'undefined_name',
      );
      expect(artifactTextOf(result, 'static-analysis-output.txt')).toContain('undefined_name');
    },
  );

  it('should pass the target after -- to the lint script and succeed when npm finds no lint script', async () => {
    await ws.write(NODE_PROJECT);
    const result = await ws.run(new RepoStaticAnalysisTool(), { target: 'src' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      project_type: 'node',
      command: ['npm', 'run', 'lint', '--if-present', '--', 'src'],
      exit_code: 0,
      summary: 'static analysis succeeded (node)',
      diagnostics: [],
    });
    expect(artifactTextOf(result, 'static-analysis-output.txt')).toBeDefined();
  });

  it('should refuse a target starting with a dash before running anything', async () => {
    await ws.write(NODE_PROJECT);
    expect(await appFailureOf(ws.run(new RepoStaticAnalysisTool(), { target: '-rf' }))).toEqual({
      code: 'invalid_argument',
      message: 'target must not start with "-"',
    });
  });
});
