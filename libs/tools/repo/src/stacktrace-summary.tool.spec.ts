import { RepoStacktraceSummaryTool } from './stacktrace-summary.tool.js';
import { artifactTextOf, createToolWorkspace, type ToolWorkspace } from '#app/testing';

describe('RepoStacktraceSummaryTool', () => {
  let ws: ToolWorkspace;

  beforeAll(async () => {
    ws = await createToolWorkspace({ prefix: 'repo-tools-' });
  });
  afterAll(() => ws.cleanup());

  it('should summarise provided output with traces cut at max_traces when output is given', async () => {
    const output =
      'panic: one\n\tmain.go:1\npanic: two\n\tmain.go:2\n\tmain.go:3\nTraceback (most recent call last):\n';
    const result = await ws.run(new RepoStacktraceSummaryTool(), {
      output,
      max_traces: 2,
      max_frames: 1,
    });
    expect(result.error).toBeUndefined();
    expect(result.output).toMatchObject({
      source: 'provided_output',
      command: [],
      trace_count: 3,
      stacktraces: [
        { type: 'go_panic', message: 'panic: one', frames: ['main.go:1'], frame_count: 1 },
        { type: 'go_panic', message: 'panic: two', frames: ['main.go:2'], frame_count: 2 },
      ],
      summary: '3 stack traces found',
    });
    expect(result.output).not.toHaveProperty('exit_code');
    expect(JSON.parse(artifactTextOf(result, 'stacktrace-summary.json') ?? '{}')).toEqual(
      result.output,
    );
  });
});
