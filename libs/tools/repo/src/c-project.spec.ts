import { BuildTool } from './build.tool.js';
import { PackageTool } from './package.tool.js';
import { StaticAnalysisTool } from './static-analysis.tool.js';
import { TestTool } from './test.tool.js';
import { ValidateTool } from './validate.tool.js';
import { C_PROJECT } from './testing/repo-fixtures.js';
import {
  artifactText,
  createRepoWorkspace,
  programWorks,
  skipNotice,
  type RepoWorkspace,
} from './testing/repo-workspace.fixture.js';

const hasCc = programWorks('cc');
if (!hasCc) {
  skipNotice('repo tools on a C program', 'cc');
}

(hasCc ? describe : describe.skip)('repo tools on a C program', () => {
  let ws: RepoWorkspace;

  beforeAll(async () => {
    ws = await createRepoWorkspace();
    await ws.write(C_PROJECT);
  });
  afterAll(() => ws.cleanup());

  it('should compile main.c into .workspace-c-build when building', async () => {
    const result = await ws.run(new BuildTool());
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
    const result = await ws.run(new TestTool());
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({ command: ['./.workspace-c-test'], exit_code: 0 });
    expect((result.output as { output: string }).output).toContain('all tests passed');
    expect(result.logs).toHaveLength(2);
  });

  it('should place the binary under .workspace-dist when packaging', async () => {
    const result = await ws.run(new PackageTool());
    expect(result.output).toMatchObject({ artifact_path: '.workspace-dist/c-app', exit_code: 0 });
    expect(await ws.runtime.stat('.workspace-dist/c-app')).not.toBeNull();
  });

  it('should keep compiler diagnostics with execution_failed when the source has errors', async () => {
    await ws.write({ 'broken.c': 'int main(void) { return undefined_name; }\n' });
    const result = await ws.run(new ValidateTool(), { target: 'broken.c' });
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
    expect(artifactText(result, 'validate-output.txt')).toContain('error');
    const analysis = await ws.run(new StaticAnalysisTool(), { target: 'broken.c' });
    expect(analysis.error?.code).toBe('execution_failed');
    expect(artifactText(analysis, 'static-analysis-output.txt')).toContain('undefined_name');
  });
});
