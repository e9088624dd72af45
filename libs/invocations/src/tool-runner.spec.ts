import { JsonLogger } from '#app/observability';
import type { ToolContext, ToolResult } from '#app/tool-registry';
import type { InvocationContext } from './invocation-context.js';
import { ToolRunner } from './tool-runner.js';

/** A context with what the runner reads: the deadline and a handler that waits for its signal. */
function waitingContext(seen: { signal?: AbortSignal }): InvocationContext {
  const handler = {
    execute: async ({ signal }: ToolContext): Promise<ToolResult> => {
      seen.signal = signal;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
      return { output: { late: true }, exit_code: 143 };
    },
  };
  return {
    invocationId: 'inv-0123456789abcdef',
    toolName: 'fixture.wait',
    tool: { handler },
    capability: { constraints: { timeout_seconds: 60 } },
    session: { id: 'session-0123456789abcdef' },
    toolArgs: {},
    approved: false,
  } as unknown as InvocationContext;
}

describe('ToolRunner cancellation errors (API.md 6 E2, 5.18)', () => {
  const runner = new ToolRunner(new JsonLogger('error', () => undefined));

  it.each([
    ['cancelled', { code: 'cancelled', message: 'invocation cancelled', retryable: false }],
    ['session_closed', { code: 'execution_failed', message: 'session closed', retryable: false }],
    [
      'shutdown',
      { code: 'timeout', message: 'invocation cancelled: service shutting down', retryable: true },
    ],
  ])('should record the %s abort reason as its own error, at once', async (reason, error) => {
    const seen: { signal?: AbortSignal } = {};
    const controller = new AbortController();
    const running = runner.run(waitingContext(seen), controller);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.signal?.aborted).toBe(false);

    controller.abort(reason);
    const outcome = await running;

    expect(outcome.error).toEqual(error);
    expect(seen.signal?.reason).toBe(reason);
    await outcome.handlerSettled;
  });

  it('should decide a cancel already requested before the handler starts the same way', async () => {
    const controller = new AbortController();
    controller.abort('cancelled');
    const outcome = await runner.run(waitingContext({}), controller);
    expect(outcome.error).toEqual({
      code: 'cancelled',
      message: 'invocation cancelled',
      retryable: false,
    });
  });
});
