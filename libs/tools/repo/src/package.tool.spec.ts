import { RepoPackageTool } from './package.tool.js';
import { C_PROJECT } from './testing/repo-fixtures.js';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';

const hasCc = requireProgram('RepoPackageTool on a C program', 'cc');

describe('RepoPackageTool', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
  });
  afterEach(() => ws.cleanup());

  (hasCc ? it : it.skip)(
    'should report the packaging command, summary and artifact_path when the C program compiles',
    async () => {
      await ws.write(C_PROJECT);
      const result = await ws.run(new RepoPackageTool());
      expect(result.error).toBeUndefined();
      expect(result.output).toMatchObject({
        project_type: 'c',
        command: [
          'cc',
          '-std=c11',
          '-O2',
          '-Wall',
          '-Wextra',
          '-o',
          '.workspace-dist/c-app',
          'main.c',
        ],
        exit_code: 0,
        summary: 'packaging succeeded (c)',
        artifact_path: '.workspace-dist/c-app',
      });
      expect(artifactTextOf(result, 'package-output.txt')).toBeDefined();
    },
  );

  (hasCc ? it : it.skip)(
    'should omit artifact_path and answer execution_failed with the output kept when compiling fails',
    async () => {
      await ws.write({ 'main.c': 'int main(void) { return missing; }\n' });
      const result = await ws.run(new RepoPackageTool());
      expect(result.error?.code).toBe('execution_failed');
      expect(result.output).toMatchObject({
        exit_code: 1,
        summary: 'packaging failed with exit code 1 (c)',
      });
      expect(result.output).not.toHaveProperty('artifact_path');
      expect(artifactTextOf(result, 'package-output.txt')).toContain('missing');
      expect(await ws.runtime.stat('.workspace-dist/c-app')).toBeNull();
    },
  );

  it('should refuse with execution_failed when no supported project is found', async () => {
    await ws.write({ 'README.md': 'nothing to package' });
    expect(await appFailureOf(ws.run(new RepoPackageTool()))).toEqual({
      code: 'execution_failed',
      message: 'no supported project found',
    });
  });
});
