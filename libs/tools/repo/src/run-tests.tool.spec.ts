import { RepoRunTestsTool } from './run-tests.tool.js';
import { NODE_PROJECT } from './testing/repo-fixtures.js';
import {
  appFailureOf,
  artifactTextOf,
  createToolWorkspace,
  openGate,
  recordProgress,
  type ToolWorkspace,
} from '#app/testing';

const PASSING_PROJECT: Record<string, string> = {
  'package.json': NODE_PROJECT['package.json'] ?? '',
  'ok.test.js': "const test = require('node:test');\n\ntest('passes', () => {});\n",
};

/** A test script that reports one test, then waits (at most 30 s) for `gate` before the second. */
const SLOW_PROJECT: Record<string, string> = {
  'package.json': JSON.stringify({
    name: 'fixture-slow',
    version: '1.0.0',
    scripts: { test: 'sh progress.sh' },
  }),
  'progress.sh': [
    'echo "ok 1 - first test"',
    'echo "# still running" >&2',
    'i=0',
    'while [ ! -e gate ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done',
    '[ -e gate ] || exit 99',
    'echo "ok 2 - second test"',
    '',
  ].join('\n'),
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

  it('should report test progress lines to the invocation progress while the tests still run', async () => {
    await ws.write(SLOW_PROJECT);
    const progress = recordProgress();
    let settled = false;
    const running = ws.run(new RepoRunTestsTool(), {}, { progress }).finally(() => {
      settled = true;
    });

    await progress.heard('ok 1 - first test');
    await progress.heard('# still running');
    // The test script waits for the gate: the tool cannot have returned yet.
    expect(settled).toBe(false);
    expect(progress.lines.map((line) => line.message)).not.toContain('ok 2 - second test');
    await openGate(`${ws.root}/gate`);
    const result = await running;

    expect(result.error).toBeUndefined();
    expect(progress.lines).toContainEqual({
      at: expect.stringMatching(/Z$/),
      channel: 'stdout',
      message: 'ok 2 - second test',
    });
    expect(progress.lines).toContainEqual({
      at: expect.stringMatching(/Z$/),
      channel: 'stderr',
      message: '# still running',
    });
    // The record keeps one combined line per program run, as before.
    expect(result.logs).toHaveLength(1);
    expect(result.logs?.[0]?.message).toContain('ok 2 - second test');
  });
});
