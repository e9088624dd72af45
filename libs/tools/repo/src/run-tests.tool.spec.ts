import { RepoRunTestsTool } from './run-tests.tool.js';
import { NODE_PROJECT } from './testing/repo-fixtures.js';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  type ToolWorkspace,
} from '#app/testing';

const PASSING_PROJECT: Record<string, string> = {
  'package.json': NODE_PROJECT['package.json'] ?? '',
  'ok.test.js': "const test = require('node:test');\n\ntest('passes', () => {});\n",
};

describe('RepoRunTestsTool', () => {
  let ws: ToolWorkspace;

  beforeEach(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
  });
  afterEach(() => ws.cleanup());

  it('should succeed with no failed tests and report npm test when every node test passes', async () => {
    await ws.write(PASSING_PROJECT);
    const result = await ws.run(new RepoRunTestsTool());
    expect(result.error).toBeUndefined();
    expect(result.exit_code).toBe(0);
    expect(result.output).toMatchObject({
      project_type: 'node',
      command: ['npm', 'test'],
      exit_code: 0,
      summary: 'tests succeeded (node)',
      failed_count: 0,
      failed_tests: [],
    });
    expect(artifactTextOf(result, 'test-output.txt')).toContain('passes');
  });

  it('should pass the target to the test script after -- when a target is given', async () => {
    await ws.write(PASSING_PROJECT);
    const result = await ws.run(new RepoRunTestsTool(), { target: 'ok.test.js' });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      command: ['npm', 'test', '--', 'ok.test.js'],
      exit_code: 0,
    });
  });

  it('should refuse with execution_failed when no supported project is found', async () => {
    await ws.write({ 'README.md': 'no tests here' });
    expect(await appFailureOf(ws.run(new RepoRunTestsTool()))).toEqual({
      code: 'execution_failed',
      message: 'no supported project found',
    });
  });
});
