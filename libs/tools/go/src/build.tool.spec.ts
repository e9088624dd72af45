import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';
import { GoBuildTool } from './build.tool.js';
import { GO_MODULE } from './testing/go-module.fixture.js';

const hasGo = requireProgram('go.build', 'go', ['version']);

(hasGo ? describe : describe.skip)('GoBuildTool', () => {
  let ws: ToolWorkspace;
  const tool = new GoBuildTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write(GO_MODULE);
  });
  afterAll(() => ws.cleanup());

  it('should write the named binary and echo it as compiled_binary_path when the build succeeds', async () => {
    const result = await ws.run(
      tool,
      { output_name: 'app', ldflags: ' -s  -w ' },
      { toolName: 'go.build' },
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      exit_code: 0,
      compiled_binary_path: 'app',
      command: ['go', 'build', '-ldflags', '-s -w', '-o', 'app', '.'],
      summary: 'go build succeeded',
    });
    expect((await stat(join(ws.root, 'app'))).isFile()).toBe(true);
    expect(result.logs).toHaveLength(1);
    expect(artifactTextOf(result, 'go-build-output.txt')).toBe('');
  }, 60_000);

  it.each([['-X main.v=1'], ['-s;rm'], ['-s $(id)']])(
    'should refuse ldflags %j',
    async (ldflags) => {
      expect(await appFailureOf(ws.run(tool, { ldflags }))).toEqual({
        code: 'invalid_argument',
        message: 'ldflags may only contain the tokens -s and -w',
      });
    },
  );

  it.each([['../app'], ['bin/app'], ['a\\b'], ['x'.repeat(121)]])(
    'should refuse output_name %j',
    async (outputName) => {
      expect((await appFailureOf(ws.run(tool, { output_name: outputName }))).code).toBe(
        'invalid_argument',
      );
    },
  );

  it('should refuse a target that looks like a flag', async () => {
    expect(await appFailureOf(ws.run(tool, { target: '-toolexec=x' }))).toEqual({
      code: 'invalid_argument',
      message: 'target must not start with "-"',
    });
  });

  it('should keep the result with diagnostics when compilation fails', async () => {
    await ws.write({
      'broken/broken.go': 'package broken\n\nfunc Broken() int { return undefinedName }\n',
    });
    const result = await ws.run(tool, { target: './broken' }, { toolName: 'go.build' });
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect(result.error?.message).toMatch(/^command failed: .*undefined: undefinedName/s);
    expect(result.output).toMatchObject({
      exit_code: 2,
      summary: 'go build failed with exit code 2',
    });
    expect((result.output as { diagnostics: string[] }).diagnostics.join('\n')).toContain(
      'undefined: undefinedName',
    );
    expect(result.output).not.toHaveProperty('compiled_binary_path');
  }, 60_000);
});
