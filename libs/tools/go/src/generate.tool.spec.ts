import {
  appFailureOf,
  createToolWorkspace,
  requireProgram,
  type ToolWorkspace,
} from '#app/testing';
import { GoGenerateTool } from './generate.tool.js';
import { GO_MODULE } from './testing/go-module.fixture.js';

const hasGo = requireProgram('go.generate', 'go', ['version']);

(hasGo ? describe : describe.skip)('GoGenerateTool', () => {
  let ws: ToolWorkspace;
  const tool = new GoGenerateTool();

  beforeAll(async () => {
    ws = await createToolWorkspace();
    await ws.write({
      ...GO_MODULE,
      'gen.go': 'package main\n\n//go:generate touch generated.txt\n',
    });
  });
  afterAll(() => ws.cleanup());

  it('should run the generate directives of the default ./... target', async () => {
    const result = await ws.run(tool, {}, { toolName: 'go.generate' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({ exit_code: 0, command: ['go', 'generate', './...'] });
    expect(await ws.runtime.stat('generated.txt')).not.toBeNull();
  }, 60_000);

  it('should fail with the result kept when a directive fails', async () => {
    await ws.write({ 'bad/bad.go': 'package bad\n\n//go:generate false\n' });
    const result = await ws.run(tool, { target: './bad' }, { toolName: 'go.generate' });
    expect(result.error).toMatchObject({ code: 'execution_failed' });
    expect(result.output).toMatchObject({ command: ['go', 'generate', './bad'] });
    expect(await appFailureOf(ws.run(tool, { target: '-x' }))).toMatchObject({
      code: 'invalid_argument',
    });
  }, 60_000);
});
