import { RepoBuildTool } from './build.tool.js';
import { RepoPackageTool } from './package.tool.js';
import { RepoStaticAnalysisTool } from './static-analysis.tool.js';
import { RepoTestTool } from './test.tool.js';
import { RepoValidateTool } from './validate.tool.js';
import { C_PROJECT } from './testing/repo-fixtures.js';
import {
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';

const hasCc = requireProgram('repo tools on a C program', 'cc');

(hasCc ? describe : describe.skip)('repo tools on a C program', () => {
  let ws: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
    await ws.write(C_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should compile main.c into .workspace-c-build when building', async () => {
    const result = await ws.run(new RepoBuildTool());
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      project_type: 'c',
      command: ['cc', '-std=c11', '-O2', '-Wall', '-Wextra', '-o', '.workspace-c-build', 'main.c'],
      exit_code: 0,
      summary: 'build succeeded (c)',
    });
    expect(await ws.runtime.stat('.workspace-c-build')).not.toBeNull();
  });

  it('should compile the test source and run it with one log line per program when testing', async () => {
    const result = await ws.run(new RepoTestTool());
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({ command: ['./.workspace-c-test'], exit_code: 0 });
    expect((result.output as { output: string }).output).toContain('all tests passed');
    expect(result.logs).toHaveLength(2);
  });

  it('should place the binary under .workspace-dist when packaging', async () => {
    const result = await ws.run(new RepoPackageTool());
    expect(result.output).toMatchObject({ artifact_path: '.workspace-dist/c-app', exit_code: 0 });
    expect(await ws.runtime.stat('.workspace-dist/c-app')).not.toBeNull();
  });

  it('should keep compiler diagnostics with execution_failed when the source has errors', async () => {
    await ws.write({ 'broken.c': 'int main(void) { return undefined_name; }\n' });
    const result = await ws.run(new RepoValidateTool(), { target: 'broken.c' });
    expect(result.error?.code).toBe('execution_failed');
    expect(result.output).toMatchObject({
      project_type: 'c',
      language: 'c',
      build_system: 'cc',
      test_framework: 'native',
      command: ['cc', '-std=c11', '-fsyntax-only', 'broken.c'],
    });
    expect((result.output as { diagnostics: string[] }).diagnostics.join('\n')).toContain(
      'undefined_name',
    );
    expect(artifactTextOf(result, 'validate-output.txt')).toContain('error');
    const analysis = await ws.run(new RepoStaticAnalysisTool(), { target: 'broken.c' });
    expect(analysis.error?.code).toBe('execution_failed');
    expect(artifactTextOf(analysis, 'static-analysis-output.txt')).toContain('undefined_name');
  });
});
